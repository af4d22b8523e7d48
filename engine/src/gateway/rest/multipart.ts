/**
 * A small `multipart/form-data` reader (RFC 7578) for deployments: the whole body is in
 * memory already (bounded by the route's body limit), so parts are slices of it.
 */
export interface FormPart {
  /** the form field's name */
  name: string;
  /** set for file parts */
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export class MultipartError extends Error {}

/** A parsed `multipart/form-data` request body. */
export class MultipartBody {
  constructor(readonly parts: FormPart[]) {}

  files(name: string): FormPart[] {
    return this.parts.filter((p) => p.name === name);
  }

  text(name: string): string | undefined {
    return this.parts.find((p) => p.name === name)?.data.toString('utf8');
  }
}

export function boundaryOf(contentType: string | undefined): string {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  const boundary = match?.[1] ?? match?.[2]?.trim();
  if (!boundary) throw new MultipartError('Expected a multipart/form-data body with a boundary, but none was given');
  return boundary;
}

export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  if (start < 0) throw new MultipartError('Expected a multipart/form-data body, but found no part');
  for (;;) {
    start += delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    start = skipLineBreak(body, start);
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw new MultipartError('Expected the multipart/form-data body to end with its closing boundary');
    // the part's content ends before the CRLF that precedes the next delimiter
    const end = body[next - 2] === 0x0d && body[next - 1] === 0x0a ? next - 2 : body[next - 1] === 0x0a ? next - 1 : next;
    parts.push(parsePart(body.subarray(start, end)));
    start = next;
  }
  return parts;
}

function parsePart(part: Buffer): FormPart {
  let headerEnd = part.indexOf('\r\n\r\n');
  let bodyStart = headerEnd + 4;
  if (headerEnd < 0) {
    headerEnd = part.indexOf('\n\n');
    bodyStart = headerEnd + 2;
  }
  if (headerEnd < 0) throw new MultipartError('Expected every multipart/form-data part to have headers');
  const headers = new Map<string, string>();
  for (const line of part.subarray(0, headerEnd).toString('utf8').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  const name = paramOf(disposition, 'name');
  if (name === undefined) throw new MultipartError('Expected every multipart/form-data part to have a name');
  const filename = paramOf(disposition, 'filename*') ?? paramOf(disposition, 'filename');
  return { name, filename, contentType: headers.get('content-type'), data: part.subarray(bodyStart) };
}

/** `name="x"`, `filename="a.bpmn"`, or RFC 5987 `filename*=UTF-8''a%20b.bpmn` */
function paramOf(header: string, param: string): string | undefined {
  const escaped = param.replace('*', '\\*');
  const match = new RegExp(`(?:^|;)\\s*${escaped}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(header);
  if (!match) return undefined;
  const value = match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? '').trim();
  if (param.endsWith('*')) {
    const encoded = /^[^']*'[^']*'(.*)$/.exec(value);
    return decodeURIComponent(encoded?.[1] ?? value);
  }
  return value;
}

function skipLineBreak(body: Buffer, at: number): number {
  if (body[at] === 0x0d && body[at + 1] === 0x0a) return at + 2;
  if (body[at] === 0x0a) return at + 1;
  return at;
}
