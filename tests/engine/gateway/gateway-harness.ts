/**
 * Starts the gRPC gateway on a free port in front of the test double, and gives the tests
 * the real clients: the Camunda SDK, the zbctl binary, and a raw grpc-js client for what
 * the SDK hides (cancelling a call, exact wire values).
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { sdkClient as supportSdkClient } from '../../support/clients.js';
import { startGrpcGateway, type GrpcGateway } from '../../../engine/src/gateway/grpc/grpc-gateway.js';
import { zeebeProtoPath } from '../../../engine/src/gateway/grpc/protocol.js';
import { FakeEngine } from './fake-engine.js';

export interface Harness {
  engine: FakeEngine;
  gateway: GrpcGateway;
  address: string;
  close(): Promise<void>;
}

export async function startHarness(options: { credentials?: { username: string; password: string } } = {}): Promise<Harness> {
  const engine = new FakeEngine();
  const gateway = await startGrpcGateway(engine, { port: 0, credentials: options.credentials, logger: { error: () => {} } });
  return { engine, gateway, address: `127.0.0.1:${gateway.port}`, close: () => gateway.close() };
}

/** The SDK as the tests use it everywhere (tests/support/clients.ts), with this file's auth argument. */
export function sdkClient(address: string, auth: { username: string; password: string } | 'NONE' = 'NONE') {
  return supportSdkClient(address, auth === 'NONE' ? {} : { auth });
}

export type RawGatewayClient = grpc.Client & Record<string, (...args: any[]) => any>;

/** A plain grpc-js client of the same service, speaking the wire as it is (keys as strings). */
export function rawClient(address: string, channelOptions: grpc.ChannelOptions = {}): RawGatewayClient {
  const definition = protoLoader.loadSync(zeebeProtoPath(), {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const proto = grpc.loadPackageDefinition(definition) as any;
  return new proto.gateway_protocol.Gateway(address, grpc.credentials.createInsecure(), channelOptions) as RawGatewayClient;
}

export function unary<T>(client: RawGatewayClient, rpc: string, request: object, metadata = new grpc.Metadata()): Promise<T> {
  return new Promise((resolve, reject) =>
    client[rpc]!(request, metadata, (error: grpc.ServiceError | null, response: T) => (error ? reject(error) : resolve(response))),
  );
}

export { sleep, zbctl } from '../../support/clients.js';

export function processXml(bpmnProcessId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${bpmnProcessId}" isExecutable="true">
    <bpmn:startEvent id="start" />
  </bpmn:process>
</bpmn:definitions>
`;
}
