/**
 * FEEL, the way Zeebe 8.8 uses it. The one module that talks to `feelin`.
 *
 * Zeebe semantics kept here:
 * - A reference to a missing variable evaluates to `null` with a warning; the evaluation itself
 *   succeeds. Only a typed evaluation (`evaluateBoolean`, …) turns an unexpected `null` into a
 *   failure, with Zeebe's message and the warnings appended:
 *   `Expected result of the expression 'x' to be 'BOOLEAN', but was 'NULL'. The evaluation
 *   reported the following warnings:\n[NO_VARIABLE_FOUND] No variable found with name 'x'`
 * - Expression text is what follows Zeebe's `=` marker, verbatim (`= x` is the FEEL text ` x`).
 * - Variables and functions are apart, as in feel-scala: a name used as a value is a variable (a
 *   variable `mode` or `count` shadows the built-in, a missing one is `null`), a called name is a
 *   function (`count([1,2])` calls the built-in under a variable `count = 3`).
 * - Ordering compares values of one kind only (`"10" > 5` is `null`, not true), and durations
 *   scale by numbers (`duration("P1D") * 3`), as in feel-scala (feel-operators.ts).
 * - `now()` and `today()` read the engine's clock in the engine's zone (the process's `TZ`, as
 *   Zeebe uses the JVM's default zone; `setFeelZone` sets another).
 * - Results become process variables, so they are made JSON-friendly: FEEL dates, times, date-times
 *   and durations become ISO-8601 strings, functions and ranges become `null`.
 */
import {
  evaluate,
  parseExpression,
  parseUnaryTests,
  unaryTest,
  FeelDate,
  FeelDateTime,
  FeelDuration,
  FeelFunction,
  FeelTime,
} from 'feelin';
import type { Expression } from '../model/executable-model.js';
import { camundaFunctions, type AssertionState } from './camunda-functions.js';
import { OPERATOR_FUNCTIONS, rewriteOperators } from './feel-operators.js';
export { setFeelClock, setFeelZone } from './camunda-functions.js';

export type FeelParseResult = { ok: true } | { ok: false; message: string };

/** A warning as Zeebe prints it: `[TYPE] message`. */
export interface FeelWarning {
  type: string;
  message: string;
}

export type FeelEvaluation =
  | { ok: true; value: unknown; warnings: FeelWarning[] }
  | { ok: false; message: string };

export type TypedEvaluation<T> = { ok: true; value: T } | { ok: false; message: string };

/** Zeebe's ResultType names, as they appear in its failure messages. */
export type FeelResultType =
  | 'NULL'
  | 'BOOLEAN'
  | 'NUMBER'
  | 'STRING'
  | 'ARRAY'
  | 'OBJECT'
  | 'DATE'
  | 'DATE_TIME'
  | 'DURATION'
  | 'PERIOD'
  | 'UNKNOWN';

/**
 * Checks FEEL syntax without evaluating (deployment-time validation). A leading `=` (Zeebe's
 * marker for an expression) is ignored, so both `= x > 5` and `x > 5` may be passed.
 */
export function parseFeel(expression: string): FeelParseResult {
  const text = stripMarker(expression);
  const problem = findSyntaxError(text);
  return problem === undefined
    ? { ok: true }
    : { ok: false, message: `failed to parse expression '${text}': ${problem}` };
}

/**
 * Evaluates FEEL text (a leading `=` is ignored) against the given variables. Fails only for a
 * syntax error or an exception inside the interpreter; missing variables give `null` plus warnings.
 */
export function evaluateFeel(expression: string, context: Record<string, unknown>): FeelEvaluation {
  const raw = evaluateRaw(stripMarker(expression), context);
  return raw.ok ? { ok: true, value: toJsonValue(raw.value), warnings: raw.warnings } : raw;
}

/** Evaluates a model expression: a static value is the string itself, FEEL is evaluated. */
export function evaluateExpression(
  expression: Expression,
  context: Record<string, unknown>,
): FeelEvaluation {
  if (expression.kind === 'static') return { ok: true, value: expression.value, warnings: [] };
  const raw = evaluateRaw(expression.expression, context);
  return raw.ok ? { ok: true, value: toJsonValue(raw.value), warnings: raw.warnings } : raw;
}

