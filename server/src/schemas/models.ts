/**
 * Models (BPMN, DMN, forms): what is deployed, drafts, the lint check and deployment.
 */
import { Type, type Static } from '@sinclair/typebox';

/** a resource file name: the modeler names BPMN after its process id (intake.bpmn), forms after the form id */
export const ResourceName = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^/\\\\]+\\.(bpmn|dmn|form)$', description: '文件名（.bpmn / .dmn / .form）' });

/** 4 MB: Zeebe's maximum message size, the engine's limit for one deployment */
export const MAX_RESOURCE_CHARS = 4 * 1024 * 1024;

export const Resource = Type.Object(
  { name: ResourceName, content: Type.String({ minLength: 1, maxLength: MAX_RESOURCE_CHARS }) },
  { additionalProperties: false },
);

export const LintProblem = Type.Object({
  resource: Type.String(),
  id: Type.Optional(Type.String({ description: '元素 id（BPMN/DMN）或表单组件 id' })),
  rule: Type.String(),
  category: Type.Union([Type.Literal('error'), Type.Literal('warn')]),
  message: Type.String(),
});

export const LintBody = Type.Object(
  {
    xml: Type.String({ minLength: 1, maxLength: MAX_RESOURCE_CHARS, description: 'BPMN XML（或配合 name 的 DMN XML / 表单 JSON）' }),
    name: Type.Optional(ResourceName),
  },
  { additionalProperties: false },
);
export type LintBody = Static<typeof LintBody>;
export const LintReply = Type.Object({ problems: Type.Array(LintProblem) });

export const DeployBody = Type.Object({ resources: Type.Array(Resource, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false });
export type DeployBody = Static<typeof DeployBody>;

export const DeployedProcess = Type.Object({
  processDefinitionKey: Type.String(),
  processDefinitionId: Type.String(),
  version: Type.Integer(),
  resourceName: Type.String(),
});
export const DeployedDecision = Type.Object({
  decisionDefinitionKey: Type.String(),
  decisionDefinitionId: Type.String(),
  name: Type.Optional(Type.String()),
  version: Type.Integer(),
  decisionRequirementsId: Type.Optional(Type.String()),
  decisionRequirementsKey: Type.Optional(Type.String()),
});
export const DeployedForm = Type.Object({
  formKey: Type.String(),
  formId: Type.String(),
  version: Type.Integer(),
  resourceName: Type.Optional(Type.String()),
});

export const DeployReply = Type.Object({
  deploymentKey: Type.String(),
  processes: Type.Array(DeployedProcess),
  decisions: Type.Array(DeployedDecision),
  forms: Type.Array(DeployedForm),
  /** warnings of the lint check (errors refuse the deployment) */
  problems: Type.Array(LintProblem),
});

/** a refused deployment: the usual error body plus every problem, so the modeler can mark the elements */
export const DeployRefusal = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
  problems: Type.Optional(Type.Array(LintProblem)),
});

export const ProcessVersion = Type.Object({
  processDefinitionKey: Type.String(),
  version: Type.Integer(),
  name: Type.Optional(Type.String()),
  resourceName: Type.Optional(Type.String()),
});

export const ProcessModel = Type.Object({
  processDefinitionId: Type.String(),
  name: Type.Optional(Type.String()),
  latestVersion: Type.Integer(),
  latestKey: Type.String(),
  versions: Type.Array(ProcessVersion),
});

export const DraftSummary = Type.Object({
  name: Type.String(),
  kind: Type.String(),
  updatedBy: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ModelsReply = Type.Object({
  processes: Type.Array(ProcessModel),
  /** decisions and forms deployed: from the engine when it can list them, else those deployed through this server */
  decisions: Type.Array(DeployedDecision),
  forms: Type.Array(DeployedForm),
  drafts: Type.Array(DraftSummary),
});

export const ProcessIdParams = Type.Object({ processId: Type.String({ minLength: 1, maxLength: 200 }) });
export const VersionsReply = Type.Object({ processDefinitionId: Type.String(), items: Type.Array(ProcessVersion) });

export const DefinitionKeyParams = Type.Object({ key: Type.String({ pattern: '^\\d{1,19}$', description: '流程定义 key' }) });
export const DefinitionXmlReply = Type.Object({
  processDefinitionKey: Type.String(),
  processDefinitionId: Type.String(),
  version: Type.Integer(),
  xml: Type.String(),
});

export const DraftParams = Type.Object({ name: ResourceName });
export const DraftBody = Type.Object({ content: Type.String({ minLength: 1, maxLength: MAX_RESOURCE_CHARS }) }, { additionalProperties: false });
export const DraftReply = Type.Object({
  name: Type.String(),
  kind: Type.String(),
  content: Type.String(),
  updatedBy: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});

/** a deployed form version (the platform's record of its deployments) */
export const FormVersion = Type.Object({ formKey: Type.String(), formId: Type.String(), version: Type.Integer(), resourceName: Type.Optional(Type.String()) });
export const FormsReply = Type.Object({
  items: Type.Array(Type.Object({ formId: Type.String(), latestVersion: Type.Integer(), latestKey: Type.String(), versions: Type.Array(FormVersion) })),
});
export const ResourceKeyParams = Type.Object({ key: Type.String({ pattern: '^\\d{1,19}$', description: '部署后的 key' }) });
export const FormSourceReply = Type.Object({
  formKey: Type.String(),
  formId: Type.String(),
  version: Type.Integer(),
  resourceName: Type.String(),
  /** the form-js JSON as deployed */
  content: Type.String(),
});

/** a deployed DRD (one .dmn resource) version */
export const DecisionRequirementsVersion = Type.Object({
  decisionRequirementsKey: Type.String(),
  decisionRequirementsId: Type.String(),
  name: Type.Optional(Type.String()),
  version: Type.Integer(),
  resourceName: Type.Optional(Type.String()),
});
export const DecisionRequirementsReply = Type.Object({
  items: Type.Array(
    Type.Object({
      decisionRequirementsId: Type.String(),
      name: Type.Optional(Type.String()),
      latestVersion: Type.Integer(),
      latestKey: Type.String(),
      versions: Type.Array(DecisionRequirementsVersion),
    }),
  ),
});
export const DecisionRequirementsXmlReply = Type.Object({
  decisionRequirementsKey: Type.String(),
  decisionRequirementsId: Type.String(),
  version: Type.Integer(),
  resourceName: Type.Optional(Type.String()),
  xml: Type.String(),
});

/** every definition the platform deployed (at start and from the console) */
export const DeployedResourcesReply = Type.Object({
  items: Type.Array(
    Type.Object({
      key: Type.String(),
      kind: Type.String({ description: 'process | decision-requirements | form' }),
      resourceId: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      version: Type.Integer(),
      resourceName: Type.String(),
      deploymentKey: Type.String(),
      origin: Type.String({ description: 'startup | console' }),
      deployedBy: Type.Union([Type.String(), Type.Null()]),
      deployedAt: Type.String({ format: 'date-time' }),
    }),
  ),
});
