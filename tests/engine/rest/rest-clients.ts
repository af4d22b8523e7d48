/**
 * The real REST clients the engine must satisfy, configured as the tests use them: the
 * orchestration-cluster-api client with strict validation of every request and response
 * against Camunda's specification, and the Camunda 8 SDK's REST client.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import { createCamundaClient } from '@camunda8/orchestration-cluster-api';

export type Auth = { username: string; password: string };

/** Branded key types (`ProcessInstanceKey`, …) accept plain strings in the tests' requests; results keep their brands. */
type Unbrand<T> = T extends string
  ? T extends { readonly __brand: unknown }
    ? string
    : T
  : T extends Blob
    ? T
    : T extends readonly (infer U)[]
      ? Unbrand<U>[]
      : T extends object
        ? { [K in keyof T]: Unbrand<T[K]> }
        : T;
type LooseInputs<F> = F extends (...args: infer A) => infer R ? (...args: { [I in keyof A]: Unbrand<A[I]> }) => R : F;
export type CamundaClient = { [K in keyof OrchestrationClient]: LooseInputs<OrchestrationClient[K]> };
type OrchestrationClient = ReturnType<typeof createCamundaClient>;

/** strict validation both ways, no client retries (errors reach the test at once), quiet logs */
export function camundaClient(restAddress: string, options: { auth?: Auth; validation?: string } = {}): CamundaClient {
  const client = createCamundaClient({
    config: {
      CAMUNDA_REST_ADDRESS: restAddress,
      CAMUNDA_SDK_VALIDATION: options.validation ?? 'req:strict,res:strict',
      CAMUNDA_SDK_LOG_LEVEL: 'silent',
      CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: 1,
      ...(options.auth
        ? { CAMUNDA_AUTH_STRATEGY: 'BASIC', CAMUNDA_BASIC_AUTH_USERNAME: options.auth.username, CAMUNDA_BASIC_AUTH_PASSWORD: options.auth.password }
        : { CAMUNDA_AUTH_STRATEGY: 'NONE' }),
    } as never,
  });
  return client as unknown as CamundaClient;
}

/** a job as the client's REST job worker hands it to its handler */
export type RestJob = Parameters<Parameters<OrchestrationClient['createJobWorker']>[0]['jobHandler']>[0];

/** the Camunda 8 SDK's REST client (`@camunda8/sdk`), without OAuth */
export function sdkRestClient(restAddress: string, options: { auth?: Auth } = {}) {
  return new Camunda8({
    ZEEBE_REST_ADDRESS: restAddress,
    CAMUNDA_AUTH_STRATEGY: options.auth ? 'BASIC' : 'NONE',
    ...(options.auth ? { CAMUNDA_BASIC_AUTH_USERNAME: options.auth.username, CAMUNDA_BASIC_AUTH_PASSWORD: options.auth.password } : {}),
    CAMUNDA_LOG_LEVEL: 'none',
  }).getCamundaRestClient();
}

/** searches read the engine's own tables, so they are consistent at once: never poll */
export const NOW = { consistency: { waitUpToMs: 0 } } as const;

export const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

/** a fixture model under another process id and job-type prefix, so that tests do not share workers */
export function modelCopy(name: string, id: string): File {
  const xml = fs.readFileSync(fixture(`${name}.bpmn`), 'utf8').replaceAll(`"${name}"`, `"${id}"`).replaceAll(`type="${name}.`, `type="${id}.`);
  return new File([xml], `${id}.bpmn`, { type: 'application/octet-stream' });
}

/** the HTTP error a client call failed with (status, title, detail), or a failure if it succeeded */
export async function failure(call: Promise<unknown>): Promise<{ status: number; title?: string; detail?: string; name?: string }> {
  try {
    await call;
  } catch (error) {
    return error as { status: number; title?: string; detail?: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
