/**
 * The document store: generated 文书 as files under `DOCUMENTS_DIR` (default `.data/documents`),
 * one file per (case, document kind, source element instance), with a JSON index beside them.
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

const INDEX = 'index.json';

export function createDocumentStore(options: { dir?: string } = {}): DocumentStore {
  const dir = path.resolve(options.dir ?? defaultDocumentsDir());
  const indexFile = path.join(dir, INDEX);
  const readIndex = (): Record<string, StoredDocument> => (fs.existsSync(indexFile) ? JSON.parse(fs.readFileSync(indexFile, 'utf8')) : {});
  const writeAtomic = (file: string, data: Buffer | string) => {
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  };
  return {
    dir,
    put(doc) {
      for (const field of ['caseId', 'kind', 'title', 'sourceKey'] as const) {
        if (typeof doc[field] !== 'string' || !doc[field]) throw new Error(`document.${field}: required`);
      }
      fs.mkdirSync(dir, { recursive: true });
      const id = documentId(doc.caseId, doc.kind, doc.sourceKey);
      const fileName = `${id}.${doc.extension ?? 'docx'}`;
      writeAtomic(path.join(dir, fileName), doc.content);
      // index updates are read-modify-write; workers in one process serialise through the event loop
      const index = readIndex();
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
        createdAt: index[id]?.createdAt ?? now,
        updatedAt: now,
        size: doc.content.length,
      };
      index[id] = entry;
      writeAtomic(indexFile, JSON.stringify(index, null, 1));
      return entry;
    },
    listByCase(caseId) {
      return Object.values(readIndex())
        .filter((d) => d.caseId === caseId)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.kind.localeCompare(b.kind));
    },
    get(id) {
      return readIndex()[id];
    },
    read(id) {
      if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
      const document = readIndex()[id];
      if (!document) return undefined;
      const file = path.join(dir, document.fileName);
      return fs.existsSync(file) ? { document, content: fs.readFileSync(file) } : undefined;
    },
  };
}
