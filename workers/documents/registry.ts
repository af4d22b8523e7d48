/** The document templates: every `templates/*.template.ts` file, found at first use. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DocumentTemplate } from './template.js';

const TEMPLATES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');
let loading: Promise<Map<string, DocumentTemplate>> | undefined;

async function load(): Promise<Map<string, DocumentTemplate>> {
  const templates = new Map<string, DocumentTemplate>();
  for (const file of fs.readdirSync(TEMPLATES_DIR).filter((f) => /\.template\.(ts|js)$/.test(f)).sort()) {
    const template = (await import(pathToFileURL(path.join(TEMPLATES_DIR, file)).href)).default as DocumentTemplate | undefined;
    if (!template?.kind) throw new Error(`文书模板文件 workers/documents/templates/${file} 的默认导出不是 defineTemplate(...) 模板`);
    if (templates.has(template.kind)) throw new Error(`文书种类 ${template.kind} 有两个模板（${file}）`);
    templates.set(template.kind, template);
  }
  return templates;
}

export const documentTemplates = () => (loading ??= load());

export async function templateFor(kind: string): Promise<DocumentTemplate> {
  const templates = await documentTemplates();
  const template = templates.get(kind);
  if (!template) throw new Error(`没有文书种类 ${kind} 的模板（已有：${[...templates.keys()].join('、')}）`);
  return template;
}
