/**
 * The document store: generated 文书 as files under `DOCUMENTS_DIR` (default `.data/documents`),
 * one file per (case, document kind, source element instance), with one entry file per document
 * (see the layout below: several worker processes may write at once).
 * Writing the same triple again overwrites the file and keeps its id, so a redelivered job never
 * makes a second document. The server lists a case's documents and serves them by id.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface StoredDocument {
  /** stable id of (caseId, kind, sourceKey) */
  id: string;
  caseId: string;
  caseNumber: string;
  /** document kind, the template's name, e.g. 执行通知书 */
  kind: string;
  /** title shown to staff, e.g. 执行通知书（（2026）豫1330执123号） */
  title: string;
  fileName: string;
  contentType: string;
  /** the element instance (or other stable key) that produced it */
  sourceKey: string;
  createdAt: string;
  updatedAt: string;
  size: number;
}

export interface PutDocument {
  caseId: string;
  caseNumber: string;
  kind: string;
  title: string;
  sourceKey: string;
  content: Buffer;
  extension?: string;
  contentType?: string;
}

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const defaultDocumentsDir = () => process.env.DOCUMENTS_DIR ?? path.join('.data', 'documents');

export interface DocumentStore {
  readonly dir: string;
  put(doc: PutDocument): StoredDocument;
  listByCase(caseId: string): StoredDocument[];
  get(id: string): StoredDocument | undefined;
  /** the document and its bytes, or undefined */
  read(id: string): { document: StoredDocument; content: Buffer } | undefined;
}

export const documentId = (caseId: string, kind: string, sourceKey: string) =>
  crypto.createHash('sha256').update(JSON.stringify([caseId, kind, sourceKey])).digest('hex').slice(0, 32);

/**
 * Layout, safe for several worker processes writing at once (no file is ever read, changed and
 * written back):
 * - `<id>.<ext>`: the document's bytes;
 * - `meta/<id>.json`: its entry;
 * - `by-case/<case hash>/<id>`: an empty marker per document of the case, so a case's list is one
 *   directory listing.
 * Every file is written to a temporary name and renamed into place (atomic on one file system),
 * so a reader sees the old or the new file, never half of one, and two writers of the same
 * document leave one whole entry.
 */
const META = 'meta';
const BY_CASE = 'by-case';
/** the index file of the earlier layout, migrated on first use */
const LEGACY_INDEX = 'index.json';

const caseHash = (caseId: string) => crypto.createHash('sha256').update(caseId).digest('hex').slice(0, 32);
const ID = /^[0-9a-f]{32}$/;

export function createDocumentStore(options: { dir?: string } = {}): DocumentStore {
  const dir = path.resolve(options.dir ?? defaultDocumentsDir());
  const metaFile = (id: string) => path.join(dir, META, `${id}.json`);
  const caseDir = (caseId: string) => path.join(dir, BY_CASE, caseHash(caseId));
  const writeAtomic = (file: string, data: Buffer | string) => {
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  };
  const readMeta = (id: string): StoredDocument | undefined => {
    try {
      return JSON.parse(fs.readFileSync(metaFile(id), 'utf8')) as StoredDocument;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  const record = (entry: StoredDocument) => {
    fs.mkdirSync(path.join(dir, META), { recursive: true });
    fs.mkdirSync(caseDir(entry.caseId), { recursive: true });
    writeAtomic(metaFile(entry.id), JSON.stringify(entry, null, 1));
    // the marker is empty: creating it twice is harmless
    fs.closeSync(fs.openSync(path.join(caseDir(entry.caseId), entry.id), 'a'));
  };
  let migrated = false;
  /** entries of the earlier single index.json become meta files once (idempotent across processes) */
  const migrate = () => {
    if (migrated) return;
    migrated = true;
    const legacy = path.join(dir, LEGACY_INDEX);
    if (!fs.existsSync(legacy)) return;
    const index = JSON.parse(fs.readFileSync(legacy, 'utf8')) as Record<string, StoredDocument>;
    for (const entry of Object.values(index)) if (!readMeta(entry.id)) record(entry);
    try {
      fs.renameSync(legacy, `${legacy}.migrated`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // another process moved it first
    }
  };
  const get = (id: string) => {
    if (!ID.test(id)) return undefined;
    migrate();
    return readMeta(id);
  };
  return {
    dir,
    put(doc) {
      for (const field of ['caseId', 'kind', 'title', 'sourceKey'] as const) {
        if (typeof doc[field] !== 'string' || !doc[field]) throw new Error(`缺少文书字段 document.${field}`);
      }
      migrate();
      fs.mkdirSync(dir, { recursive: true });
      const id = documentId(doc.caseId, doc.kind, doc.sourceKey);
      const fileName = `${id}.${doc.extension ?? 'docx'}`;
      writeAtomic(path.join(dir, fileName), doc.content);
      const now = new Date().toISOString();
      const entry: StoredDocument = {
        id,
        caseId: doc.caseId,
        caseNumber: doc.caseNumber,
        kind: doc.kind,
        title: doc.title,
        fileName,
        contentType: doc.contentType ?? DOCX_CONTENT_TYPE,
        sourceKey: doc.sourceKey,
        createdAt: readMeta(id)?.createdAt ?? now,
        updatedAt: now,
        size: doc.content.length,
      };
      record(entry);
      return entry;
    },
    listByCase(caseId) {
      migrate();
      let ids: string[];
      try {
        ids = fs.readdirSync(caseDir(caseId)).filter((name) => ID.test(name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      return ids
        .map(readMeta)
        .filter((d): d is StoredDocument => d !== undefined && d.caseId === caseId)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
    },
    get,
    read(id) {
      const document = get(id);
      if (!document) return undefined;
      const file = path.join(dir, document.fileName);
      return fs.existsSync(file) ? { document, content: fs.readFileSync(file) } : undefined;
    },
  };
}
