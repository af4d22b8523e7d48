/**
 * Deployed decisions and their evaluation (Zeebe's DecisionBehavior): finding the latest
 * version of a decision by id, or a decision by key; evaluating it in its decision requirements
 * graph (parsed once per engine); and the DECISION_EVALUATION record (EVALUATED or FAILED) that
 * every evaluation writes, with each decision evaluated on the way.
 */
import type { DecisionEvaluationResult, Variables } from '../../engine-api.js';
import { evaluateDecision } from '../../dmn/decision-evaluator.js';
import type { DecisionEvaluation, ExecutableDecision } from '../../dmn/decision-model.js';
import { parseDmn } from '../../dmn/dmn-parser.js';
import type { DefinitionCache } from '../../state/definition-cache.js';
import type { BatchContext } from '../batch-context.js';

export interface PersistedDecision {
  key: string;
  decisionId: string;
  name: string;
  version: number;
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  tenantId: string;
}

interface DecisionRow {
  key: string;
  decision_id: string;
  name: string | null;
  version: number;
  decision_requirements_key: string;
  decision_requirements_id: string;
  tenant_id: string;
}

const toDecision = (r: DecisionRow): PersistedDecision => ({
  key: String(r.key),
  decisionId: r.decision_id,
  name: r.name ?? '',
  version: r.version,
  decisionRequirementsKey: String(r.decision_requirements_key),
  decisionRequirementsId: r.decision_requirements_id,
  tenantId: r.tenant_id,
});

/** deleted decisions are never found */
export async function findLatestDecision(ctx: BatchContext, decisionId: string, tenantId: string): Promise<PersistedDecision | undefined> {
  const [row] = await ctx.uow.tx.query<DecisionRow>(
    `SELECT * FROM engine.decision WHERE decision_id = $1 AND tenant_id = $2 AND NOT deleted ORDER BY version DESC LIMIT 1`,
    [decisionId, tenantId],
  );
  return row && toDecision(row);
}

/** the version of a decision that the deployment `deploymentKey` brought (binding type `deployment`) */
export async function findDecisionInDeployment(ctx: BatchContext, decisionId: string, tenantId: string, deploymentKey: string): Promise<PersistedDecision | undefined> {
  const [row] = await ctx.uow.tx.query<DecisionRow>(
    `SELECT * FROM engine.decision WHERE decision_id = $1 AND tenant_id = $2 AND deployment_key = $3 AND NOT deleted ORDER BY version DESC LIMIT 1`,
    [decisionId, tenantId, deploymentKey],
  );
  return row && toDecision(row);
}

/** the latest version of a decision with a version tag (binding type `versionTag`) */
export async function findDecisionWithVersionTag(ctx: BatchContext, decisionId: string, tenantId: string, versionTag: string): Promise<PersistedDecision | undefined> {
  const [row] = await ctx.uow.tx.query<DecisionRow>(
    `SELECT * FROM engine.decision WHERE decision_id = $1 AND tenant_id = $2 AND version_tag = $3 AND NOT deleted ORDER BY version DESC LIMIT 1`,
    [decisionId, tenantId, versionTag],
  );
  return row && toDecision(row);
}

export async function findDecisionByKey(ctx: BatchContext, key: string, tenantId: string): Promise<PersistedDecision | undefined> {
  if (!/^\d+$/.test(key)) return undefined;
  const [row] = await ctx.uow.tx.query<DecisionRow>(`SELECT * FROM engine.decision WHERE key = $1 AND tenant_id = $2 AND NOT deleted`, [key, tenantId]);
  return row && toDecision(row);
}

/** parsed decision requirements graphs by key, one cache per engine (keys repeat across databases) */
const graphs = new WeakMap<DefinitionCache, Map<string, ExecutableDecision[]>>();

async function decisionsOfGraph(ctx: BatchContext, decisionRequirementsKey: string): Promise<ExecutableDecision[] | undefined> {
  let cache = graphs.get(ctx.definitions);
  if (!cache) graphs.set(ctx.definitions, (cache = new Map()));
  const cached = cache.get(decisionRequirementsKey);
  if (cached) return cached;
  const [row] = await ctx.uow.tx.query<{ resource_name: string; content: string }>(
    `SELECT d.resource_name, r.content FROM engine.decision_requirements d JOIN engine.resource r ON r.key = d.resource_key WHERE d.key = $1`,
    [decisionRequirementsKey],
  );
  if (!row) return undefined;
  const parsed = await parseDmn(row.content, row.resource_name);
  if (!parsed.ok) throw new Error(`deployed resource '${row.resource_name}' no longer parses: ${parsed.problems[0]?.message}`);
  cache.set(decisionRequirementsKey, parsed.decisions);
  return parsed.decisions;
}

