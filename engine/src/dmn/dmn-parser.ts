/**
 * DMN XML → executable decisions, checked as Zeebe's deployment checks a DMN resource (with
 * dmn-scala): every FEEL text parses, required decisions exist and form no cycle, and each
 * decision is a decision table or a literal expression. All problems are collected, each on
 * the id of the element it belongs to; messages follow dmn-scala's wording where it has one.
 */
import { DmnModdle, type DmnModdleWarning } from 'dmn-moddle';
import { parseFeel, parseFeelUnaryTests } from '../feel/feel.js';
import type { ValidationProblem } from '../model/executable-model.js';
import type {
  Aggregation,
  DecisionOutput,
  DecisionTable,
  DmnParseResult,
  ExecutableDecision,
  HitPolicy,
  LiteralExpression,
} from './decision-model.js';

interface DmnElement {
  $type: string;
  id?: string;
  name?: string;
  label?: string;
  text?: string;
  expressionLanguage?: string;
  [property: string]: unknown;
}

const HIT_POLICIES: readonly string[] = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'];
const AGGREGATIONS: readonly string[] = ['SUM', 'MIN', 'MAX', 'COUNT'];
const FEEL_LANGUAGES = [
  'feel',
  'http://www.omg.org/spec/feel/20140401',
  'https://www.omg.org/spec/dmn/20191111/feel/',
  'http://www.omg.org/spec/dmn/20180521/feel/',
];
/** Older DMN namespaces, read as DMN 1.3 (the elements the engine uses did not change). */
const OLD_NAMESPACES = [
  'http://www.omg.org/spec/DMN/20151101/dmn.xsd',
  'http://www.omg.org/spec/DMN/20180521/MODEL/',
  'http://www.omg.org/spec/DMN/20191111/MODEL/',
];
const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

class Problems {
  readonly list: ValidationProblem[] = [];
  add(elementId: string | undefined, message: string): void {
    this.list.push({ elementId: elementId ?? '', message });
  }
}

export async function parseDmn(xml: string | Buffer, resourceName: string): Promise<DmnParseResult> {
  let text = (typeof xml === 'string' ? xml : xml.toString('utf8')).replace(/^\uFEFF/, '');
  for (const namespace of OLD_NAMESPACES) text = text.split(`"${namespace}"`).join(`"${DMN13}"`);
  const problems = new Problems();

  let definitions: DmnElement;
  try {
    const result = await new DmnModdle().fromXML(text, 'dmn:Definitions');
    definitions = result.rootElement as DmnElement;
    for (const warning of result.warnings) reportWarning(warning, problems);
  } catch (error) {
    const message = describeSyntaxError(error instanceof Error ? error.message : String(error));
    return { ok: false, problems: [{ elementId: '', message: `Failed to parse DMN '${resourceName}': ${message}` }] };
  }

  const elements = list<DmnElement>(definitions.drgElement).filter((e) => e.$type === 'dmn:Decision');
  if (elements.length === 0) problems.add(definitions.id, 'Expected the DMN resource to contain at least one decision, but none found');
  const decisions = elements.map((decision) => parseDecision(decision, problems));
  checkRequirements(definitions, decisions, problems);

  if (problems.list.length > 0) return { ok: false, problems: problems.list };
  return {
    ok: true,
    decisionRequirementsId: definitions.id ?? '',
    name: definitions.name ?? definitions.id ?? '',
    namespace: typeof definitions.namespace === 'string' ? definitions.namespace : '',
    decisions,
  };
}

/** moddle's `unparsable content … line … column … nested error` as one line (lines count from 1). */
function describeSyntaxError(message: string): string {
  const match = /^unparsable content (.*?) ?detected\n\tline: (\d+)\n\tcolumn: (\d+)\n\tnested error: (.*)$/s.exec(message);
  if (!match) return message;
  const [, content, line, column, nested] = match;
  return `${nested}${content ? ` at ${content}` : ''} (line ${Number(line) + 1}, column ${Number(column) + 1})`;
}

