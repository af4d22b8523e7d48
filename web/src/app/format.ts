/** Dates, money and durations as a court clerk reads them. */
export function formatDateTime(value?: string | number | null): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function formatDate(value?: string | number | null): string {
  return formatDateTime(value).slice(0, 10);
}

export function formatMoney(value?: number | string | null): string {
  if (value === undefined || value === null || value === '') return '—';
  const amount = Number(value);
  if (!Number.isFinite(amount)) return String(value);
  return amount.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** `3天 04:05:06`; negative spans are shown as their absolute value (the caller marks them overdue). */
export function formatSpan(ms: number, dayUnit = '天'): string {
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const rest = abs % 86_400_000;
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor(rest / 3_600_000))}:${pad(Math.floor((rest % 3_600_000) / 60_000))}:${pad(Math.floor((rest % 60_000) / 1000))}`;
  return days > 0 ? `${days}${dayUnit} ${clock}` : clock;
}

export function formatDuration(ms?: number | null): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)}min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)}h`;
  return `${(ms / 86_400_000).toFixed(1)}d`;
}

/** CSS class of a due date: red when past, amber within two days (unless the server already said). */
export function dueClass(item: { dueDate?: string | null; overdue?: boolean; dueSoon?: boolean }, now = Date.now()): string {
  // The server decides on its own (possibly controlled) clock; the browser's clock is only a fallback.
  if (item.overdue !== undefined || item.dueSoon !== undefined) return item.overdue ? 'overdue' : item.dueSoon ? 'due-soon' : '';
  if (!item.dueDate) return '';
  const due = new Date(item.dueDate).getTime();
  if (due < now) return 'overdue';
  if (due - now < 2 * 86_400_000) return 'due-soon';
  return '';
}
