/**
 * The document store (common/document-store.ts): one document per (case, kind, source), stable
 * ids on rewrite, listing by case, and several processes writing at once (the workers may run as
 * more than one process over one DOCUMENTS_DIR) without losing an entry.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentStore, documentId, type StoredDocument } from '../../common/document-store.js';

const dirs: string[] = [];
const tmpDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'document-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const doc = (caseId: string, kind: string, sourceKey: string, text = kind) => ({
  caseId, caseNumber: '（2026）豫1330执7号', kind, title: `${kind}（（2026）豫1330执7号）`, sourceKey, content: Buffer.from(text),
});

/** runs the writer fixture as its own Node process */
const writer = (dir: string, name: string, count: number) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/common/fixtures/document-writer.ts'), dir, name, String(count)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${name} exited with ${code}: ${stderr}`))));
  });

describe('document store', () => {
  it('keeps one document per (case, kind, source): a rewrite keeps the id and createdAt and replaces the bytes', () => {
    const store = createDocumentStore({ dir: tmpDir() });
    const first = store.put(doc('c1', '执行通知书', 'el-1', 'v1'));
    const again = store.put(doc('c1', '执行通知书', 'el-1', 'v2'));
    expect(again.id).toBe(first.id);
    expect(again.id).toBe(documentId('c1', '执行通知书', 'el-1'));
    expect(again.createdAt).toBe(first.createdAt);
    expect(store.listByCase('c1')).toHaveLength(1);
    expect(store.read(first.id)!.content.toString()).toBe('v2');
  });

  it('lists a case’s documents only, and answers unknown or malformed ids with undefined', () => {
    const store = createDocumentStore({ dir: tmpDir() });
    store.put(doc('c1', '受理通知书', 'el-1'));
    store.put(doc('c1', '执行通知书', 'el-2'));
    const other = store.put(doc('c2', '执行通知书', 'el-3'));
    expect(store.listByCase('c1').map((d) => d.kind).sort()).toEqual(['受理通知书', '执行通知书']);
    expect(store.listByCase('c2').map((d) => d.id)).toEqual([other.id]);
    expect(store.listByCase('nobody')).toEqual([]);
    expect(store.get('0'.repeat(32))).toBeUndefined();
    expect(store.read('../index')).toBeUndefined();
    // a second store over the same folder (another process) sees the same documents
    expect(createDocumentStore({ dir: store.dir }).get(other.id)).toMatchObject({ caseId: 'c2', kind: '执行通知书' });
  });

  it('refuses a document without its case, kind, title or source, naming the field', () => {
    const store = createDocumentStore({ dir: tmpDir() });
    expect(() => store.put({ ...doc('c1', '执行通知书', 'el-1'), sourceKey: '' })).toThrow('缺少文书字段 document.sourceKey');
    expect(() => store.put({ ...doc('', '执行通知书', 'el-1') })).toThrow('缺少文书字段 document.caseId');
  });

  it('takes over the entries of an earlier index.json', () => {
    const dir = tmpDir();
    const old = createDocumentStore({ dir: tmpDir() }).put(doc('c9', '报告财产令', 'el-9', 'old bytes'));
    fs.writeFileSync(path.join(dir, old.fileName), 'old bytes');
    fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ [old.id]: old }));
    const store = createDocumentStore({ dir });
    expect(store.listByCase('c9')).toEqual([old]);
    expect(store.read(old.id)!.content.toString()).toBe('old bytes');
    expect(fs.existsSync(path.join(dir, 'index.json'))).toBe(false);
  });

  it('two processes writing into one folder at once lose no document and leave one copy of the one they share', async () => {
    const dir = tmpDir();
    const count = 100;
    await Promise.all([writer(dir, 'a', count), writer(dir, 'b', count)]);
    const store = createDocumentStore({ dir });
    const listed = store.listByCase('case-1');
    const notices = listed.filter((d: StoredDocument) => d.kind === '执行通知书');
    expect(notices).toHaveLength(2 * count);
    expect(new Set(notices.map((d) => d.sourceKey)).size).toBe(2 * count);
    const shared = listed.filter((d) => d.kind === '受理通知书');
    expect(shared).toHaveLength(1);
    expect(store.read(shared[0]!.id)!.content.toString()).toMatch(/^shared by [ab]$/);
    for (const d of notices) expect(store.read(d.id)!.content.toString()).toBe(d.sourceKey.replace(':', '-'));
    // no temporary file is left behind
    const leftovers = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  }, 60_000);
});
