/** A deployed process definition (Camunda's names, as the server passes them on). */
export interface DefinitionSummary {
  processDefinitionKey: string;
  processDefinitionId: string;
  name?: string;
  version: number;
  resourceName?: string;
}

export interface ElementStats {
  active: number;
  completed: number;
  canceled: number;
  incidents: number;
  durationCount?: number;
  meanMs: number | null;
  p90Ms: number | null;
}

export interface Heatmap {
  processDefinitionKey?: string;
  from?: string;
  to?: string;
  durationsAvailable?: boolean;
  elements: Record<string, ElementStats>;
  /** when the figures were computed (a snapshot, for a chosen window); absent when live */
  asOf?: string;
}

/** A pending deadline or timer; the server adds the case where it knows it. */
export interface PendingTimer {
  timerKey?: string;
  key?: string;
  taskKey?: string;
  kind?: 'deadline' | 'timer' | string;
  processDefinitionId?: string;
  processInstanceKey?: string;
  elementId?: string;
  elementName?: string;
  caseId?: string;
  caseNumber?: string;
  dueDate?: string;
  dueAt?: string;
}

export interface Incident {
  incidentKey: string;
  processDefinitionId?: string;
  processInstanceKey?: string;
  elementId?: string;
  errorType?: string;
  errorMessage?: string;
  creationTime?: string;
  state?: string;
  caseId?: string;
  caseNumber?: string;
}

/** 执行质效 of one group (a team or a month). */
export interface QualityFigures {
  group: string;
  received: number;
  pendingAtStart?: number;
  closed: number;
  closureRate: number | null;
  amountRecovered: number;
  averageDaysToClose: number | null;
  finalityClosed?: number;
  finalityRate: number | null;
  overdueTasks: number;
}

export interface QualityReport {
  from?: string;
  to?: string;
  groupBy?: 'team' | 'month';
  groups: QualityFigures[];
  total: QualityFigures;
  /** when the figures were computed: the server keeps them as a snapshot, refreshed in the background */
  asOf?: string;
}