/**
 * Checks the syntax of FEEL unary tests (a DMN input entry such as `< 50000`, `[1..10]`,
 * `"a","b"`, `not("a")` or `-`). An empty text is a valid test that matches anything.
 */
export function parseFeelUnaryTests(tests: string): FeelParseResult {
  if (tests.trim() === '') return { ok: true };
  const problem = findSyntaxError(tests, parseUnaryTests);
  return problem === undefined
    ? { ok: true }
    : { ok: false, message: `failed to parse expression '${tests}': ${problem}` };
}

/**
 * Evaluates FEEL unary tests against an input value (bound to `?`) and the given variables. The
 * value is true, false or null (null for a comparison that does not apply, e.g. of a string
 * with a number); an empty text or `-` is true.
 */
export function evaluateUnaryTests(
  tests: string,
  input: unknown,
  context: Record<string, unknown>,
): FeelEvaluation {
  if (tests.trim() === '') return { ok: true, value: true, warnings: [] };
  const syntaxError = findSyntaxError(tests, parseUnaryTests);
  if (syntaxError !== undefined) {
    return { ok: false, message: `failed to parse expression '${tests}': ${syntaxError}` };
  }
  try {
    const shadowed = callBuiltinsUnderVariables(rewriteOperators(tests, parseUnaryTests), camundaFunctions({}), { ...context, '?': input ?? null }, parseUnaryTests);
    const result = unaryTest(shadowed.text, { ...shadowed.context, ...OPERATOR_FUNCTIONS });
    return { ok: true, value: result.value ?? null, warnings: result.warnings.map(toZeebeWarning) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `failed to evaluate expression '${tests}': ${reason}` };
  }
}

/** A string is FEEL text (leading `=` optional); an `Expression` may also be static. */
export type ExpressionInput = string | Expression;

export function evaluateBoolean(
  expression: ExpressionInput,
  context: Record<string, unknown>,
): TypedEvaluation<boolean> {
  return evaluateTyped(expression, context, 'BOOLEAN', (value) => value as boolean);
}

export function evaluateString(
  expression: ExpressionInput,
  context: Record<string, unknown>,
): TypedEvaluation<string> {
  return evaluateTyped(expression, context, 'STRING', (value) => value as string);
}

export function evaluateNumber(
  expression: ExpressionInput,
  context: Record<string, unknown>,
): TypedEvaluation<number> {
  return evaluateTyped(expression, context, 'NUMBER', (value) => Number(value));
}

/** A number without fraction, as Zeebe requires for e.g. job retries. */
export function evaluateInteger(
  expression: ExpressionInput,
  context: Record<string, unknown>,
): TypedEvaluation<number> {
  const result = evaluateNumber(expression, context);
  if (!result.ok || Number.isInteger(result.value)) return result;
  return {
    ok: false,
    message: `Expected result of the expression '${expressionText(expression)}' to be an integer, but was a decimal.`,
  };
}

/** The Zeebe result type of a value as FEEL returns it (or as it came from the variables). */
export function feelResultType(value: unknown): FeelResultType {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'number' || typeof value === 'bigint') return 'NUMBER';
  if (typeof value === 'string') return 'STRING';
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof FeelDate) return 'DATE';
  if (value instanceof FeelDateTime) return 'DATE_TIME';
  if (value instanceof FeelDuration) return value.yearsMonths ? 'PERIOD' : 'DURATION';
  if (isPlainObject(value)) return 'OBJECT';
  return 'UNKNOWN';
}

/** Zeebe's rendering of evaluation warnings, appended to failure messages. */
export function formatWarnings(warnings: FeelWarning[]): string {
  if (warnings.length === 0) return '';
  const lines = warnings.map((w) => `[${w.type}] ${w.message}`).join('\n');
  return ` The evaluation reported the following warnings:\n${lines}`;
}

// ---------------------------------------------------------------------------------------------

type RawEvaluation =
  | { ok: true; value: unknown; warnings: FeelWarning[] }
  | { ok: false; message: string };

