/**
 * The real clients the engine must satisfy: the Camunda 8 SDK (gRPC) and the zbctl binary.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Camunda8 } from '@camunda8/sdk';

/** plain-text gRPC, no OAuth, quiet logs, no client retries (errors reach the test at once) */
export function sdkClient(address: string, options: { auth?: { username: string; password: string }; longPollSeconds?: number } = {}) {
  const camunda = new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://${address}`,
    CAMUNDA_AUTH_STRATEGY: options.auth ? 'BASIC' : 'NONE',
    ...(options.auth ? { CAMUNDA_BASIC_AUTH_USERNAME: options.auth.username, CAMUNDA_BASIC_AUTH_PASSWORD: options.auth.password } : {}),
    CAMUNDA_LOG_LEVEL: 'none',
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      ZEEBE_GRPC_CLIENT_RETRY: false,
      ZEEBE_GRPC_WORKER_LONGPOLL_SECONDS: options.longPollSeconds ?? 2,
      ZEEBE_GRPC_WORKER_POLL_INTERVAL_MS: 100,
    },
  });
  return camunda.getZeebeGrpcApiClient();
}

const ZBCTL = fileURLToPath(new URL('../../node_modules/zbctl/bin/zbctl-cli.linux', import.meta.url));

/** runs zbctl against `address`; never throws, returns what it printed */
export function zbctl(address: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      ZBCTL,
      [...args, '--insecure', '--address', address, '--requestTimeout', '10s'],
      { timeout: 20_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** polls `check` until it returns a truthy value or `timeoutMs` passes */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
