/** A deployed process in `GET /api/models`, with its versions. */
export interface ProcessModel {
  processDefinitionId: string;
  name?: string;
  latestVersion: number;
  latestKey: string;
  versions: ModelVersion[];
}

export interface ModelVersion {
  processDefinitionKey: string;
  version: number;
  name?: string;
  resourceName?: string;
  deployedAt?: string;
}

export interface ModelsReply {
  processes: ProcessModel[];
  decisions: { decisionDefinitionKey: string; decisionDefinitionId: string; name?: string; version: number }[];
  forms: { formKey: string; formId: string; version: number; resourceName?: string }[];
  drafts: { name: string; kind: string; updatedBy: string; updatedAt: string }[];
}

export interface LintProblem {
  resource?: string;
  id?: string;
  message: string;
  category: 'error' | 'warn';
  rule?: string;
}

export interface Draft {
  name: string;
  kind?: string;
  content: string;
  updatedBy?: string;
  updatedAt?: string;
}

export interface DeployReply {
  deploymentKey: string;
  processes: { processDefinitionKey: string; processDefinitionId: string; version: number; resourceName: string }[];
  decisions?: { decisionDefinitionKey: string; decisionDefinitionId: string; version: number; decisionRequirementsId?: string }[];
  forms?: { formKey: string; formId: string; version: number; resourceName?: string }[];
  problems: LintProblem[];
}

/** `GET /api/models/forms`: a deployed form id and its versions, newest first */
export interface FormModel {
  formId: string;
  latestVersion: number;
  latestKey: string;
  versions: { formKey: string; formId: string; version: number; resourceName?: string }[];
}

/** `GET /api/models/decision-requirements`: a deployed DRD and its versions, newest first */
export interface DecisionRequirementsModel {
  decisionRequirementsId: string;
  name?: string;
  latestVersion: number;
  latestKey: string;
  versions: { decisionRequirementsKey: string; decisionRequirementsId: string; name?: string; version: number; resourceName?: string }[];
}