function reportWarning(warning: DmnModdleWarning, problems: Problems): void {
  // unknown elements of other namespaces (vendor extensions, older diagram interchange) are ignored
  if (/unknown type <(?!dmn:)[^>]+>/.test(warning.message)) return;
  problems.add(warning.element?.id, describeSyntaxError(warning.message));
}

function parseDecision(decision: DmnElement, problems: Problems): ExecutableDecision {
  const id = decision.id ?? '';
  if (!id) problems.add('', `Attribute 'id' of decision '${decision.name ?? ''}' must be present and not empty`);
  const variable = decision.variable as DmnElement | undefined;
  const requirements = list<DmnElement>(decision.informationRequirement);
  const requiredDecisionIds = requirements
    .map((requirement) => (requirement.requiredDecision as DmnElement | undefined)?.href)
    .filter((href): href is string => typeof href === 'string')
    .map((href) => href.slice(href.indexOf('#') + 1));

  const logic = decision.decisionLogic as DmnElement | undefined;
  const executable: ExecutableDecision = {
    id,
    resultName: variable?.name ?? id,
    requiredDecisionIds,
    logic:
      logic?.$type === 'dmn:DecisionTable'
        ? parseDecisionTable(logic, problems)
        : logic?.$type === 'dmn:LiteralExpression'
          ? parseLiteralExpression(logic, problems)
          : unsupported(decision, logic, problems),
  };
  if (decision.name) executable.name = decision.name;
  // `<extensionElements><zeebe:versionTag value="…"/>` (Camunda 8's modeler; dmn-moddle keeps it generic)
  const extensions = list<DmnElement>((decision.extensionElements as DmnElement | undefined)?.values);
  const tag = extensions.find((e) => /^zeebe:versionTag$/i.test(e.$type))?.value;
  if (typeof tag === 'string' && tag.trim() !== '') executable.versionTag = tag.trim();
  return executable;
}

function unsupported(decision: DmnElement, logic: DmnElement | undefined, problems: Problems): LiteralExpression {
  const kind = logic ? logic.$type.replace(/^dmn:/, '') : 'none';
  problems.add(decision.id, `unsupported decision expression '${kind}': only decision tables and literal expressions are supported`);
  return { kind: 'LITERAL_EXPRESSION', expression: 'null' };
}

function parseLiteralExpression(expression: DmnElement, problems: Problems): LiteralExpression {
  return { kind: 'LITERAL_EXPRESSION', expression: feelText(expression, problems) };
}

function parseDecisionTable(table: DmnElement, problems: Problems): DecisionTable {
  const hitPolicy = (table.hitPolicy as string | undefined) ?? 'UNIQUE';
  if (!HIT_POLICIES.includes(hitPolicy)) problems.add(table.id, `hit policy '${hitPolicy}' is not supported`);
  const aggregation = table.aggregation as string | undefined;
  if (aggregation !== undefined && !AGGREGATIONS.includes(aggregation)) {
    problems.add(table.id, `aggregation '${aggregation}' is not supported`);
  }

  const inputs = list<DmnElement>(table.input).map((input) => {
    const parsed = { id: input.id ?? '', expression: '' } as DecisionTable['inputs'][number];
    if (input.label) parsed.label = input.label;
    const expression = input.inputExpression as DmnElement | undefined;
    if (!expression) problems.add(input.id, `The expression '${input.id ?? ''}' must not be empty.`);
    else parsed.expression = feelText(expression, problems);
    return parsed;
  });

  const outputElements = list<DmnElement>(table.output);
  if (outputElements.length > 1 && hitPolicy === 'COLLECT' && aggregation !== undefined) {
    problems.add(table.id, "hit policy 'COLLECT' with aggregator is not defined for compound output");
  }
  const outputs = outputElements.map((output) => parseOutput(output, outputElements.length > 1, problems));

  const rules = list<DmnElement>(table.rule).map((rule, i) => {
    const inputEntries = list<DmnElement>(rule.inputEntry);
    const outputEntries = list<DmnElement>(rule.outputEntry);
    if (inputEntries.length !== inputs.length || outputEntries.length !== outputs.length) {
      problems.add(
        rule.id,
        `Expected rule '${rule.id ?? ''}' to have ${inputs.length} input and ${outputs.length} output entries, but found ${inputEntries.length} and ${outputEntries.length}`,
      );
    }
    return {
      id: rule.id ?? '',
      index: i + 1,
      inputEntries: inputEntries.map((entry) => unaryTestsText(entry, problems)),
      outputEntries: outputEntries.map((entry) => feelText(entry, problems, { optional: true })),
    };
  });

  const parsed: DecisionTable = { kind: 'DECISION_TABLE', hitPolicy: hitPolicy as HitPolicy, inputs, outputs, rules };
  if (aggregation !== undefined) parsed.aggregation = aggregation as Aggregation;
  return parsed;
}

