/** Basic authentication on every call, as the SDK sends it with CAMUNDA_AUTH_STRATEGY=BASIC. */
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawClient, sdkClient, sleep, startHarness, unary, zbctl, type Harness, type RawGatewayClient } from './gateway-harness.js';

const credentials = { username: 'clerk', password: 's3cret:with-colon' };

let harness: Harness;
let raw: RawGatewayClient;

beforeAll(async () => {
  harness = await startHarness({ credentials });
  raw = rawClient(harness.address);
});

afterAll(async () => {
  raw.close();
  await harness.close();
});

describe('gRPC gateway with basic authentication', () => {
  it('serves the SDK configured with the right user and password', async () => {
    const zbc = sdkClient(harness.address, credentials);
    try {
      expect(await zbc.topology()).toMatchObject({ clusterSize: 1 });
    } finally {
      await zbc.close();
    }
  });

  it('refuses a call without an authorization header', async () => {
    const error = await unary(raw, 'Topology', {}).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 16,
      details: 'Expected authentication information at header with key [authorization], but found nothing',
    });
  });

  it('refuses the SDK without credentials (it sends an empty authorization header)', async () => {
    const zbc = sdkClient(harness.address, 'NONE');
    try {
      const error = await zbc.topology().catch((e: unknown) => e);

      expect(error).toMatchObject({ code: 16, details: "Expected authentication information to start with 'Basic '" });
    } finally {
      await zbc.close();
    }
  });

  it('refuses a wrong password', async () => {
    const zbc = sdkClient(harness.address, { username: 'clerk', password: 'guess' });
    try {
      const error = await zbc.createProcessInstance({ bpmnProcessId: 'any', variables: {} }).catch((e: unknown) => e);

      expect(error).toMatchObject({ code: 16, details: 'Invalid credentials' });
      expect(harness.engine.commands('createProcessInstance')).toEqual([]);
    } finally {
      await zbc.close();
    }
  });

  it('refuses a bearer token', async () => {
    const metadata = new grpc.Metadata();
    metadata.set('authorization', 'Bearer abc.def.ghi');

    const error = await unary(raw, 'Topology', {}, metadata).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 16, details: "Expected authentication information to start with 'Basic '" });
  });

  it('refuses before a job could be activated', async () => {
    harness.engine.createJob('auth.task');

    const call = raw.ActivateJobs({ type: 'auth.task', worker: 'w', timeout: '1000', maxJobsToActivate: 1, requestTimeout: '-1' });
    const error = await new Promise((resolve) => call.on('error', resolve));
    await sleep(50);

    expect(error).toMatchObject({ code: 16 });
    expect(harness.engine.activated).toEqual([]);
  });

  it('refuses zbctl, which cannot send basic credentials', async () => {
    const { stderr } = await zbctl(harness.address, 'status');

    expect(stderr).toContain('code = Unauthenticated');
  });
});