/** where an evaluation happened: a business rule task, or nowhere (EvaluateDecision) */
export interface EvaluationOrigin {
  bpmnProcessId: string;
  processDefinitionKey: string;
  processInstanceKey: string;
  elementId: string;
  elementInstanceKey: string;
}

const NO_ORIGIN: EvaluationOrigin = { bpmnProcessId: '', processDefinitionKey: '-1', processInstanceKey: '-1', elementId: '', elementInstanceKey: '-1' };

export interface Evaluated {
  evaluation: DecisionEvaluation;
  /** the evaluation as the client API describes it (EVALUATED or FAILED alike) */
  result: DecisionEvaluationResult;
}

/** evaluates the decision and writes DECISION_EVALUATION EVALUATED or FAILED */
export async function evaluatePersistedDecision(
  ctx: BatchContext,
  decision: PersistedDecision,
  variables: Variables,
  origin: EvaluationOrigin = NO_ORIGIN,
): Promise<Evaluated> {
  const decisions = await decisionsOfGraph(ctx, decision.decisionRequirementsKey);
  const evaluation: DecisionEvaluation = decisions
    ? evaluateDecision(decisions, decision.decisionId, variables)
    : {
        ok: false,
        message: `Expected to evaluate decision '${decision.decisionId}', but no drg found for id '${decision.decisionRequirementsId}'`,
        failedDecisionId: decision.decisionId,
        evaluatedDecisions: [],
      };
  const siblings = await ctx.uow.tx.query<{ decision_id: string; key: string; version: number }>(
    `SELECT decision_id, key, version FROM engine.decision WHERE decision_requirements_key = $1`,
    [decision.decisionRequirementsKey],
  );
  const byId = new Map(siblings.map((s) => [s.decision_id, { key: String(s.key), version: s.version }]));
  const key = ctx.nextKey();
  const result: DecisionEvaluationResult = {
    decisionEvaluationKey: key,
    decisionKey: decision.key,
    decisionId: decision.decisionId,
    decisionName: decision.name,
    decisionVersion: decision.version,
    decisionRequirementsId: decision.decisionRequirementsId,
    decisionRequirementsKey: decision.decisionRequirementsKey,
    decisionOutput: evaluation.ok ? evaluation.output : null,
    evaluatedDecisions: evaluation.evaluatedDecisions.map((d, i) => ({
      decisionKey: byId.get(d.decisionId)?.key ?? '-1',
      decisionId: d.decisionId,
      decisionName: d.decisionName ?? '',
      decisionVersion: byId.get(d.decisionId)?.version ?? -1,
      decisionType: d.decisionType,
      decisionOutput: d.decisionOutput,
      decisionEvaluationInstanceKey: `${key}-${i + 1}`,
      evaluatedInputs: d.evaluatedInputs,
      matchedRules: d.matchedRules,
      tenantId: decision.tenantId,
    })),
    failedDecisionId: evaluation.ok ? '' : evaluation.failedDecisionId,
    failureMessage: evaluation.ok ? '' : evaluation.message,
    tenantId: decision.tenantId,
  };
  await ctx.writeEvent(key, 'DECISION_EVALUATION', evaluation.ok ? 'EVALUATED' : 'FAILED', recordValue(result, origin));
  return { evaluation, result };
}

/** Zeebe's DecisionEvaluationRecord: outputs and input values as JSON texts */
function recordValue(r: DecisionEvaluationResult, origin: EvaluationOrigin): Record<string, unknown> {
  return {
    decisionKey: r.decisionKey,
    decisionId: r.decisionId,
    decisionName: r.decisionName,
    decisionVersion: r.decisionVersion,
    decisionRequirementsId: r.decisionRequirementsId,
    decisionRequirementsKey: r.decisionRequirementsKey,
    decisionOutput: json(r.decisionOutput),
    variables: {},
    ...origin,
    evaluatedDecisions: r.evaluatedDecisions.map((d) => ({
      ...d,
      decisionOutput: json(d.decisionOutput),
      evaluatedInputs: d.evaluatedInputs.map((input) => ({ ...input, inputValue: json(input.inputValue) })),
      matchedRules: d.matchedRules.map((rule) => ({
        ...rule,
        evaluatedOutputs: rule.evaluatedOutputs.map((output) => ({ ...output, outputValue: json(output.outputValue) })),
      })),
    })),
    evaluationFailureMessage: r.failureMessage,
    failedDecisionId: r.failedDecisionId,
    tenantId: r.tenantId,
  };
}

const json = (value: unknown) => JSON.stringify(value ?? null);
