export interface DefinitionSummary {
  key: string;
  processId: string;
  name?: string;
  version: number;
  deployedAt?: string;
}

export interface ElementStats {
  active: number;
  completed: number;
  canceled: number;
  incidents: number;
  meanMs: number | null;
  p90Ms: number | null;
}

export interface Heatmap {
  elements: Record<string, ElementStats>;
}

export interface PendingTimer {
  key: string;
  kind: 'deadline' | 'timer' | string;
  caseId?: string;
  caseNumber?: string;
  elementId?: string;
  elementName?: string;
  processId?: string;
  dueAt: string;
}

export interface Incident {
  key: string;
  caseId?: string;
  caseNumber?: string;
  processId?: string;
  elementId?: string;
  errorType?: string;
  errorMessage?: string;
  createdAt?: string;
  state?: string;
}

/** One row of 执行质效: a team or a month. */
export interface QualityRow {
  group: string;
  received?: number;
  closed?: number;
  closeRate?: number;
  actualRate?: number;
  finalityRate?: number;
  recovered?: number;
  averageDays?: number;
  overdue?: number;
  [figure: string]: unknown;
}

export interface Quality {
  rows: QualityRow[];
  totals?: QualityRow;
}
