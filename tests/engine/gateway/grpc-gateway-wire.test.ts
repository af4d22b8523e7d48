/** What the SDK hides: compression, exact wire values, and how failures become statuses. */
import http2 from 'node:http2';
import zlib, { gzipSync } from 'node:zlib';
import type * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BackpressureError } from '../../../engine/src/engine-api.js';
import { loadGatewayService } from '../../../engine/src/gateway/grpc/protocol.js';
import { processXml, rawClient, sdkClient, startHarness, unary, type Harness, type RawGatewayClient } from './gateway-harness.js';

let harness: Harness;
let raw: RawGatewayClient;

beforeAll(async () => {
  harness = await startHarness();
  raw = rawClient(harness.address);
});

afterAll(async () => {
  raw.close();
  await harness.close();
});

describe('gRPC gateway on the wire', () => {
  it('accepts a gzip-compressed request, and advertises identity only so that the SDK stops compressing', async () => {
    const deployResource = loadGatewayService().DeployResource!;
    const message = deployResource.requestSerialize({
      resources: [{ name: 'gz.bpmn', content: Buffer.from(processXml('gzipped')) }],
      tenantId: '',
    });

    const response = await http2Call(harness.address, '/gateway_protocol.Gateway/DeployResource', gzipSync(message), 'gzip');

    expect(response.headers['grpc-accept-encoding']).toBe('identity');
    expect(response.trailers['grpc-status']).toBe('0');
    const decoded = deployResource.responseDeserialize(response.message!) as { key: string; deployments: { process: { bpmnProcessId: string } }[] };
    expect(decoded.key).toMatch(/^\d{16}$/);
    expect(decoded.deployments[0]!.process.bpmnProcessId).toBe('gzipped');
  });

  it('gets plain requests from the SDK once it has seen an answer (it compresses with gzip by default)', async () => {
    const zbc = sdkClient(harness.address);
    const gunzip = vi.spyOn(zlib, 'createGunzip');
    try {
      for (let i = 0; i < 4; i++) await zbc.deployResource({ name: `plain-${i}.bpmn`, process: Buffer.from(processXml(`plain${i}`)) });
      // the first request may be compressed: the client has not seen the gateway's header yet
      expect(gunzip.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      gunzip.mockRestore();
      await zbc.close();
    }
  });

  it('answers a process definition key as a decimal string, beyond 2^53', async () => {
    await unary(raw, 'DeployResource', { resources: [{ name: 'big.bpmn', content: Buffer.from(processXml('big')) }] });

    const created = await unary<{ processDefinitionKey: string; processInstanceKey: string }>(raw, 'CreateProcessInstance', {
      bpmnProcessId: 'big',
      version: -1,
    });

    expect(typeof created.processInstanceKey).toBe('string');
    expect(BigInt(created.processInstanceKey)).toBeGreaterThan(2n ** 51n);
  });

  it('refuses variables that are not JSON, with Zeebe text', async () => {
    const error = await unary(raw, 'CompleteJob', { jobKey: '1', variables: '{bad' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 3, details: 'Invalid JSON value: {bad' });
    expect(harness.engine.commands('completeJob')).toEqual([]);
  });

  it('treats an empty variables string as no variables', async () => {
    await unary(raw, 'CompleteJob', { jobKey: '42', variables: '' }).catch(() => undefined);

    expect(harness.engine.commands('completeJob').at(-1)).toEqual({ jobKey: '42', variables: undefined });
  });

  it('passes durations to the engine as numbers (ms)', async () => {
    await unary(raw, 'FailJob', { jobKey: '7', retries: 2, errorMessage: 'court system down', retryBackOff: '30000' }).catch(() => undefined);
    await unary(raw, 'UpdateJobTimeout', { jobKey: '7', timeout: '60000' }).catch(() => undefined);

    expect(harness.engine.commands('failJob').at(-1)).toEqual({
      jobKey: '7',
      retries: 2,
      errorMessage: 'court system down',
      retryBackOff: 30_000,
      variables: undefined,
    });
    expect(harness.engine.commands('updateJobTimeout').at(-1)).toEqual({ jobKey: '7', timeoutMs: 60_000 });
  });

  it('maps an unexpected engine exception to INTERNAL without its stack', async () => {
    const failure = new Error('connection to database lost');
    harness.engine.throwOnNextCommand = failure;

    const error = (await unary(raw, 'CancelProcessInstance', { processInstanceKey: '5' }).catch((e: unknown) => e)) as grpc.ServiceError;

    expect(error).toMatchObject({ code: 13, details: 'Unexpected error occurred during the request processing: connection to database lost' });
    expect(error.details).not.toContain(' at ');
  });

  it('maps back-pressure to RESOURCE_EXHAUSTED', async () => {
    harness.engine.throwOnNextCommand = new BackpressureError();

    const error = await unary(raw, 'ResolveIncident', { incidentKey: '9' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 8, details: new BackpressureError().message });
  });

  it('refuses start instructions, which the engine does not support yet', async () => {
    const error = await unary(raw, 'CreateProcessInstance', {
      bpmnProcessId: 'big',
      version: -1,
      startInstructions: [{ elementId: 'task' }],
    }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 12 });
  });

  it('answers every RPC of the service, UNIMPLEMENTED ones by name', async () => {
    const error = await unary(raw, 'MigrateProcessInstance', { processInstanceKey: '1' }).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 12,
      details: 'Expected to handle gRPC request MigrateProcessInstance, but it is not yet supported by this engine',
    });
  });
});

/** One unary call over plain HTTP/2, so that the request's compression is ours to choose. */
function http2Call(address: string, path: string, payload: Buffer, encoding: 'gzip' | 'identity') {
  return new Promise<{ headers: http2.IncomingHttpHeaders; trailers: http2.IncomingHttpHeaders; message: Buffer | undefined }>(
    (resolve, reject) => {
      const session = http2.connect(`http://${address}`);
      session.on('error', reject);
      const request = session.request({
        ':method': 'POST',
        ':path': path,
        'content-type': 'application/grpc',
        te: 'trailers',
        'grpc-encoding': encoding,
      });
      let headers: http2.IncomingHttpHeaders = {};
      let trailers: http2.IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      request.on('response', (h) => (headers = h));
      request.on('trailers', (t) => (trailers = t));
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        session.close();
        const body = Buffer.concat(chunks);
        resolve({ headers, trailers, message: body.length >= 5 ? body.subarray(5, 5 + body.readUInt32BE(1)) : undefined });
      });
      const frameHeader = Buffer.alloc(5);
      frameHeader.writeUInt8(encoding === 'gzip' ? 1 : 0, 0);
      frameHeader.writeUInt32BE(payload.length, 1);
      request.end(Buffer.concat([frameHeader, payload]));
    },
  );
}
