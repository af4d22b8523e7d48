/** A deployed process in `GET /api/models`, with its latest version. */
export interface ModelSummary {
  processId: string;
  name?: string;
  version?: number;
  latestVersion?: number;
  key?: string;
  latestKey?: string;
  resourceName?: string;
}

export interface ModelVersion {
  key: string;
  version: number;
  processId?: string;
  name?: string;
  resourceName?: string;
  deployedAt?: string;
}

export interface LintProblem {
  id?: string;
  elementId?: string;
  message: string;
  category?: 'error' | 'warn' | 'warning' | 'info' | string;
  rule?: string;
}

export interface Draft {
  name: string;
  content: string;
  updatedAt?: string;
}
