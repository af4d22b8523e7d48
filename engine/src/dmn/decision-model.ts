/**
 * The executable form of a deployed DMN resource (a decision requirements graph): what
 * `evaluateDecision` reads. Produced by `parseDmn` (dmn-parser.ts); FEEL texts in it are checked
 * to parse. Evaluation records mirror Zeebe's EvaluatedDecision, so the engine can copy them
 * into DECISION_EVALUATION records.
 */
import type { ValidationProblem } from '../model/executable-model.js';

export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';
/** Zeebe's DecisionType names; only these two kinds of decision logic are supported here */
export type DecisionType = 'DECISION_TABLE' | 'LITERAL_EXPRESSION';

export interface DecisionInput {
  id: string;
  label?: string;
  /** FEEL expression whose value the rules' input entries test */
  expression: string;
}

export interface DecisionOutput {
  id: string;
  /** key of this output in a compound result; '' for an unnamed single output */
  name: string;
  label?: string;
  /** `outputValues`, most important first (PRIORITY and OUTPUT ORDER sort by them) */
  priorities: string[];
  /** FEEL expression used when no rule matches */
  defaultOutputEntry?: string;
}

export interface DecisionRule {
  id: string;
  /** 1-based position in the table, as Zeebe's ruleIndex */
  index: number;
  /** FEEL unary tests, one per input; '' and '-' match anything */
  inputEntries: string[];
  /** FEEL expressions, one per output; '' gives null */
  outputEntries: string[];
}

export interface DecisionTable {
  kind: 'DECISION_TABLE';
  hitPolicy: HitPolicy;
  /** only with COLLECT */
  aggregation?: Aggregation;
  inputs: DecisionInput[];
  outputs: DecisionOutput[];
  rules: DecisionRule[];
}

export interface LiteralExpression {
  kind: 'LITERAL_EXPRESSION';
  expression: string;
}

export interface ExecutableDecision {
  id: string;
  name?: string;
  /** `zeebe:versionTag`, for the `versionTag` binding type */
  versionTag?: string;
  /** the name its result has for decisions that require it: its variable's name, else its id */
  resultName: string;
  /** ids of the decisions whose results it needs (information requirements), in model order */
  requiredDecisionIds: string[];
  logic: DecisionTable | LiteralExpression;
}

export type DmnParseResult =
  | {
      ok: true;
      /** the `definitions` id: Zeebe's decisionRequirementsId */
      decisionRequirementsId: string;
      name: string;
      namespace: string;
      decisions: ExecutableDecision[];
    }
  | { ok: false; problems: ValidationProblem[] };

/** JSON values throughout: FEEL dates and durations appear as ISO strings. */
export interface EvaluatedInput {
  inputId: string;
  /** the input's label, else its expression (cut to 30 characters), as Zeebe names it */
  inputName: string;
  inputValue: unknown;
}

export interface EvaluatedOutput {
  outputId: string;
  /** the output's label, else its name, as Zeebe (and the Modeler) names it */
  outputName: string;
  outputValue: unknown;
}

export interface MatchedRule {
  ruleId: string;
  ruleIndex: number;
  evaluatedOutputs: EvaluatedOutput[];
}

export interface EvaluatedDecision {
  decisionId: string;
  decisionName?: string;
  decisionType: DecisionType;
  /** the decision's result; null when it failed */
  decisionOutput: unknown;
  evaluatedInputs: EvaluatedInput[];
  matchedRules: MatchedRule[];
}

export type DecisionEvaluation =
  | { ok: true; output: unknown; evaluatedDecisions: EvaluatedDecision[] }
  | {
      ok: false;
      /** `Expected to evaluate decision '<id>', but <reason>` */
      message: string;
      /** the decision that failed: the last one evaluated, else the one asked for */
      failedDecisionId: string;
      evaluatedDecisions: EvaluatedDecision[];
    };
