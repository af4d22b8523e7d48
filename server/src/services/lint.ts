/**
 * Model checks before a deployment: BPMN through `bpmnlint` with Camunda's compatibility rules for
 * the execution platform version the model declares (`modeler:executionPlatformVersion`, as the
 * Camunda Modeler writes it), DMN through dmn-moddle's reader, forms as form-js JSON. Every
 * problem names the element (or form field) it is about, so the modeler can select it.
 */
import path from 'node:path';
import { BpmnModdle, type ModdleWarning } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import { DmnModdle } from 'dmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

export type ProblemCategory = 'error' | 'warn';

export interface LintProblem {
  /** the resource (file name) the problem is in */
  resource: string;
  /** the BPMN/DMN element id or form component id; absent only when the document cannot be read at all */
  id?: string;
  /** the rule that found it: a bpmnlint rule (`camunda-compat/implementation`) or `xml`, `form` */
  rule: string;
  category: ProblemCategory;
  message: string;
}

export interface ModelResource {
  name: string;
  content: string;
}

/** the Camunda 8 versions the installed plugin has a configuration for, as `8-8` */
const COMPAT_CONFIG_PREFIX = 'plugin:camunda-compat/camunda-cloud-';
const SUPPORTED_VERSIONS = ['8-0', '8-1', '8-2', '8-3', '8-4', '8-5', '8-6', '8-7', '8-8', '8-9', '8-10'];
/** the version the engine implements; a model that declares none is checked against it */
export const DEFAULT_PLATFORM_VERSION = '8.8';

export type ResourceKind = 'bpmn' | 'dmn' | 'form';

export function resourceKind(name: string): ResourceKind | undefined {
  const ext = path.extname(name).toLowerCase();
  if (ext === '.bpmn' || name.toLowerCase().endsWith('.bpmn20.xml')) return 'bpmn';
  if (ext === '.dmn') return 'dmn';
  if (ext === '.form') return 'form';
  return undefined;
}

/**
 * The compat configuration for a declared `modeler:executionPlatformVersion` ("8.8.0" →
 * `camunda-cloud-8-8`), or a problem when the model targets something we cannot check.
 */
export function compatConfigFor(declared: string | undefined, platform: string | undefined): { config: string } | { problem: string } {
  if (platform && !/camunda cloud/i.test(platform)) {
    return { problem: `模型的执行平台为「${platform}」，本平台只执行 Camunda 8（Camunda Cloud）模型` };
  }
  const match = /^(\d+)\.(\d+)/.exec(declared ?? DEFAULT_PLATFORM_VERSION);
  const version = match ? `${match[1]}-${match[2]}` : undefined;
  if (!version || !SUPPORTED_VERSIONS.includes(version)) {
    return { problem: `不支持的执行平台版本「${declared}」，支持 Camunda 8.0–8.10` };
  }
  return { config: `${COMPAT_CONFIG_PREFIX}${version}` };
}

const warningProblem = (resource: string, w: ModdleWarning): LintProblem => ({
  resource,
  ...(w.element?.id ? { id: w.element.id } : {}),
  rule: 'xml',
  category: 'error',
  message: w.message.split('\n')[0],
});

/** one linter per configuration: resolving the rules reads the plugin's files */
const linters = new Map<string, Linter>();
const linterFor = (config: string) => {
  if (!linters.has(config)) linters.set(config, new Linter({ config: { extends: [config] }, resolver: new NodeResolver() }));
  return linters.get(config)!;
};

