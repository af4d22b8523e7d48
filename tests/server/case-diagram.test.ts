/**
 * The case page's diagram carries the case's process tree: the root instance and every instance
 * it called, directly or deeper (call activities, a multi-instance call activity), with their
 * states and parents; `processInstanceKey` says which one is drawn. The tree is bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseProcessTree } from '../../server/src/services/cases.js';
import { startServerHarness, type ServerHarness } from './server-harness.js';

let h: ServerHarness;

beforeAll(async () => {
  h = await startServerHarness({
    engine: true,
    deploy: ['case-tree-grandchild.bpmn', 'case-tree-child.bpmn', 'case-tree-quick.bpmn', 'case-tree.bpmn'],
    app: { caseProcessId: 'case-tree' },
  });
}, 120_000);
afterAll(async () => h?.close());

interface Instance {
  processInstanceKey: string;
  bpmnProcessId: string;
  name: string | null;
  state: string;
  parentProcessInstanceKey: string | null;
  startDate: string;
}

async function registerCase() {
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/cases',
    headers: await h.login('lian'),
    payload: {
      caseType: '执',
      applicant: { name: '某某公司', kind: 'organization' },
      respondents: [{ name: '李某', kind: 'person' }],
      claimAmount: 5000,
      basisDocument: { court: '桐柏县人民法院', number: '（2025）豫1330民初9号', kind: '民事判决书' },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; processInstanceKey: string };
}

/** waits until both 财产处置 instances wait at their user task */
async function waitForGrandchildren(rootKey: string) {
  for (let i = 0; i < 200; i++) {
    const tree = await caseProcessTree(h.app.engineClient, rootKey);
    const grandchildren = tree.filter((t) => t.bpmnProcessId === 'case-tree-grandchild');
    if (grandchildren.length === 2) {
      const tasks = await h.app.engineClient.searchUserTasks({ filter: { processInstanceKey: { $in: grandchildren.map((g) => g.processInstanceKey) }, state: 'CREATED' } });
      if (tasks.items.length === 2) return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the called instances did not start');
}

describe('GET /api/cases/:id/diagram: the case process tree', () => {
  it('lists the root and every called instance, breadth first, with states and parents', async () => {
    const c = await registerCase();
    await waitForGrandchildren(c.processInstanceKey);
    const res = await h.app.inject({ method: 'GET', url: `/api/cases/${c.id}/diagram`, headers: await h.login('neiqin') });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { processInstanceKey: string; instances: Instance[]; xml: string; active: string[] };
    expect(body.processInstanceKey).toBe(c.processInstanceKey);
    expect(body.xml).toContain('<bpmn:process id="case-tree"');
    expect(body.active).toEqual(expect.arrayContaining(['callChild']));

    const byProcess = (id: string) => body.instances.filter((i) => i.bpmnProcessId === id);
    expect(body.instances).toHaveLength(5);
    expect(body.instances[0]).toMatchObject({ processInstanceKey: c.processInstanceKey, bpmnProcessId: 'case-tree', name: '流程树测试案件', state: 'ACTIVE', parentProcessInstanceKey: null });
    const [quick] = byProcess('case-tree-quick');
    expect(quick).toMatchObject({ state: 'COMPLETED', parentProcessInstanceKey: c.processInstanceKey, name: null });
    const [child] = byProcess('case-tree-child');
    expect(child).toMatchObject({ state: 'ACTIVE', parentProcessInstanceKey: c.processInstanceKey, name: '处置' });
    const grandchildren = byProcess('case-tree-grandchild');
    expect(grandchildren).toHaveLength(2);
    for (const g of grandchildren) expect(g).toMatchObject({ state: 'ACTIVE', parentProcessInstanceKey: child!.processInstanceKey, name: '财产处置' });
    // breadth first: the grandchildren come after both children
    const position = (key: string) => body.instances.findIndex((i) => i.processInstanceKey === key);
    expect(Math.min(...grandchildren.map((g) => position(g.processInstanceKey)))).toBeGreaterThan(Math.max(position(quick!.processInstanceKey), position(child!.processInstanceKey)));
    for (const i of body.instances) expect(Number.isNaN(Date.parse(i.startDate))).toBe(false);

    // a called instance is drawn on request, with the same tree
    const grand = await h.app.inject({ method: 'GET', url: `/api/cases/${c.id}/diagram?processInstanceKey=${grandchildren[0]!.processInstanceKey}`, headers: await h.login('neiqin') });
    expect(grand.statusCode, grand.body).toBe(200);
    const drawn = grand.json() as { processInstanceKey: string; xml: string; active: string[]; instances: Instance[] };
    expect(drawn.processInstanceKey).toBe(grandchildren[0]!.processInstanceKey);
    expect(drawn.xml).toContain('<bpmn:process id="case-tree-grandchild"');
    expect(drawn.active).toEqual(['dispose']);
    expect(drawn.instances.map((i) => i.processInstanceKey)).toEqual(body.instances.map((i) => i.processInstanceKey));
  }, 60_000);

  it('shows the tree of its own case only, and ends it when the process ends', async () => {
    const [a, b] = [await registerCase(), await registerCase()];
    await Promise.all([waitForGrandchildren(a.processInstanceKey), waitForGrandchildren(b.processInstanceKey)]);
    const headers = await h.login('neiqin');
    const treeA = (await h.app.inject({ method: 'GET', url: `/api/cases/${a.id}/diagram`, headers })).json() as { instances: Instance[] };
    const treeB = (await h.app.inject({ method: 'GET', url: `/api/cases/${b.id}/diagram`, headers })).json() as { instances: Instance[] };
    const keysB = new Set(treeB.instances.map((i) => i.processInstanceKey));
    expect(treeA.instances.some((i) => keysB.has(i.processInstanceKey))).toBe(false);
    // b's called instance is not drawn through a
    const foreign = await h.app.inject({ method: 'GET', url: `/api/cases/${a.id}/diagram?processInstanceKey=${treeB.instances[2]!.processInstanceKey}`, headers });
    expect(foreign.statusCode).toBe(404);

    await h.app.engineClient.request('POST', `/v2/process-instances/${a.processInstanceKey}/cancellation`, {});
    const after = (await h.app.inject({ method: 'GET', url: `/api/cases/${a.id}/diagram`, headers })).json() as { instances: Instance[] };
    expect(after.instances).toHaveLength(5);
    expect(after.instances.every((i) => i.state === 'TERMINATED' || i.bpmnProcessId === 'case-tree-quick')).toBe(true);
    expect(after.instances[0]!.state).toBe('TERMINATED');
  }, 60_000);

  it('is bounded in depth and in size', async () => {
    const c = await registerCase();
    await waitForGrandchildren(c.processInstanceKey);
    const oneLevel = await caseProcessTree(h.app.engineClient, c.processInstanceKey, { depth: 1, instances: 100 });
    expect(oneLevel.map((i) => i.bpmnProcessId).sort()).toEqual(['case-tree', 'case-tree-child', 'case-tree-quick']);
    const three = await caseProcessTree(h.app.engineClient, c.processInstanceKey, { depth: 6, instances: 3 });
    expect(three).toHaveLength(3);
    expect(three[0]!.processInstanceKey).toBe(c.processInstanceKey);
  }, 60_000);
});
