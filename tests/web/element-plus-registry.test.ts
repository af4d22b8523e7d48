/**
 * The console registers Element Plus component by component (web/src/app/element-plus.ts). A
 * template using an `<el-…>` tag that is not registered renders nothing useful, and a service
 * (ElMessage) without its stylesheet renders unstyled: this reads every source file under
 * web/src and checks both, so adding a component to a page without registering it fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WEB = fileURLToPath(new URL('../../web/src', import.meta.url));
const registry = fs.readFileSync(path.join(WEB, 'app/element-plus.ts'), 'utf8');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(vue|ts)$/.test(entry.name) ? [full] : [];
  });
}

const pascal = (kebab: string) => 'El' + kebab.split('-').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
const kebab = (name: string) => name.slice(2).replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const registered = new Set(registry.match(/export const elementComponents = \[([^\]]*)\]/)![1]!.match(/El\w+/g));
const styled = new Set([...registry.matchAll(/element-plus\/es\/components\/([a-z-]+)\/style\/css/g)].map((m) => m[1]));

describe('Element Plus registry', () => {
  const files = sources(WEB);
  const tags = new Map<string, string>();
  const services = new Map<string, string>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const [, tag] of text.matchAll(/<(el-[a-z-]+)/g)) tags.set(tag!, path.relative(WEB, file));
    for (const [, names] of text.matchAll(/import \{([^}]*)\} from 'element-plus'/g)) {
      for (const name of names!.match(/El\w+/g) ?? []) services.set(name, path.relative(WEB, file));
    }
  }

  it('finds the templates (the scan reads real pages)', () => {
    expect(tags.size).toBeGreaterThan(20);
    expect(tags.has('el-table')).toBe(true);
  });

  it('registers every component a template uses, each with its stylesheet', () => {
    const missing = [...tags].filter(([tag]) => !registered.has(pascal(tag.slice(3)))).map(([tag, file]) => `${tag} (${file})`);
    const unstyled = [...registered].filter((name) => !styled.has(kebab(name)));
    expect(missing).toEqual([]);
    expect(unstyled).toEqual([]);
  });

  it('loads the stylesheet of every service a script imports (ElMessage, ElMessageBox)', () => {
    const unstyled = [...services]
      .filter(([name, file]) => file !== 'app/element-plus.ts' && !registered.has(name) && !styled.has(kebab(name)))
      .map(([name, file]) => `${name} (${file})`);
    expect(unstyled).toEqual([]);
  });
});
