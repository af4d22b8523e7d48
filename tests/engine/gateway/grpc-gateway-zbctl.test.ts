/** The gateway through the real zbctl binary (Go gRPC client), against the engine test double. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processXml, startHarness, zbctl, type Harness } from './gateway-harness.js';

let harness: Harness;
let bpmnFile: string;

beforeAll(async () => {
  harness = await startHarness();
  bpmnFile = path.join(mkdtempSync(path.join(tmpdir(), 'zbctl-')), 'enforcement.bpmn');
  writeFileSync(bpmnFile, processXml('enforcement'));
});

afterAll(async () => {
  await harness.close();
});

describe('gRPC gateway with zbctl', () => {
  it('prints the cluster status', async () => {
    const { code, stdout } = await zbctl(harness.address, 'status');

    expect(code).toBe(0);
    expect(stdout).toContain('Cluster size: 1');
    expect(stdout).toContain('Partitions count: 1');
    expect(stdout).toContain('Gateway version: 8.8.0');
    expect(stdout).toContain(`Broker 0 - 127.0.0.1:${harness.gateway.port}`);
    expect(stdout).toContain('Partition 1 : Leader, Healthy');
  });

  it('deploys a file (zbctl 8.4 uses DeployProcess) and starts an instance of it', async () => {
    const deployed = await zbctl(harness.address, 'deploy', bpmnFile);
    expect(deployed.code).toBe(0);
    expect(JSON.parse(deployed.stdout)).toMatchObject({
      processes: [{ bpmnProcessId: 'enforcement', version: 1, resourceName: bpmnFile }],
    });

    const created = await zbctl(harness.address, 'create', 'instance', 'enforcement', '--variables', '{"caseNo":"(2026)京0105执1号"}');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ bpmnProcessId: 'enforcement', version: 1, tenantId: '<default>' });
    expect(harness.engine.commands('createProcessInstance').at(-1)).toMatchObject({ variables: { caseNo: '(2026)京0105执1号' } });
  });

  it('shows a rejection with its gRPC code and Zeebe text', async () => {
    const { code, stderr } = await zbctl(harness.address, 'complete', 'job', '2251799813685777');

    expect(code).not.toBe(0);
    expect(stderr).toContain(
      "rpc error: code = NotFound desc = Command 'COMPLETE' rejected with code 'NOT_FOUND': Expected to complete job with key '2251799813685777', but no such job was found",
    );
  });

  it('deletes a resource by key', async () => {
    const { code } = await zbctl(harness.address, 'delete', 'resource', '2251799813685249');

    expect(code).toBe(0);
    expect(harness.engine.calls).toContainEqual({ command: 'deleteResource', input: { resourceKey: '2251799813685249' } });
  });

  it('activates a job and completes it', async () => {
    const jobKey = harness.engine.createJob('zbctl.task', { amount: 3 });

    const activated = await zbctl(harness.address, 'activate', 'jobs', 'zbctl.task', '--maxJobsToActivate', '1');
    expect(JSON.parse(activated.stdout).jobs).toMatchObject([{ key: jobKey, type: 'zbctl.task', variables: '{"amount":3}' }]);

    const completed = await zbctl(harness.address, 'complete', 'job', jobKey, '--variables', '{"paid":true}');
    expect(completed.code).toBe(0);
    expect(harness.engine.commands('completeJob').at(-1)).toEqual({ jobKey, variables: { paid: true } });
  });
});