export async function lintBpmn(xml: string, resource = 'model.bpmn'): Promise<LintProblem[]> {
  let parsed;
  try {
    parsed = await new BpmnModdle({ zeebe: zeebeDescriptor }).fromXML(xml);
  } catch (err) {
    const warnings = (err as { warnings?: ModdleWarning[] }).warnings ?? [];
    const first = warnings[0]?.message.split('\n')[0];
    return [{ resource, rule: 'xml', category: 'error', message: `无法解析 BPMN XML：${first ?? (err as Error).message}` }];
  }
  const problems = parsed.warnings.map((w) => warningProblem(resource, w));
  const attrs = ((parsed.rootElement as { $attrs?: Record<string, string> }).$attrs ?? {}) as Record<string, string>;
  const root = parsed.rootElement as { id?: string };
  const compat = compatConfigFor(attrs['modeler:executionPlatformVersion'], attrs['modeler:executionPlatform']);
  if ('problem' in compat) return [...problems, { resource, id: root.id, rule: 'execution-platform', category: 'error', message: compat.problem }];

  const reports = await linterFor(compat.config).lint(parsed.rootElement);
  for (const [rule, found] of Object.entries(reports)) {
    for (const r of found) {
      if (r.category === 'info') continue;
      // a rule that crashed is a broken check, not a clean model: refuse rather than deploy unchecked
      const category: ProblemCategory = r.category === 'warn' ? 'warn' : 'error';
      problems.push({ resource, ...(r.id ? { id: r.id } : root.id ? { id: root.id } : {}), rule, category, message: r.message });
    }
  }
  return problems;
}

export async function lintDmn(xml: string, resource = 'decision.dmn'): Promise<LintProblem[]> {
  try {
    const parsed = await new DmnModdle().fromXML(xml, 'dmn:Definitions');
    return parsed.warnings.map((w) => warningProblem(resource, w));
  } catch (err) {
    const warnings = (err as { warnings?: ModdleWarning[] }).warnings ?? [];
    const first = warnings[0]?.message.split('\n')[0];
    return [{ resource, rule: 'xml', category: 'error', message: `无法解析 DMN XML：${first ?? (err as Error).message}` }];
  }
}

/** a form-js document: JSON with an `id` (the form id tasks refer to) and components with unique keys */
export function lintForm(json: string, resource = 'form.form'): LintProblem[] {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    return [{ resource, rule: 'form', category: 'error', message: `表单不是合法的 JSON：${(err as Error).message}` }];
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return [{ resource, rule: 'form', category: 'error', message: '表单必须是 JSON 对象' }];
  }
  const form = doc as { id?: unknown; type?: unknown; components?: unknown };
  const problems: LintProblem[] = [];
  if (typeof form.id !== 'string' || !form.id) problems.push({ resource, rule: 'form', category: 'error', message: '表单缺少 id（任务通过 formId 引用它）' });
  if (form.type !== 'default') problems.push({ resource, ...(typeof form.id === 'string' ? { id: form.id } : {}), rule: 'form', category: 'error', message: '表单的 type 必须为 "default"' });
  const seen = new Set<string>();
  const walk = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const c of components as Array<{ id?: string; key?: string; components?: unknown }>) {
      if (typeof c.key === 'string') {
        if (seen.has(c.key)) problems.push({ resource, id: c.id ?? c.key, rule: 'form', category: 'error', message: `字段 key「${c.key}」重复` });
        seen.add(c.key);
      }
      walk(c.components);
    }
  };
  walk(form.components);
  return problems;
}

export async function lintResource(resource: ModelResource): Promise<LintProblem[]> {
  switch (resourceKind(resource.name)) {
    case 'bpmn':
      return lintBpmn(resource.content, resource.name);
    case 'dmn':
      return lintDmn(resource.content, resource.name);
    case 'form':
      return lintForm(resource.content, resource.name);
    default:
      return [{ resource: resource.name, rule: 'resource', category: 'error', message: `不支持的文件类型「${resource.name}」，只能部署 .bpmn、.dmn 和 .form` }];
  }
}

export async function lintResources(resources: ModelResource[]): Promise<LintProblem[]> {
  return (await Promise.all(resources.map(lintResource))).flat();
}

export const hasErrors = (problems: LintProblem[]) => problems.some((p) => p.category === 'error');