function evaluateTyped<T>(
  expression: ExpressionInput,
  context: Record<string, unknown>,
  expected: FeelResultType,
  convert: (value: unknown) => T,
): TypedEvaluation<T> {
  const text = expressionText(expression);
  const raw =
    typeof expression !== 'string' && expression.kind === 'static'
      ? { ok: true as const, value: staticValue(expression.value), warnings: [] }
      : evaluateRaw(text, context);
  if (!raw.ok) return raw;
  const actual = feelResultType(raw.value);
  if (actual !== expected) {
    return {
      ok: false,
      message:
        `Expected result of the expression '${text}' to be '${expected}', but was '${actual}'.` +
        formatWarnings(raw.warnings),
    };
  }
  return { ok: true, value: convert(toJsonValue(raw.value)) };
}

function evaluateRaw(text: string, context: Record<string, unknown>): RawEvaluation {
  const syntaxError = findSyntaxError(text);
  if (syntaxError !== undefined) {
    return { ok: false, message: `failed to parse expression '${text}': ${syntaxError}` };
  }
  const assertion: AssertionState = {};
  try {
    const shadowed = callBuiltinsUnderVariables(rewriteOperators(text), camundaFunctions(assertion), context);
    const result = evaluate(shadowed.text, { ...shadowed.context, ...OPERATOR_FUNCTIONS });
    const warnings = result.warnings.map(toZeebeWarning);
    if (assertion.failure !== undefined) {
      warnings.push({ type: 'ASSERT_FAILURE', message: assertion.failure });
      return {
        ok: false,
        message: `Assertion failure on evaluate the expression '${text}': ${assertion.failure}${formatWarnings(warnings)}`,
      };
    }
    return { ok: true, value: result.value, warnings };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `failed to evaluate expression '${text}': ${reason}` };
  }
}

/**
 * feel-scala keeps variables and functions apart: a name used as a value is a variable (so a
 * variable `count`, `mode` or `date` shadows the built-in function, and a missing one is `null`,
 * not the function), a name that is called is a function, and a variable of that name counts only
 * when it holds a function. feelin has one namespace, in which a variable wins both ways and a
 * missing variable falls back to the built-in. So: a built-in's name used as a value with no such
 * variable is bound to `null`, and calls of a built-in whose name is bound to a non-function are
 * renamed to an alias bound to the built-in (the text is otherwise unchanged).
 */
function callBuiltinsUnderVariables(
  text: string,
  extensions: Record<string, unknown>,
  variables: Record<string, unknown>,
  parse: typeof parseExpression = parseExpression,
): { text: string; context: Record<string, unknown> } {
  const context: Record<string, unknown> = { ...extensions, ...variables };
  const shadowing = Object.keys(variables).filter(
    (name) => !isCallable(variables[name]) && builtinFunction(name, extensions) !== undefined,
  );
  for (const name of valueReferences(text, parse)) {
    if (!Object.hasOwn(variables, name) && builtinFunction(name, extensions) !== undefined) {
      context[name] = null;
      shadowing.push(name);
    }
  }
  if (shadowing.length === 0) return { text, context };
  const replacements: { from: number; to: number; alias: string }[] = [];
  parse(text, context, undefined).iterate({
    enter(node) {
      if (node.type.name !== 'FunctionInvocation') return undefined;
      const callee = node.node.firstChild;
      if (!callee || callee.type.name !== 'VariableName') return undefined;
      const name = text.slice(callee.from, callee.to).replace(/\s+/g, ' ');
      if (!shadowing.includes(name)) return undefined;
      const alias = `__feel_builtin_${replacements.length}`;
      context[alias] = builtinFunction(name, extensions);
      replacements.push({ from: callee.from, to: callee.to, alias });
      return undefined;
    },
  });
  let rewritten = text;
  for (const { from, to, alias } of replacements.reverse()) {
    rewritten = rewritten.slice(0, from) + alias + rewritten.slice(to);
  }
  return { text: rewritten, context };
}

/** per FEEL text: the names it uses as values (not called), parsed once */
const valueReferenceCache = new Map<string, string[]>();

