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
    if (!template?.kind) throw new Error(`workers/documents/templates/${file}: the default export is not a defineTemplate(...) template`);
    if (templates.has(template.kind)) throw new Error(`document kind '${template.kind}' has two templates (${file})`);
    templates.set(template.kind, template);
  }
  return templates;
}

export const documentTemplates = () => (loading ??= load());

export async function templateFor(kind: string): Promise<DocumentTemplate> {
  const templates = await documentTemplates();
  const template = templates.get(kind);
  if (!template) throw new Error(`no template for document kind '${kind}' (known: ${[...templates.keys()].join('、')})`);
  return template;
}
