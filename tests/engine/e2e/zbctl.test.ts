/**
 * zbctl (the Go client shipped in the zbctl npm package) against the engine: the commands an
 * operator types, with Zeebe's answers and error texts.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { zbctl } from '../../support/clients.js';

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

describe('zbctl against the engine', () => {
  let server: TestEngineServer;
  const run = (...args: string[]) => zbctl(server.grpcAddress, ...args);

  beforeAll(async () => {
    server = await startTestEngineServer();
  });
  afterAll(() => server?.close());

  it('shows the topology', async () => {
    const { code, stdout } = await run('status');
    expect(code).toBe(0);
    expect(stdout).toContain('Partition 1 : Leader, Healthy');
  });

  it('deploys, creates an instance, activates and completes its job', async () => {
    const deployed = await run('deploy', fixture('order.bpmn'));
    expect(deployed.code).toBe(0);
    expect(JSON.parse(deployed.stdout).processes[0]).toMatchObject({ bpmnProcessId: 'order', version: 1 });

    const created = await run('create', 'instance', 'order', '--variables', '{"amount": 80000}');
    expect(created.code).toBe(0);
    const { processInstanceKey } = JSON.parse(created.stdout);

    const activated = await run('activate', 'jobs', 'order.check', '--maxJobsToActivate', '1');
    expect(activated.code).toBe(0);
    const [job] = JSON.parse(activated.stdout).jobs;
    expect(job).toMatchObject({ processInstanceKey, elementId: 'check', customHeaders: '{"court":"豫1330"}', retries: 2 });
    expect(JSON.parse(job.variables)).toEqual({ amount: 80000 });

    const completed = await run('complete', 'job', job.key, '--variables', '{"checked": true}');
    expect(completed.code).toBe(0);
    const [large] = JSON.parse((await run('activate', 'jobs', 'order.large')).stdout).jobs;
    expect(JSON.parse(large.variables)).toEqual({ amount: 80000, checked: true });
  });

  it('prints Zeebe\'s rejection for an unknown job', async () => {
    const { code, stderr } = await run('complete', 'job', '2251799813699999');
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      "NotFound desc = Command 'COMPLETE' rejected with code 'NOT_FOUND': Expected to complete job with key '2251799813699999', but no such job was found",
    );
  });

  it('refuses an invalid model and lists the problem with its element id', async () => {
    // a service task without a job type, from the model's corpus of broken files
    const broken = path.join(import.meta.dirname, '../model/broken/service-task-without-task-definition.bpmn');
    const { code, stderr } = await run('deploy', broken);
    expect(code).not.toBe(0);
    expect(stderr).toContain('InvalidArgument');
    expect(stderr).toContain('Expected to deploy new resources, but encountered the following errors');
  });

  it('cancels an instance', async () => {
    const { processInstanceKey } = JSON.parse((await run('create', 'instance', 'order', '--variables', '{"amount": 1}')).stdout);
    expect((await run('cancel', 'instance', processInstanceKey)).code).toBe(0);
    const [row] = await server.engine.db.query<{ state: string }>('SELECT state FROM engine.element_instance WHERE key = $1', [processInstanceKey]);
    expect(row?.state).toBe('TERMINATED');
    const again = await run('cancel', 'instance', processInstanceKey);
    expect(again.stderr).toContain(`Expected to cancel a process instance with key '${processInstanceKey}', but no such process was found`);
  });
});