function parseOutput(output: DmnElement, compound: boolean, problems: Problems): DecisionOutput {
  if (compound && !output.name) problems.add(output.id, `no output name defined for \`${output.label ?? output.id ?? ''}\``);
  const parsed: DecisionOutput = { id: output.id ?? '', name: output.name ?? '', priorities: [] };
  if (output.label) parsed.label = output.label;
  const values = (output.outputValues as DmnElement | undefined)?.text;
  if (typeof values === 'string' && values.trim() !== '') {
    // the order of the allowed values is the priority order
    parsed.priorities = values.split(',').map((value) => value.trim().replace(/["']/g, ''));
  }
  const fallback = output.defaultOutputEntry as DmnElement | undefined;
  if (fallback) parsed.defaultOutputEntry = feelText(fallback, problems);
  return parsed;
}

/** A FEEL expression element's text, checked to parse. */
function feelText(element: DmnElement, problems: Problems, options: { optional?: boolean } = {}): string {
  const text = typeof element.text === 'string' ? element.text.trim() : undefined;
  if (!checkLanguage(element, problems)) return text ?? '';
  if (text === undefined || text === '') {
    if (!options.optional) problems.add(element.id, `The expression '${element.id ?? ''}' must not be empty.`);
    return '';
  }
  const parsed = parseFeel(text);
  if (!parsed.ok) problems.add(element.id, `FEEL expression: ${parsed.message}`);
  return text;
}

/** An input entry's unary tests, checked to parse; an empty entry matches anything. */
function unaryTestsText(element: DmnElement, problems: Problems): string {
  const text = typeof element.text === 'string' ? element.text.trim() : '';
  if (!checkLanguage(element, problems)) return text;
  const parsed = parseFeelUnaryTests(text);
  if (!parsed.ok) problems.add(element.id, `FEEL unary-tests: ${parsed.message}`);
  return text;
}

function checkLanguage(element: DmnElement, problems: Problems): boolean {
  const language = element.expressionLanguage?.toLowerCase();
  if (language === undefined || FEEL_LANGUAGES.includes(language)) return true;
  problems.add(element.id, `Expression language '${language}' is not supported`);
  return false;
}

/** Every required decision exists in the resource, and none requires itself through others. */
function checkRequirements(definitions: DmnElement, decisions: ExecutableDecision[], problems: Problems): void {
  const byId = new Map(decisions.map((decision) => [decision.id, decision]));
  for (const decision of decisions) {
    for (const required of decision.requiredDecisionIds) {
      if (!byId.has(required)) {
        problems.add(decision.id, `Expected required decision '${required}' of decision '${decision.id}' to exist, but not found`);
      }
    }
  }
  const visiting = new Set<string>();
  const done = new Set<string>();
  const cyclic = (id: string): boolean => {
    if (done.has(id)) return false;
    if (visiting.has(id)) return true;
    visiting.add(id);
    const found = (byId.get(id)?.requiredDecisionIds ?? []).some(cyclic);
    visiting.delete(id);
    done.add(id);
    return found;
  };
  if (decisions.some((decision) => cyclic(decision.id))) {
    problems.add(definitions.id, 'Invalid DMN model: Cyclic dependencies between decisions detected.');
  }
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
