/**
 * Operators where feelin and feel-scala (Zeebe's FEEL) disagree, evaluated feel-scala's way:
 * - `<`, `<=`, `>`, `>=` compare values of one kind only (numbers, strings, dates, date-times,
 *   times, durations of one category); anything else, e.g. a string variable `"10"` against `5`, is
 *   `null`, not JavaScript's coercion (`"10" > 5` would be true);
 * - `*` and `/` also scale a duration by a number (`duration("P1D") * 3`, `duration("PT1H") / 2`)
 *   and divide a duration by one of its category (a number).
 * - DMN input entries (`< 5`, `[1..10]`) test the input the same way: a string input never
 *   matches a number range.
 * The FEEL text is rewritten once (per text) so that these operators call the functions below;
 * everything else stays with feelin.
 */
import { evaluate, parseExpression, parseUnaryTests, FeelDate, FeelDateTime, FeelDuration, FeelFunction, FeelTime, duration } from 'feelin';
import { camundaFunctions } from './camunda-functions.js';

type Parse = typeof parseExpression;

const COMPARISONS: Record<string, string> = { '<': '__feel_lt', '<=': '__feel_le', '>': '__feel_gt', '>=': '__feel_ge' };
const ARITHMETIC: Record<string, string> = { '*': '__feel_mul', '/': '__feel_div' };

/** the text with the operators above turned into calls (the same text when it has none) */
export function rewriteOperators(text: string, parse: Parse = parseExpression): string {
  if (!/[<>*/]|\.\./.test(text)) return text;
  const key = `${parse === parseUnaryTests ? 'u' : 'e'}:${text}`;
  let rewritten = cache.get(key);
  if (rewritten === undefined) {
    rewritten = rewrite(text, parse);
    if (cache.size >= 10_000) cache.clear();
    cache.set(key, rewritten);
  }
  return rewritten;
}

const cache = new Map<string, string>();

interface Node {
  name: string;
  from: number;
  to: number;
  children: Node[];
}

function rewrite(text: string, parse: Parse): string {
  const root: Node = { name: 'root', from: 0, to: text.length, children: [] };
  const stack: Node[] = [root];
  let broken = false;
  // multi-word function names must be known to the parser: `get or else(a, 0) * b` would
  // otherwise read as a disjunction of `get` and `else(a, 0) * b`
  parse(text, parserNames(), undefined).iterate({
    enter(n) {
      if (n.type.isError) broken = true;
      const node: Node = { name: n.type.name, from: n.from, to: n.to, children: [] };
      stack[stack.length - 1]!.children.push(node);
      stack.push(node);
      return undefined;
    },
    leave() {
      stack.pop();
    },
  });
  // a text that does not parse is left as it is: its evaluation reports the syntax error
  return broken ? text : render(text, root, parse === parseUnaryTests);
}

let names: Record<string, unknown> | undefined;
function parserNames(): Record<string, unknown> {
  names ??= { ...camundaFunctions({}), ...OPERATOR_FUNCTIONS };
  return names;
}

/**
 * a node's text with its children rendered, and a binary operator of interest as a call; in unary
 * tests (DMN input entries) also `< 5` and `[1..10]`, which test the input value `?`
 */
function render(text: string, node: Node, unary = false): string {
  if (unary && node.name === 'SimplePositiveUnaryTest') {
    const [first, second] = node.children;
    if (node.children.length === 2 && first?.name === 'CompareOp' && second && COMPARISONS[text.slice(first.from, first.to)]) {
      return `__feel_true(${COMPARISONS[text.slice(first.from, first.to)]}(?, (${render(text, second, unary)})))`;
    }
    const interval = first?.name === 'Interval' && node.children.length === 1 ? first.children : undefined;
    if (interval?.length === 5) {
      const [open, start, , end, close] = interval as [Node, Node, Node, Node, Node];
      const startIncluded = text.slice(open.from, open.to) === '[';
      const endIncluded = text.slice(close.from, close.to) === ']';
      return `__feel_true(__feel_between(?, (${render(text, start, unary)}), (${render(text, end, unary)}), ${startIncluded}, ${endIncluded}))`;
    }
  }
  const [left, op, right] = node.children;
  if (node.children.length === 3 && left && op && right) {
    const operator = text.slice(op.from, op.to);
    const fn =
      node.name === 'Comparison' && op.name === 'CompareOp' ? COMPARISONS[operator]
      : node.name === 'ArithmeticExpression' && op.name === 'ArithOp' ? ARITHMETIC[operator]
      : undefined;
    if (fn) return `${fn}((${render(text, left, unary)}), (${render(text, right, unary)}))`;
  }
  let out = '';
  let at = node.from;
  for (const [i, child] of node.children.entries()) {
    let rendered = render(text, child, unary);
    // feelin tells a filter (`list[item > 1]`) from an index by the expression's kind: a call
    // would read as an index, a comparison keeps it a filter (null and false both drop the item)
    if (node.name === 'FilterExpression' && i === 2 && child.name === 'Comparison' && rendered !== text.slice(child.from, child.to)) {
      rendered = `(${rendered}) = true`;
    }
    out += text.slice(at, child.from) + rendered;
    at = child.to;
  }
  return out + text.slice(at, node.to);
}

