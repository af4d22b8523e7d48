import { describe, expect, it } from 'vitest';
import {
  evaluateBoolean,
  evaluateExpression,
  evaluateFeel,
  evaluateInteger,
  evaluateNumber,
  evaluateString,
  evaluateUnaryTests,
  feelResultType,
  parseFeel,
  parseFeelUnaryTests,
} from '../../../engine/src/feel/feel.js';

describe('parseFeel', () => {
  it.each([
    '= x > 5',
    '= "abc"',
    '= {a: 1}',
    '= order.items[1]',
    '= if a then b else c',
    '= now()',
    '= today() + duration("P30D")',
    '= "case-" + caseNumber',
    '= date and time("2026-01-01T10:00:00Z")',
    '= some x in [1, 2] satisfies x > 1',
    '= count(parties[role = "debtor"])',
    '= get or else(deadline, today())',
    '= 案号 + "-执"',
    '= string length(name) > 0 and amount >= 1000.5',
    'x > 5',
  ])('accepts %s', (expression) => {
    expect(parseFeel(expression)).toEqual({ ok: true });
  });

  it.each([
    ['= a +', "failed to parse expression ' a +': unexpected end of expression at line 1, column 5"],
    ['= foo(', "failed to parse expression ' foo(': unexpected end of expression at line 1, column 6"],
    ['= [1, 2', 'unexpected end of expression'],
    ['={a:}', "unexpected '}' at line 1, column 4"],
    ['=1 2', "unexpected '2' at line 1, column 3"],
    ['= )', "unexpected ')'"],
    ['= ', 'the expression is empty'],
  ])('rejects %s', (expression, message) => {
    const result = parseFeel(expression);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('evaluateFeel', () => {
  it('evaluates against the variables', () => {
    expect(evaluateFeel('= order.items[1].price * 2', { order: { items: [{ price: 21 }] } })).toEqual({
      ok: true,
      value: 42,
      warnings: [],
    });
    expect(evaluateFeel('"案号-" + n', { n: '2026-001' })).toMatchObject({ ok: true, value: '案号-2026-001' });
  });

  it('gives null with a warning for a missing variable, as Zeebe 8.8 does', () => {
    expect(evaluateFeel('x', {})).toEqual({
      ok: true,
      value: null,
      warnings: [{ type: 'NO_VARIABLE_FOUND', message: "No variable found with name 'x'" }],
    });
  });

  it('fails on a syntax error', () => {
    const result = evaluateFeel('a +', { a: 1 });
    expect(result).toEqual({
      ok: false,
      message: "failed to parse expression 'a +': unexpected end of expression at line 1, column 4",
    });
  });

  it('makes temporal results JSON values (ISO-8601 strings)', () => {
    const result = evaluateFeel(
      '{due: date("2026-01-01") + duration("P30D"), at: date and time("2026-01-01T10:00:00Z"), t: time("10:15:00"), wait: duration("P1Y2M"), f: function(a) a}',
      {},
    );
    expect(result).toEqual({
      ok: true,
      value: { due: '2026-01-31', at: '2026-01-01T10:00:00Z', t: '10:15:00', wait: 'P1Y2M', f: null },
      warnings: [],
    });
    if (result.ok) expect(JSON.parse(JSON.stringify(result.value))).toEqual(result.value);
  });
});

describe('typed evaluation', () => {
  it('evaluates a condition', () => {
    expect(evaluateBoolean('x > 5', { x: 7 })).toEqual({ ok: true, value: true });
    expect(evaluateBoolean('= x > 5', { x: 3 })).toEqual({ ok: true, value: false });
  });

  it("reports a null condition in Zeebe's words, with the warnings", () => {
    expect(evaluateBoolean('x > 5', {})).toEqual({
      ok: false,
      message:
        "Expected result of the expression 'x > 5' to be 'BOOLEAN', but was 'NULL'. The evaluation reported the following warnings:\n" +
        "[NO_VARIABLE_FOUND] No variable found with name 'x'",
    });
  });

  it('reports a result of the wrong type', () => {
    expect(evaluateBoolean('x', { x: 'yes' })).toEqual({
      ok: false,
      message: "Expected result of the expression 'x' to be 'BOOLEAN', but was 'STRING'.",
    });
    expect(evaluateString('x', { x: 5 })).toEqual({
      ok: false,
      message: "Expected result of the expression 'x' to be 'STRING', but was 'NUMBER'.",
    });
    expect(evaluateNumber('x', { x: [1] })).toEqual({
      ok: false,
      message: "Expected result of the expression 'x' to be 'NUMBER', but was 'ARRAY'.",
    });
  });

  it('types static values as Zeebe does: a number when it reads as one, else a string', () => {
    expect(evaluateNumber({ kind: 'static', value: '3' }, {})).toEqual({ ok: true, value: 3 });
    expect(evaluateString({ kind: 'static', value: 'assets.inquire' }, {})).toEqual({ ok: true, value: 'assets.inquire' });
    expect(evaluateNumber({ kind: 'static', value: 'three' }, {})).toEqual({
      ok: false,
      message: "Expected result of the expression 'three' to be 'NUMBER', but was 'STRING'.",
    });
  });

  it('requires integers where Zeebe does', () => {
    expect(evaluateInteger({ kind: 'feel', expression: 'retries' }, { retries: 4 })).toEqual({ ok: true, value: 4 });
    expect(evaluateInteger('2.5', {})).toEqual({
      ok: false,
      message: "Expected result of the expression '2.5' to be an integer, but was a decimal.",
    });
  });

  it('evaluates model expressions: static is the string itself', () => {
    expect(evaluateExpression({ kind: 'static', value: '= not feel' }, {})).toEqual({
      ok: true,
      value: '= not feel',
      warnings: [],
    });
    expect(evaluateExpression({ kind: 'feel', expression: ' "assets." + action' }, { action: 'freeze' })).toEqual({
      ok: true,
      value: 'assets.freeze',
      warnings: [],
    });
  });

  it("names result types with Zeebe's names", () => {
    const typeOf = (expression: string) => {
      const result = evaluateString(expression, {});
      return result.ok ? 'STRING' : /but was '(\w+)'/.exec(result.message)?.[1];
    };
    expect(
      ['null', 'true', '1', '"a"', '[1]', '{a: 1}', 'date("2026-01-01")', 'now()', 'duration("PT1H")', 'duration("P1M")'].map(typeOf),
    ).toEqual(['NULL', 'BOOLEAN', 'NUMBER', 'STRING', 'ARRAY', 'OBJECT', 'DATE', 'DATE_TIME', 'DURATION', 'PERIOD']);
    expect([null, false, 2, 'x', [], {}].map(feelResultType)).toEqual(['NULL', 'BOOLEAN', 'NUMBER', 'STRING', 'ARRAY', 'OBJECT']);
  });
});

describe("Camunda's extension functions", () => {
  it.each([
    ['get or else(x, 2)', { x: null }, 2],
    ['get or else(value: x, default: 3)', { x: 1 }, 1],
    ['is defined(x)', {}, false],
    ['is defined(x)', { x: 0 }, true],
    ['is empty(list)', { list: [] }, true],
    ['is blank("  ")', {}, true],
    ['trim(" 执行 ")', {}, '执行'],
    ['extract("A1B22", "[0-9]+")', {}, ['1', '22']],
    ['partition([1, 2, 3], 2)', {}, [[1, 2], [3]]],
    ['duplicate values([1, 2, 1, 3, 2])', {}, [1, 2]],
    ['to json({a: [1, date("2026-01-01")]})', {}, '{"a":[1,"2026-01-01"]}'],
    ['from json("{\\"a\\": 1}")', {}, { a: 1 }],
    ['last day of month(date("2024-02-10"))', {}, '2024-02-29'],
    ['to base64("abc")', {}, 'YWJj'],
    ['from base64("YWJj")', {}, 'abc'],
  ])('%s', (expression, context, value) => {
    expect(evaluateFeel(expression, context)).toMatchObject({ ok: true, value });
  });

  it('generates uuids and random numbers', () => {
    expect(evaluateFeel('uuid()', {})).toMatchObject({ ok: true, value: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(evaluateFeel('random number() < 1', {})).toMatchObject({ ok: true, value: true });
  });

  it('fails the evaluation when an assertion does not hold, in Zeebe\'s words', () => {
    expect(evaluateFeel('{o: assert(v, v != null)}', {})).toEqual({
      ok: false,
      message:
        "Assertion failure on evaluate the expression '{o: assert(v, v != null)}': The condition is not fulfilled The evaluation reported the following warnings:\n" +
        "[NO_VARIABLE_FOUND] No variable found with name 'v'\n" +
        "[NO_VARIABLE_FOUND] No variable found with name 'v'\n" +
        '[ASSERT_FAILURE] The condition is not fulfilled',
    });
    expect(evaluateFeel('assert(x, x > 5, "x too small")', { x: 1 })).toMatchObject({
      ok: false,
      message: expect.stringContaining("'assert(x, x > 5, \"x too small\")': x too small"),
    });
    expect(evaluateFeel('assert(x, x > 5)', { x: 6 })).toEqual({ ok: true, value: 6, warnings: [] });
  });
});

describe('unary tests (DMN input entries)', () => {
  it.each([
    ['"simple"', 'simple', true],
    ['"simple"', 'complex', false],
    ['< 50000', 40000, true],
    ['<= 50000', 50000, true],
    ['> 50000', 50000, false],
    ['[1..10]', 10, true],
    ['(1..10)', 10, false],
    ['not("a")', 'a', false],
    ['not("a")', 'b', true],
    ['"a","b"', 'b', true],
    ['"a","b"', 'c', false],
    ['-', 'anything', true],
    ['', 'anything', true],
    ['? > limit', 7, true],
    ['limit', 5, true],
  ])('%s against %j is %s', (tests, input, expected) => {
    expect(evaluateUnaryTests(tests, input, { limit: 5 })).toEqual({ ok: true, value: expected, warnings: [] });
  });

  it('checks the syntax of unary tests', () => {
    expect(parseFeelUnaryTests('"a", "b"')).toEqual({ ok: true });
    expect(parseFeelUnaryTests('')).toEqual({ ok: true });
    expect(parseFeelUnaryTests('< ')).toEqual({
      ok: false,
      message: "failed to parse expression '< ': unexpected end of expression at line 1, column 3",
    });
    expect(evaluateUnaryTests('"a",', 'a', {})).toMatchObject({ ok: false, message: expect.stringContaining("failed to parse expression '\"a\",'") });
  });
});
