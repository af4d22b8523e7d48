/**
 * The holiday editor's text form, one day a line ("2027-01-01 元旦"), to and from the table the
 * server takes ({ date: name }). Parsing names the line at fault.
 */
export type LineError = { key: 'badLine' | 'wrongYear' | 'duplicate'; line: number };

export function toLines(days: Record<string, string>): string {
  return Object.keys(days)
    .sort()
    .map((date) => `${date} ${days[date]}`)
    .join('\n');
}

export function parseLines(text: string, year: number): { days: Record<string, string> } | { error: LineError } {
  const days: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const match = /^(\d{4}-\d{2}-\d{2})\s+(\S.*)$/.exec(line);
    if (!match) return { error: { key: 'badLine', line: i + 1 } };
    const [, date, name] = match as unknown as [string, string, string];
    if (!date.startsWith(`${year}-`)) return { error: { key: 'wrongYear', line: i + 1 } };
    if (date in days) return { error: { key: 'duplicate', line: i + 1 } };
    days[date] = name.trim();
  }
  return { days };
}