/** the kind two values must share to be ordered, or undefined */
function orderKind(a: unknown, b: unknown): string | undefined {
  const kind = (v: unknown) =>
    typeof v === 'number' ? 'number'
    : typeof v === 'string' ? 'string'
    : v instanceof FeelDate ? 'date'
    : v instanceof FeelDateTime ? 'date time'
    : v instanceof FeelTime ? 'time'
    : v instanceof FeelDuration ? (v.yearsMonths ? 'ym duration' : 'dt duration')
    : undefined;
  const ka = kind(a);
  return ka !== undefined && ka === kind(b) ? ka : undefined;
}

function compare(op: '<' | '<=' | '>' | '>=') {
  return (a: unknown, b: unknown): boolean | null => {
    const kind = orderKind(a, b);
    if (kind === undefined) return null;
    if (kind === 'number' || kind === 'string') {
      const [x, y] = [a as number | string, b as number | string];
      return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
    }
    // temporal values: feelin orders them correctly once the kinds agree
    const result = evaluate(`a ${op} b`, { a, b }).value;
    return typeof result === 'boolean' ? result : null;
  };
}

/** `[a..b]`, `(a..b)` … of a DMN input entry: null unless the value and both ends are of one kind */
function between(value: unknown, start: unknown, end: unknown, startIncluded: unknown, endIncluded: unknown): boolean | null {
  const low = compare(startIncluded === true ? '>=' : '>')(value, start);
  const high = compare(endIncluded === true ? '<=' : '<')(value, end);
  return low === null || high === null ? null : low && high;
}

/** days-time durations in seconds, years-months durations in months */
function amount(d: FeelDuration): number {
  return d.yearsMonths ? d.years * 12 + d.months : ((d.days * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds;
}

function durationOf(value: number, yearsMonths: boolean): FeelDuration | null {
  if (!Number.isFinite(value)) return null;
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  if (yearsMonths) return duration(`${sign}P${Math.trunc(abs)}M`);
  const seconds = Math.round(abs * 1000) / 1000;
  return duration(`${sign}PT${seconds}S`);
}

function multiply(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (a instanceof FeelDuration && typeof b === 'number') return durationOf(amount(a) * b, a.yearsMonths);
  if (typeof a === 'number' && b instanceof FeelDuration) return durationOf(amount(b) * a, b.yearsMonths);
  return null;
}

function divide(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return b === 0 ? null : a / b;
  if (a instanceof FeelDuration && typeof b === 'number') return b === 0 ? null : durationOf(amount(a) / b, a.yearsMonths);
  if (a instanceof FeelDuration && b instanceof FeelDuration && a.yearsMonths === b.yearsMonths) {
    return amount(b) === 0 ? null : amount(a) / amount(b);
  }
  return null;
}

const fn = (body: (a: unknown, b: unknown) => unknown) => new FeelFunction(body as (...args: unknown[]) => unknown, ['a', 'b']);

/** the functions the rewritten text calls (context entries of every evaluation) */
export const OPERATOR_FUNCTIONS: Record<string, FeelFunction> = {
  __feel_lt: fn(compare('<')),
  __feel_le: fn(compare('<=')),
  __feel_gt: fn(compare('>')),
  __feel_ge: fn(compare('>=')),
  __feel_mul: fn(multiply),
  __feel_div: fn(divide),
  // a unary test whose expression is not a boolean compares it with the input (null = null would
  // match a missing input): the rewritten tests are strictly true or false
  __feel_true: new FeelFunction(((value: unknown) => value === true) as (...args: unknown[]) => unknown, ['value']),
  __feel_between: new FeelFunction(between as (...args: unknown[]) => unknown, ['value', 'start', 'end', 'startIncluded', 'endIncluded']),
};
