/**
 * Camunda 7's typed variables (`{ name: { value, type, valueInfo } }`) ↔ the engine's JSON
 * variables. Objects and arrays travel as type `Json` with the value as JSON text; numbers
 * are Integer, Long or Double as Camunda 7 would type them.
 */
export interface TypedValue {
  value: unknown;
  type: string;
  valueInfo: Record<string, unknown>;
}

export class TypedValueError extends Error {}

const INT32 = 2 ** 31;

export function toTypedValue(value: unknown): TypedValue {
  if (value === null || value === undefined) return { value: null, type: 'Null', valueInfo: {} };
  if (typeof value === 'string') return { value, type: 'String', valueInfo: {} };
  if (typeof value === 'boolean') return { value, type: 'Boolean', valueInfo: {} };
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { value, type: 'Double', valueInfo: {} };
    return { value, type: value >= -INT32 && value < INT32 ? 'Integer' : 'Long', valueInfo: {} };
  }
  return { value: JSON.stringify(value), type: 'Json', valueInfo: {} };
}

export function toTypedVariables(variables: Record<string, unknown>): Record<string, TypedValue> {
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, toTypedValue(value)]));
}

/** Typed values from a Camunda 7 client → JSON variables; file and byte values are refused. */
export function fromTypedVariables(typed: unknown, field: string): Record<string, unknown> {
  if (typed == null) return {};
  if (typeof typed !== 'object' || Array.isArray(typed)) throw new TypedValueError(`Expected '${field}' to be an object of typed values`);
  const out: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(typed as Record<string, unknown>)) {
    out[name] = fromTypedValue(entry, `${field}.${name}`);
  }
  return out;
}

function fromTypedValue(entry: unknown, at: string): unknown {
  if (entry === null || typeof entry !== 'object') throw new TypedValueError(`Expected '${at}' to be a typed value ({ value, type })`);
  const { value, type, valueInfo } = entry as { value?: unknown; type?: unknown; valueInfo?: Record<string, unknown> };
  const kind = typeof type === 'string' ? type.toLowerCase() : undefined;
  switch (kind) {
    case undefined:
      return value ?? null;
    case 'null':
      return null;
    case 'string':
    case 'date':
      return value == null ? null : String(value);
    case 'boolean':
      return typeof value === 'string' ? value === 'true' : Boolean(value);
    case 'integer':
    case 'short':
    case 'long':
    case 'double': {
      if (value == null) return null;
      const n = typeof value === 'number' ? value : Number(value);
      if (Number.isNaN(n)) throw new TypedValueError(`Cannot convert value '${String(value)}' of '${at}' to type ${type as string}`);
      return n;
    }
    case 'json':
      return typeof value === 'string' ? parseJson(value, at) : (value ?? null);
    case 'object': {
      const format = valueInfo?.serializationDataFormat;
      if (typeof value === 'string' && (format === undefined || format === 'application/json')) return parseJson(value, at);
      if (typeof value !== 'string') return value ?? null;
      throw new TypedValueError(`Variable '${at}' is serialized as '${String(format)}', which this engine cannot read; use Json`);
    }
    default:
      throw new TypedValueError(`Variable '${at}' has type '${type as string}', which this engine does not support`);
  }
}

function parseJson(text: string, at: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new TypedValueError(`Variable '${at}' of type Json does not hold valid JSON`);
  }
}