function valueReferences(text: string, parse: typeof parseExpression): string[] {
  const key = `${parse === parseExpression ? 'e' : 'u'}:${text}`;
  let names = valueReferenceCache.get(key);
  if (names === undefined) {
    const found = new Set<string>();
    parse(text, FUNCTION_NAMES, undefined).iterate({
      enter(node) {
        if (node.type.name !== 'VariableName') return undefined;
        const parent = node.node.parent;
        const called = parent?.type.name === 'FunctionInvocation' && parent.firstChild?.from === node.from;
        if (!called) found.add(text.slice(node.from, node.to).replace(/\s+/g, ' '));
        return false;
      },
    });
    names = [...found];
    if (valueReferenceCache.size >= 10_000) valueReferenceCache.clear();
    valueReferenceCache.set(key, names);
  }
  return names;
}

function isCallable(value: unknown): boolean {
  return typeof value === 'function' || value instanceof FeelFunction;
}

/** feelin's built-in functions by name (fixed, so looked up once per name) */
const feelinBuiltins = new Map<string, unknown>();

/** the built-in function of that name: Camunda's extensions first, then feelin's own */
function builtinFunction(name: string, extensions: Record<string, unknown>): unknown {
  if (Object.hasOwn(extensions, name)) return extensions[name];
  if (!feelinBuiltins.has(name)) {
    let found: unknown;
    try {
      const value = /^[\p{L}_?][\p{L}\p{N}_?]*( [\p{L}_?][\p{L}\p{N}_?]*)*$/u.test(name) ? evaluate(name, {}).value : undefined;
      found = typeof value === 'function' ? value : undefined;
    } catch {
      found = undefined;
    }
    feelinBuiltins.set(name, found);
  }
  return feelinBuiltins.get(name);
}

/** Zeebe treats a static value as a number when it reads as one, otherwise as a string. */
function staticValue(value: string): number | string {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim()) ? Number(value) : value;
}

function expressionText(expression: ExpressionInput): string {
  if (typeof expression === 'string') return stripMarker(expression);
  return expression.kind === 'static' ? expression.value : expression.expression;
}

function stripMarker(expression: string): string {
  return expression.startsWith('=') ? expression.slice(1) : expression;
}

/** Multi-word function names must be known to the parser (`get or else` contains `or`). */
const FUNCTION_NAMES: Record<string, unknown> = camundaFunctions({});

/** The first syntax error of the FEEL text, worded with its line and column, or undefined. */
function findSyntaxError(text: string, parse: typeof parseExpression = parseExpression): string | undefined {
  if (text.trim() === '') return 'the expression is empty';
  const tree = parse(text, FUNCTION_NAMES, undefined);
  let found: string | undefined;
  tree.iterate({
    enter(node) {
      if (found !== undefined) return false;
      if (!node.type.isError) return undefined;
      if (node.from !== node.to) {
        found = `unexpected '${text.slice(node.from, node.to)}' at ${position(text, node.from)}`;
      } else {
        const next = node.node.nextSibling ?? node.node.parent?.nextSibling;
        found = next
          ? `unexpected '${text.slice(next.from, next.to)}' at ${position(text, next.from)}`
          : `unexpected end of expression at ${position(text, node.from)}`;
      }
      return false;
    },
  });
  return found;
}

function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** feelin words some warnings differently from feel-scala; use Zeebe's words where they map 1:1. */
function toZeebeWarning(warning: { type: string; message: string }): FeelWarning {
  const variable = /^Variable '(.*)' not found$/.exec(warning.message);
  if (warning.type === 'NO_VARIABLE_FOUND' && variable) {
    return { type: warning.type, message: `No variable found with name '${variable[1]}'` };
  }
  const key = /^Key '(.*)' not found in /.exec(warning.message);
  if (warning.type === 'NO_CONTEXT_ENTRY_FOUND' && key) {
    return { type: warning.type, message: `No context entry found with key '${key[1]}'` };
  }
  return { type: warning.type, message: warning.message };
}

/** FEEL values → plain JSON values (what a process variable can hold). */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Date) return value.toISOString();
  if (isTemporal(value)) return value.toJSON();
  if (isPlainObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) result[key] = toJsonValue(entry);
    return result;
  }
  return null; // functions, ranges and other values that a variable cannot hold
}

function isTemporal(value: unknown): value is { toJSON(): string } {
  return (
    value instanceof FeelDate ||
    value instanceof FeelDateTime ||
    value instanceof FeelTime ||
    value instanceof FeelDuration
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
