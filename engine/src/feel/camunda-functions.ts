/**
 * The FEEL built-in functions that Camunda adds to the DMN standard (feel-scala's extensions)
 * and that feelin lacks. They are passed to feelin as context entries, which also lets the
 * parser read multi-word names such as `get or else` (the `or` is otherwise a keyword).
 */
import { randomUUID } from 'node:crypto';
import { FeelDate, FeelDateTime, FeelFunction, date, evaluate } from 'feelin';

/** Set by `assert` when its condition fails; Zeebe then fails the whole evaluation. */
export interface AssertionState {
  failure?: string;
}

const ASSERTION_FAILED = 'The condition is not fulfilled';

/**
 * Where FEEL's `now()` and `today()` read the time: the engine's clock, so that a due date
 * written as `now() + duration("P7D")` moves with the controlled clock as timers do. One clock
 * per process: the engine sets it when it starts.
 */
let clock: () => number = () => Date.now();

export function setFeelClock(now: () => number): void {
  clock = now;
}

/**
 * The zone `now()` and `today()` read the clock in: the process's zone (`TZ`), as Zeebe uses the
 * JVM's default zone. Courts run the engine with `TZ=Asia/Shanghai`, so `today()` just after
 * midnight is already the new day there.
 */
let zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function setFeelZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone }); // throws a RangeError naming an unknown zone
  zone = timeZone;
}

/** the wall-clock time of `instant` in the zone: `2026-01-05T09:00:00.000` and its offset `+08:00` (`Z` for UTC) */
function zonedParts(instant: number): { local: string; offset: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  const year = Number(part('year'));
  const millis = String(((instant % 1000) + 1000) % 1000).padStart(3, '0');
  const local = `${String(year).padStart(4, '0')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}.${millis}`;
  const minutes = Math.round((Date.parse(`${local}Z`) - instant) / 60_000);
  if (minutes === 0) return { local, offset: 'Z' };
  const abs = Math.abs(minutes);
  const offset = `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { local, offset };
}

/** The extension functions, bound to one evaluation (for `assert`). */
export function camundaFunctions(assertion: AssertionState): Record<string, FeelFunction> {
  const fn = (parameters: string[], body: (...args: never[]) => unknown) =>
    new FeelFunction(body as (...args: unknown[]) => unknown, parameters);

  return {
    now: fn([], () => {
      const { local, offset } = zonedParts(clock());
      return evaluate('date and time(t)', { t: `${local}${offset}` }).value;
    }),
    today: fn([], () => evaluate('date(t)', { t: zonedParts(clock()).local.slice(0, 10) }).value),
    'is defined': fn(['value'], (value: unknown) => value !== null && value !== undefined),
    'get or else': fn(['value', 'default'], (value: unknown, fallback: unknown) => value ?? fallback ?? null),
    assert: fn(['value', 'condition', 'cause'], (value: unknown, condition: unknown, cause: unknown) => {
      if (condition !== true) assertion.failure ??= typeof cause === 'string' ? cause : ASSERTION_FAILED;
      return value;
    }),
    'is empty': fn(['list'], (list: unknown[]) => list.length === 0),
    'is blank': fn(['string'], (text: string) => text.trim() === ''),
    trim: fn(['string'], (text: string) => text.trim()),
    extract: fn(['string', 'pattern'], (text: string, pattern: string) =>
      [...text.matchAll(new RegExp(pattern, 'g'))].map((match) => match[0]),
    ),
    'to base64': fn(['value'], (text: string) => Buffer.from(text, 'utf8').toString('base64')),
    'from base64': fn(['value'], (text: string) => Buffer.from(text, 'base64').toString('utf8')),
    uuid: fn([], () => randomUUID()),
    'random number': fn([], () => Math.random()),
    'to json': fn(['value'], (value: unknown) => JSON.stringify(value ?? null)),
    'from json': fn(['value'], (text: string) => JSON.parse(text) as unknown),
    'duplicate values': fn(['list'], (list: unknown[]) =>
      list.filter((item, i) => list.findIndex((other) => same(other, item)) !== i)
        .filter((item, i, duplicates) => duplicates.findIndex((other) => same(other, item)) === i),
    ),
    partition: fn(['list', 'size'], (list: unknown[], size: number) => {
      const chunks: unknown[][] = [];
      for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
      return chunks;
    }),
    'last day of month': fn(['date'], (value: FeelDate | FeelDateTime) => {
      const last = new Date(Date.UTC(value.year, value.month, 0)).getUTCDate();
      return date(`${String(value.year).padStart(4, '0')}-${String(value.month).padStart(2, '0')}-${String(last).padStart(2, '0')}`);
    }),
  };
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
