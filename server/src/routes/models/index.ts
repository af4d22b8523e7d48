/**
 * Models (admin): what is deployed and its versions, any version's XML (BPMN, DMN) or form JSON,
 * drafts, the lint check, and deployment through the engine's `/v2/deployments`, refused while the
 * lint check finds errors; every deployment is recorded with its sources (services/model-deployments.ts).
 * Supervisors may read definitions and sources (the heatmap draws the diagram).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { desc, eq } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import { modelDrafts } from '../../db/schema.js';
import { errorBody, notFound } from '../../plugins/http-errors.js';
import { ADMINS, SUPERVISORS } from '../../plugins/roles.js';
import { hasErrors, lintResource, lintResources, resourceKind } from '../../services/lint.js';
import {
  DecisionRequirementsReply,
  DecisionRequirementsXmlReply,
  DefinitionKeyParams,
  DefinitionXmlReply,
  DeployedResourcesReply,
  FormSourceReply,
  FormsReply,
  ResourceKeyParams,
  DeployBody,
  DeployRefusal,
  DeployReply,
  DraftBody,
  DraftParams,
  DraftReply,
  LintBody,
  LintReply,
  ModelsReply,
  ProcessIdParams,
  VersionsReply,
} from '../../schemas/models.js';
import { deployAndRecord, getRecorded, listRecorded } from '../../services/model-deployments.js';
import {
  DEPLOY_ACTION,
  decisionRequirementsXml,
  groupProcesses,
  groupVersions,
  listDecisionRequirements,
  listDecisionsAndForms,
  listForms,
  listProcessVersions,
  toDeployed,
} from './deployments.js';

const tags = ['models'];

const modelRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const engine = app.engineClient;

  app.get('/models', { config: { roles: SUPERVISORS }, schema: { tags, summary: '已部署的流程、决策与表单及草稿', response: { 200: ModelsReply } } }, async () => {
    const [definitions, others, drafts] = await Promise.all([
      listProcessVersions(engine),
      listDecisionsAndForms(engine, app.db),
      app.db
        .select({ name: modelDrafts.name, kind: modelDrafts.kind, updatedBy: modelDrafts.updatedBy, updatedAt: modelDrafts.updatedAt })
        .from(modelDrafts)
        .orderBy(desc(modelDrafts.updatedAt)),
    ]);
    return { processes: groupProcesses(definitions), ...others, drafts: drafts.map((d) => ({ ...d, updatedAt: d.updatedAt.toISOString() })) };
  });

  app.get(
    '/models/processes/:processId/versions',
    { config: { roles: SUPERVISORS }, schema: { tags, summary: '一个流程的全部版本', params: ProcessIdParams, response: { 200: VersionsReply } } },
    async (req) => {
      const [model] = groupProcesses(await listProcessVersions(engine, req.params.processId));
      if (!model) throw notFound(`未找到流程 ${req.params.processId}`);
      return { processDefinitionId: model.processDefinitionId, items: model.versions };
    },
  );

  app.get(
    '/models/definitions/:key/xml',
    { config: { roles: SUPERVISORS }, schema: { tags, summary: '某一版本的 BPMN XML', params: DefinitionKeyParams, response: { 200: DefinitionXmlReply } } },
    async (req) => {
      const definition = await engine.getProcessDefinition(req.params.key);
      const xml = await engine.getProcessDefinitionXml(req.params.key);
      return { processDefinitionKey: definition.processDefinitionKey, processDefinitionId: definition.processDefinitionId, version: definition.version, xml };
    },
  );

  app.get('/models/forms', { config: { roles: SUPERVISORS }, schema: { tags, summary: '已部署的表单及其版本', response: { 200: FormsReply } } }, async () => ({
    items: groupVersions(await listForms(app.db), (f) => f.formId, (f) => f.formKey).map(({ id, ...rest }) => ({ formId: id, ...rest })),
  }));

  app.get(
    '/models/forms/:key',
    { config: { roles: SUPERVISORS }, schema: { tags, summary: '某一版本表单的 JSON（平台部署时的原文）', params: ResourceKeyParams, response: { 200: FormSourceReply } } },
    async (req) => {
      const form = await getRecorded(app.db, 'form', req.params.key);
      if (!form) throw notFound(`未找到表单 ${req.params.key}（只能打开经本平台部署的表单）`);
      return { formKey: form.key, formId: form.resourceId, version: form.version, resourceName: form.resourceName, content: form.source };
    },
  );

  app.get(
    '/models/decision-requirements',
    { config: { roles: SUPERVISORS }, schema: { tags, summary: '已部署的决策（DRD）及其版本', response: { 200: DecisionRequirementsReply } } },
    async () => ({
      items: groupVersions(await listDecisionRequirements(engine, app.db), (d) => d.decisionRequirementsId, (d) => d.decisionRequirementsKey).map(({ id, ...rest }) => ({
        decisionRequirementsId: id,
        ...(rest.versions[0]?.name ? { name: rest.versions[0].name } : {}),
        ...rest,
      })),
    }),
  );

  app.get(
    '/models/decision-requirements/:key/xml',
    { config: { roles: SUPERVISORS }, schema: { tags, summary: '某一版本决策的 DMN XML', params: ResourceKeyParams, response: { 200: DecisionRequirementsXmlReply } } },
    async (req) => {
      const found = await decisionRequirementsXml(engine, app.db, req.params.key);
      if (!found) throw notFound(`未找到决策 ${req.params.key}`);
      return found;
    },
  );

  app.get(
    '/models/deployed',
    { config: { roles: SUPERVISORS }, schema: { tags, summary: '本平台部署过的全部定义（启动时与控制台）', response: { 200: DeployedResourcesReply } } },
    async () => ({ items: await listRecorded(app.db) }),
  );

  app.post(
    '/models/lint',
    { config: { roles: ADMINS }, schema: { tags, summary: '检查模型（bpmnlint + Camunda 兼容性规则）', body: LintBody, response: { 200: LintReply } } },
    async (req) => ({ problems: await lintResource({ name: req.body.name ?? 'model.bpmn', content: req.body.xml }) }),
  );

  app.post(
    '/models/deploy',
    { config: { roles: ADMINS }, schema: { tags, summary: '检查并部署模型', body: DeployBody, response: { 200: DeployReply, 400: DeployRefusal } } },
    async (req, reply) => {
      const { resources } = req.body;
      const duplicate = resources.find((r, i) => resources.findIndex((s) => s.name === r.name) !== i);
      if (duplicate) return reply.code(400).send(errorBody(400, `文件「${duplicate.name}」重复`, 'resources'));
      const problems = await lintResources(resources);
      if (hasErrors(problems)) {
        const errors = problems.filter((p) => p.category === 'error');
        const where = [...new Set(errors.map((p) => (p.id ? `${p.resource}#${p.id}` : p.resource)))].join('、');
        return reply.code(400).send({ ...errorBody(400, `模型检查发现 ${errors.length} 个错误，未部署：${where}`), problems });
      }
      const deployed = toDeployed(await deployAndRecord(engine, app.db, resources, { origin: 'console', deployedBy: req.user!.username }));
      await req.audit(DEPLOY_ACTION, { target: deployed.deploymentKey, details: { resources: resources.map((r) => r.name), ...deployed } });
      return { ...deployed, problems };
    },
  );

  app.get(
    '/models/drafts/:name',
    { config: { roles: ADMINS }, schema: { tags, summary: '读取草稿', params: DraftParams, response: { 200: DraftReply } } },
    async (req) => {
      const [draft] = await app.db.select().from(modelDrafts).where(eq(modelDrafts.name, req.params.name));
      if (!draft) throw notFound(`未找到草稿 ${req.params.name}`);
      return { ...draft, updatedAt: draft.updatedAt.toISOString() };
    },
  );

  app.put(
    '/models/drafts/:name',
    { config: { roles: ADMINS }, schema: { tags, summary: '保存草稿', params: DraftParams, body: DraftBody, response: { 200: DraftReply } } },
    async (req) => {
      const { name } = req.params;
      const values = { name, kind: resourceKind(name)!, content: req.body.content, updatedBy: req.user!.username, updatedAt: new Date() };
      const [draft] = await app.db
        .insert(modelDrafts)
        .values(values)
        .onConflictDoUpdate({ target: modelDrafts.name, set: { content: values.content, kind: values.kind, updatedBy: values.updatedBy, updatedAt: values.updatedAt } })
        .returning();
      await req.audit('model.draft.save', { target: name, details: { kind: values.kind, size: values.content.length } });
      return { ...draft!, updatedAt: draft!.updatedAt.toISOString() };
    },
  );
};

export default modelRoutes;
