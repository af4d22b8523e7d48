/**
 * FEEL where feelin and feel-scala (Zeebe 8.8's FEEL) part ways, evaluated feel-scala's way:
 * ordering compares values of one kind only (a string variable against a number is null, never
 * coerced), durations scale by numbers, date and date-time arithmetic keeps the calendar, and
 * `now()` / `today()` read the engine's clock in the engine's zone (courts: Asia/Shanghai).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { evaluateBoolean, evaluateFeel, evaluateUnaryTests, setFeelClock, setFeelZone } from '../../engine/src/feel/feel.js';

const value = (expression: string, variables: Record<string, unknown> = {}) => {
  const result = evaluateFeel(expression, variables);
  if (!result.ok) throw new Error(result.message);
  return result.value;
};

describe('comparing values of different kinds', () => {
  it('orders a string and a number as null, not by coercion (a 标的额 kept as text)', () => {
    expect(value('amount > 100000', { amount: '200000' })).toBeNull();
    expect(value('"5" < 5')).toBeNull();
    expect(value('amount >= 1', { amount: true })).toBeNull();
    expect(value('date("2026-01-01") < 3')).toBeNull();
    // equality of different kinds is null as well, and never true
    expect(value('"10" = 10')).toBeNull();
  });

  it('so a condition on it fails with Zeebe\'s words instead of taking the wrong flow', () => {
    expect(evaluateBoolean('amount > 100000', { amount: '200000' })).toEqual({
      ok: false,
      message: "Expected result of the expression 'amount > 100000' to be 'BOOLEAN', but was 'NULL'.",
    });
  });

  it('keeps multi-word functions next to the operators (get or else, as the processes use it)', () => {
    expect(value('b * get or else(c, 0.7)', { b: 10 })).toBe(7);
    expect(value('get or else(a, 0) >= b', { a: 12, b: 10 })).toBe(true);
    expect(value('get or else(a, 0) >= b', { b: 10 })).toBe(false);
    expect(evaluateFeel('a >= ', { a: 1 }).ok).toBe(false);
  });

  it('still orders numbers, strings, dates, date-times and durations of one kind', () => {
    expect(value('amount > 100000', { amount: 200000 })).toBe(true);
    expect(value('a * 2 <= b / 2', { a: 1, b: 4 })).toBe(true);
    expect(value('"(2030)豫01执1号" < "(2030)豫01执2号"')).toBe(true);
    expect(value('date("2026-01-01") < date("2026-02-01")')).toBe(true);
    expect(value('date and time("2026-01-05T09:00:00+08:00") > date and time("2026-01-05T00:30:00Z")')).toBe(true);
    expect(value('duration("P2D") >= duration("PT48H")')).toBe(true);
    expect(value('duration("P1Y") > duration("P11M")')).toBe(true);
    expect(value('duration("P1Y") > duration("P1D")')).toBeNull();
  });

  it('keeps comparisons as filters and in and/or', () => {
    const items = [{ id: '工商银行', amount: 50 }, { id: '建设银行', amount: 150 }];
    expect(value('items[amount >= 100].id', { items })).toEqual(['建设银行']);
    expect(value('list[item > 1 and item < 3]', { list: [1, 2, 3] })).toEqual([2]);
    expect(value('list[n * 1]', { list: ['a', 'b', 'c'], n: 2 })).toBe('b');
    expect(value('x > 1 or x = "a"', { x: 'a' })).toBe(true);
  });
});

describe('DMN input entries', () => {
  const matches = (tests: string, input: unknown) => {
    const result = evaluateUnaryTests(tests, input, { limit: 3 });
    if (!result.ok) throw new Error(result.message);
    return result.value;
  };

  it('a string input never matches a number comparison or range (no coercion)', () => {
    expect(matches('> 100000', '200000')).toBe(false);
    expect(matches('[1..10]', '5')).toBe(false);
    expect(matches('>= date("2026-01-01")', '2026-02-01')).toBe(false);
    expect(matches('< 5', null)).toBe(false);
  });

  it('inputs of the same kind match as before', () => {
    expect(matches('> 100000', 200000)).toBe(true);
    expect(matches('[1..10]', 10)).toBe(true);
    expect(matches('(1..10)', 10)).toBe(false);
    expect(matches(']1..10[', 5)).toBe(true);
    expect(matches('> limit * 2', 7)).toBe(true);
    expect(matches('"立案","执行"', '执行')).toBe(true);
    expect(matches('not(< 5)', 7)).toBe(true);
    expect(matches('-', '任意')).toBe(true);
  });
});

describe('duration arithmetic', () => {
  it('scales a duration by a number, either side', () => {
    expect(value('duration("P1D") * 3')).toBe('P3D');
    expect(value('2 * duration("PT1H")')).toBe('PT2H');
    expect(value('duration("P6M") * 10')).toBe('P5Y');
    expect(value('duration("PT1H") / 2')).toBe('PT30M');
    expect(value('duration("P15D") * n', { n: 2 })).toBe('P30D');
  });

  it('divides durations of one kind into a number, and refuses division by zero with null', () => {
    expect(value('duration("P2D") / duration("PT12H")')).toBe(4);
    expect(value('duration("P1D") / 0')).toBeNull();
    expect(value('duration("P1Y") / duration("P1D")')).toBeNull();
    expect(value('duration("P1D") * "2"')).toBeNull();
  });

  it('adds durations to dates and date-times by the calendar', () => {
    // 执行期限: six months from 立案, the last day of a shorter month when the day does not exist
    expect(value('date("2026-08-31") + duration("P6M")')).toBe('2027-02-28');
    expect(value('date and time("2026-01-31T10:00:00+08:00") + duration("P1M")')).toBe('2026-02-28T10:00:00+08:00');
    expect(value('date("2026-03-01") - date("2026-02-01")')).toBe('P28D');
    expect(value('date("2026-01-05") + duration("P15D") * 2')).toBe('2026-02-04');
    expect(value('years and months duration(date("2020-01-01"), date("2026-03-01"))')).toBe('P6Y2M');
  });
});

describe('now() and today() in the engine zone', () => {
  afterEach(() => {
    setFeelClock(() => Date.now());
    setFeelZone('UTC');
  });

  it('today() just after midnight in Asia/Shanghai is already the new day there', () => {
    setFeelZone('Asia/Shanghai');
    setFeelClock(() => Date.parse('2026-01-04T16:30:00Z'));
    expect(value('today()')).toBe('2026-01-05');
    expect(value('now()')).toBe('2026-01-05T00:30:00+08:00');
    expect(value('now() = date and time("2026-01-04T16:30:00Z")')).toBe(true);
    expect(value('date(now()) = today()')).toBe(true);
    // a 15-day deadline counted from today in Beijing time
    expect(value('today() + duration("P15D")')).toBe('2026-01-20');
  });

  it('in UTC the same instant is still the old day', () => {
    setFeelZone('UTC');
    setFeelClock(() => Date.parse('2026-01-04T16:30:00Z'));
    expect(value('today()')).toBe('2026-01-04');
    expect(value('now()')).toBe('2026-01-04T16:30:00Z');
  });

  it('refuses an unknown zone', () => {
    expect(() => setFeelZone('Mars/Olympus')).toThrow(RangeError);
  });
});
