/**
 * Pieces of the Chinese failure texts that become job errors and incidents (监控 → 异常). The
 * identifiers in them (element ids, variable paths, header names, ids) stay verbatim, so a
 * developer can still search for them.
 */

/** a value as a failure text quotes it: JSON (`"ship"`, `12`, `null`), or （未设置） when absent */
export function shown(value: unknown): string {
  if (value === undefined) return '（未设置）';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
