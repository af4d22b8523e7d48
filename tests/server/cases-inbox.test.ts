/**
 * Against a real engine: registering a case allocates the 案号 and starts the process with the
 * case variables; the inbox shows the process's user tasks by view; claim, assign, unclaim,
 * drafts and completion act through the engine, validated against the task's form, each
 * audited with the case; the case page reads timeline, diagram, comments and attachments.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../server/src/db/schema.js';
import { startServerHarness, type ServerHarness } from './server-harness.js';

let h: ServerHarness;

beforeAll(async () => {
  h = await startServerHarness({
    engine: true,
    deploy: ['server-case.bpmn', 'server-review.form', 'inbox-candidates.bpmn'],
    app: { caseProcessId: 'server-case' },
  });
}, 120_000);
afterAll(async () => h?.close());

const newCase = (overrides: Record<string, unknown> = {}) => ({
  caseType: '执',
  applicant: { name: '河南某某建材有限公司', kind: 'organization', idNumber: '91411330MA0000000X', phone: '0377-12345678' },
  respondents: [{ name: '张某某', kind: 'person', idNumber: '411330199001010000', address: '河南省南阳市桐柏县' }],
  claimAmount: 125000.5,
  basisDocument: { court: '桐柏县人民法院', number: '（2025）豫1330民初456号', kind: '民事判决书' },
  ...overrides,
});

async function register(overrides: Record<string, unknown> = {}) {
  const res = await h.app.inject({ method: 'POST', url: '/api/cases', headers: await h.login('lian'), payload: newCase(overrides) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; caseNumber: string; processInstanceKey: string; publicPassword: string };
}

/** the case's open task, once the engine has created it */
async function openTaskOf(processInstanceKey: string, elementId: string) {
  for (let i = 0; i < 100; i++) {
    const found = await h.app.engineClient.searchUserTasks({ filter: { processInstanceKey, elementId, state: 'CREATED' } });
    if (found.items[0]) return found.items[0];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no open ${elementId} task for ${processInstanceKey}`);
}

const inbox = async (username: string, query: string) => {
  const res = await h.app.inject({ method: 'GET', url: `/api/tasks?${query}`, headers: await h.login(username) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { key: string; caseNumber: string | null; caseId: string | null; assignee: string | null; name: string; overdue: boolean; dueSoon: boolean; priority: number }[]; total: number };
};

const act = async (username: string, key: string, action: string, payload?: unknown) =>
  h.app.inject({ method: action === 'draft' ? 'PUT' : 'POST', url: `/api/tasks/${key}/${action}`, headers: await h.login(username), payload: payload as object });

describe('case registration', () => {
  it('allocates consecutive 案号 and starts the process with the case variables', async () => {
    const first = await register();
    const second = await register({ claimAmount: 3000 });
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    expect(first.caseNumber).toMatch(new RegExp(`^（${year}）豫1330执(\\d+)号$`));
    const seq = (n: string) => Number(/执(\d+)号/.exec(n)![1]);
    expect(seq(second.caseNumber)).toBe(seq(first.caseNumber) + 1);
    expect(first.publicPassword).toMatch(/^\d{8}$/);

    const instance = await h.app.engineClient.getProcessInstance(first.processInstanceKey);
    expect(instance.processDefinitionId).toBe('server-case');
    const vars = await h.app.engineClient.searchVariables({ filter: { processInstanceKey: first.processInstanceKey } });
    const value = (name: string) => JSON.parse(vars.items.find((v) => v.name === name)!.value);
    expect(value('caseId')).toBe(first.id);
    expect(value('caseNumber')).toBe(first.caseNumber);
    expect(value('claimAmount')).toBe(125000.5);
    expect(value('applicant')).toMatchObject({ name: '河南某某建材有限公司', kind: 'organization' });
    expect(value('respondents')).toHaveLength(1);
    expect(value('courtCode')).toBe('豫1330');
    expect(value('amountRecovered')).toBe(0);
    // flat copies that 初次接待's form shows
    expect(value('applicantName')).toBe('河南某某建材有限公司');
    expect(value('respondentName')).toBe(value('respondents')[0].name);

    const audit = await h.app.db.select().from(auditLog).where(eq(auditLog.caseId, first.id));
    expect(audit.map((a) => [a.action, a.actor])).toContainEqual(['case.register', 'lian']);
  });

  it('refuses bad input naming the field, and allocates no number for it', async () => {
    const headers = await h.login('lian');
    const noRespondent = await h.app.inject({ method: 'POST', url: '/api/cases', headers, payload: newCase({ respondents: [] }) });
    expect(noRespondent.statusCode).toBe(400);
    expect(noRespondent.json()).toMatchObject({ field: 'respondents' });
    const negative = await h.app.inject({ method: 'POST', url: '/api/cases', headers, payload: newCase({ claimAmount: -1 }) });
    expect(negative.json()).toMatchObject({ statusCode: 400, field: 'claimAmount', message: '字段 claimAmount 不能小于 0' });
    const badParty = await h.app.inject({ method: 'POST', url: '/api/cases', headers, payload: newCase({ applicant: { name: '某', kind: 'robot' } }) });
    expect(badParty.json().field).toBe('applicant.kind');
    const unknownOfficer = await h.app.inject({ method: 'POST', url: '/api/cases', headers, payload: newCase({ caseOfficer: 'ghost' }) });
    expect(unknownOfficer.json()).toMatchObject({ statusCode: 400, field: 'caseOfficer' });
  });

  it('rolls back the case and its number when the engine refuses to start the process', async () => {
    const before = (await h.app.inject({ method: 'GET', url: '/api/cases?pageSize=200', headers: await h.login('lian') })).json().total as number;
    // 执恢 starts `restoration`, which this engine does not have
    const res = await h.app.inject({ method: 'POST', url: '/api/cases', headers: await h.login('lian'), payload: newCase({ caseType: '执恢', restoration: { originalCaseNumber: '（2025）豫1330执1号', trigger: 'lead' } }) });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toContain('流程引擎中未找到');
    const after = (await h.app.inject({ method: 'GET', url: '/api/cases?pageSize=200', headers: await h.login('lian') })).json().total as number;
    expect(after).toBe(before);
  });

  it('lists and searches cases by 案号 and party name', async () => {
    const c = await register({ respondents: [{ name: '桐柏县某某矿业公司', kind: 'organization' }] });
    const headers = await h.login('faguan');
    const byNumber = await h.app.inject({ method: 'GET', url: `/api/cases?q=${encodeURIComponent(c.caseNumber)}`, headers });
    expect(byNumber.json().items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const byParty = await h.app.inject({ method: 'GET', url: `/api/cases?q=${encodeURIComponent('矿业')}`, headers });
    expect(byParty.json().items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const page = await h.app.inject({ method: 'GET', url: '/api/cases?status=open&pageSize=2', headers });
    expect(page.json().items).toHaveLength(2);
    expect(page.json().total).toBeGreaterThanOrEqual(3);
  });
});

describe('inbox', () => {
  it('shows the review task to 立案庭 as unassigned with its 案号, not to other units', async () => {
    const c = await register();
    const task = await openTaskOf(c.processInstanceKey, 'review');
    const unassigned = await inbox('lian', 'view=unassigned&pageSize=200');
    const item = unassigned.items.find((t) => t.key === task.userTaskKey);
    expect(item).toMatchObject({ name: '立案审查', caseNumber: c.caseNumber, caseId: c.id, assignee: null, overdue: false });
    expect((await inbox('chakong', 'view=groups&pageSize=200')).items.some((t) => t.key === task.userTaskKey)).toBe(false);
    // supervisors see every unit's tasks
    expect((await inbox('zhuren', 'view=groups&pageSize=200')).items.some((t) => t.key === task.userTaskKey)).toBe(true);
    // another unit cannot open or claim it
    expect((await h.app.inject({ method: 'GET', url: `/api/tasks/${task.userTaskKey}`, headers: await h.login('chakong') })).statusCode).toBe(404);
    expect((await act('chakong', task.userTaskKey, 'claim')).statusCode).toBe(404);
    // search by 案号
    const found = await inbox('lian', `view=groups&q=${encodeURIComponent(c.caseNumber)}`);
    expect(found.items.map((t) => t.key)).toEqual([task.userTaskKey]);
  });

  it('claims, refuses a second claim, assigns, unclaims — each audited with the case', async () => {
    const c = await register();
    const task = await openTaskOf(c.processInstanceKey, 'review');
    expect((await act('lian', task.userTaskKey, 'claim')).statusCode).toBe(200);
    expect((await inbox('lian', 'view=mine&pageSize=200')).items.map((t) => t.key)).toContain(task.userTaskKey);
    const taken = await act('zhuren', task.userTaskKey, 'claim');
    expect(taken.json()).toMatchObject({ statusCode: 409, message: '任务已由 lian 领取' });
    // a supervisor hands it to another user; the target must exist
    const ghost = await act('zhuren', task.userTaskKey, 'assign', { assignee: 'ghost' });
    expect(ghost.json()).toMatchObject({ statusCode: 400, field: 'assignee' });
    expect((await act('zhuren', task.userTaskKey, 'assign', { assignee: 'juzhang' })).statusCode).toBe(200);
    expect((await h.app.engineClient.getUserTask(task.userTaskKey)).assignee).toBe('juzhang');
    // the former assignee (a clerk) may no longer unclaim it
    expect((await act('lian', task.userTaskKey, 'unclaim')).statusCode).toBe(403);
    expect((await act('juzhang', task.userTaskKey, 'unclaim')).statusCode).toBe(200);
    expect((await h.app.engineClient.getUserTask(task.userTaskKey)).assignee ?? null).toBeNull();

    const audit = await h.app.db.select().from(auditLog).where(eq(auditLog.caseId, c.id));
    expect(audit.map((a) => `${a.action}:${a.actor}`)).toEqual(expect.arrayContaining(['task.claim:lian', 'task.assign:zhuren', 'task.unclaim:juzhang']));
    expect(audit.filter((a) => a.action.startsWith('task.')).every((a) => a.target === task.userTaskKey)).toBe(true);
  });

  it('validates completion against the form, naming the fields; saves drafts; completes and moves on', async () => {
    const c = await register();
    const task = await openTaskOf(c.processInstanceKey, 'review');
    expect((await act('lian', task.userTaskKey, 'complete', { variables: { opinion: '符合立案条件', decision: 'accept' } })).statusCode).toBe(409); // not claimed
    await act('lian', task.userTaskKey, 'claim');

    const missing = await act('lian', task.userTaskKey, 'complete', { variables: { amount: 5 } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().field).toBe('opinion');
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(['opinion', 'decision']);
    expect(missing.json().message).toContain('「审查意见」为必填项');

    const bad = await act('lian', task.userTaskKey, 'complete', { variables: { opinion: '好', amount: 2_000_000, decision: 'maybe', phone: '12345' } });
    expect(bad.json().errors).toEqual([
      { field: 'opinion', label: '审查意见', message: '「审查意见」长度不能少于 2 个字符' },
      { field: 'amount', label: '标的额（元）', message: '「标的额（元）」不能大于 1000000' },
      { field: 'decision', label: '审查结论', message: '「审查结论」的取值不在可选范围内' },
      { field: 'phone', label: '联系电话', message: '「联系电话」格式不正确' },
    ]);
    // the reason is required only when the conclusion is 不予受理 (the field is hidden otherwise)
    const noReason = await act('lian', task.userTaskKey, 'complete', { variables: { opinion: '不符合条件', decision: 'reject' } });
    expect(noReason.json()).toMatchObject({ statusCode: 400, field: 'reason' });

    expect((await act('lian', task.userTaskKey, 'draft', { variables: { opinion: '草稿意见' } })).statusCode).toBe(200);
    const detail = await h.app.inject({ method: 'GET', url: `/api/tasks/${task.userTaskKey}`, headers: await h.login('lian') });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ draft: { opinion: '草稿意见' }, form: { id: 'server-review' }, case: { id: c.id, caseNumber: c.caseNumber }, variables: { caseNumber: c.caseNumber } });
    expect(detail.json().form.schema.components).toHaveLength(5);

    const ok = await act('lian', task.userTaskKey, 'complete', { variables: { opinion: '符合立案条件', decision: 'accept', amount: 100, phone: '13800000000' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await h.app.engineClient.getUserTask(task.userTaskKey)).state).toBe('COMPLETED');
    const next = await openTaskOf(c.processInstanceKey, 'execute');
    expect(next.candidateGroups).toEqual(['执行团队']);
    expect((await inbox('lian', 'view=completed&pageSize=200')).items.map((t) => t.key)).toContain(task.userTaskKey);
    // the completed variables reached the process
    const vars = await h.app.engineClient.searchVariables({ filter: { processInstanceKey: c.processInstanceKey, name: 'decision' } });
    expect(JSON.parse(vars.items[0]!.value)).toBe('accept');

    const audit = await h.app.db.select().from(auditLog).where(eq(auditLog.caseId, c.id));
    expect(audit.find((a) => a.action === 'task.complete')).toMatchObject({ actor: 'lian', target: task.userTaskKey });
    // the case page follows the process: the stage is now the execution task
    const page = await h.app.inject({ method: 'GET', url: `/api/cases/${c.id}`, headers: await h.login('faguan') });
    expect(page.json().stage).toBe('执行实施');
  });

  it('sorts by due date ascending by default and flags overdue and about-to-expire tasks', async () => {
    const cases = [await register(), await register(), await register()];
    const tasks = await Promise.all(cases.map((c) => openTaskOf(c.processInstanceKey, 'review')));
    const day = 86_400_000;
    const due = [Date.now() + 40 * day, Date.now() - day, Date.now() + 60_000];
    for (const [i, t] of tasks.entries()) {
      await h.app.engineClient.updateUserTask(t.userTaskKey, { dueDate: new Date(due[i]!).toISOString(), priority: 10 * (i + 1) });
      await act('suzhi', t.userTaskKey, 'claim').then(async (r) => expect(r.statusCode).toBe(404)); // 速执团队 is not a candidate
      await act('lian', t.userTaskKey, 'claim');
    }
    const mine = await inbox('lian', 'view=mine&pageSize=200');
    const ours = mine.items.filter((t) => tasks.some((x) => x.userTaskKey === t.key));
    expect(ours.map((t) => t.key)).toEqual([tasks[1]!.userTaskKey, tasks[2]!.userTaskKey, tasks[0]!.userTaskKey]);
    expect(ours.map((t) => [t.overdue, t.dueSoon])).toEqual([
      [true, false],
      [false, true],
      [false, false],
    ]);
    const byPriority = (await inbox('lian', 'view=mine&sort=priority&pageSize=200')).items.filter((t) => tasks.some((x) => x.userTaskKey === t.key));
    expect(byPriority.map((t) => t.priority)).toEqual([30, 20, 10]);

    const counts = await h.app.inject({ method: 'GET', url: '/api/tasks/counts', headers: await h.login('lian') });
    expect(counts.json().mine).toBe(mine.total);
    expect(counts.json().overdue).toBeGreaterThanOrEqual(1);
  });

  it('saves filters, shares them with a team, applies them by id', async () => {
    const lian = await h.login('lian');
    const mine = await h.app.inject({ method: 'POST', url: '/api/filters', headers: lian, payload: { name: '我的审查', query: { view: 'mine', q: '审查' } } });
    expect(mine.statusCode, mine.body).toBe(201);
    const shared = await h.app.inject({ method: 'POST', url: '/api/filters', headers: lian, payload: { name: '立案庭待领取', team: '立案庭', query: { view: 'unassigned', sort: 'priority' } } });
    expect(shared.json()).toMatchObject({ shared: true, team: '立案庭' });
    const foreign = await h.app.inject({ method: 'POST', url: '/api/filters', headers: lian, payload: { name: 'x', team: '网拍组', query: {} } });
    expect(foreign.json()).toMatchObject({ statusCode: 400, field: 'team' });

    // zhuren (院领导) does not see 立案庭's filter; lian sees both
    const zhurenList = (await h.app.inject({ method: 'GET', url: '/api/filters', headers: await h.login('zhuren') })).json().items;
    expect(zhurenList.map((f: { name: string }) => f.name)).not.toContain('立案庭待领取');
    const lianList = (await h.app.inject({ method: 'GET', url: '/api/filters', headers: lian })).json().items;
    expect(lianList.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['我的审查', '立案庭待领取']));

    const c = await register();
    const task = await openTaskOf(c.processInstanceKey, 'review');
    const applied = await inbox('lian', `filterId=${shared.json().id}&pageSize=200`);
    expect(applied.items.map((t) => t.key)).toContain(task.userTaskKey);
    expect(applied.items.every((t) => t.assignee === null)).toBe(true);
    const notVisible = await h.app.inject({ method: 'GET', url: `/api/tasks?filterId=${shared.json().id}`, headers: await h.login('zhuren') });
    expect(notVisible.json()).toMatchObject({ statusCode: 400, field: 'filterId' });
    // only the owner deletes
    expect((await h.app.inject({ method: 'DELETE', url: `/api/filters/${mine.json().id}`, headers: await h.login('zhuren') })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'DELETE', url: `/api/filters/${mine.json().id}`, headers: lian })).statusCode).toBe(200);
  });
});

describe('groups view: candidate groups and candidate users', () => {
  // chakong is in 查控组; tasks reach it by group, by naming it as candidate user, or both
  const day = 86_400_000;
  const base = Date.parse('2031-03-02T00:00:00Z');
  const specs = [
    { name: 'group', groups: ['查控组'], users: [], due: 5, priority: 50 },
    { name: 'user', groups: ['网拍组'], users: ['chakong'], due: 1, priority: 50 },
    { name: 'both', groups: ['查控组'], users: ['chakong', 'wangpai'], due: 3, priority: 60 },
    { name: 'group, same due', groups: ['查控组'], users: [], due: 3, priority: 40 },
    { name: 'user, no due date', groups: [], users: ['chakong'], due: null, priority: 90 },
    { name: 'other unit', groups: ['网拍组'], users: ['wangpai'], due: 2, priority: 50 },
    { name: 'both, same due', groups: ['查控组'], users: ['chakong'], due: 3, priority: 60 },
    { name: 'user, assigned', groups: [], users: ['chakong'], due: 4, priority: 50, assignee: 'wangpai' },
  ];
  const keys = new Map<string, string>();

  beforeAll(async () => {
    for (const s of specs) {
      const created = await h.app.engineClient.createProcessInstance({
        processDefinitionId: 'inbox-candidates',
        variables: { groups: s.groups, users: s.users, due: s.due === null ? null : new Date(base + s.due * day).toISOString(), priority: s.priority },
      });
      const task = await openTaskOf(created.processInstanceKey, 'check');
      if (s.assignee) await h.app.engineClient.assignUserTask(task.userTaskKey, s.assignee);
      keys.set(task.userTaskKey, s.name);
    }
  }, 60_000);

  const names = async (query: string) => {
    const page = await inbox('chakong', `processId=inbox-candidates&${query}`);
    return { names: page.items.map((t) => keys.get(t.key)), total: page.total };
  };

  it('merges both searches in due-date order (then priority, then creation), without doubles, with the right total', async () => {
    const expected = ['user', 'both', 'both, same due', 'group, same due', 'user, assigned', 'group', 'user, no due date'];
    const whole = await names('view=groups&pageSize=50');
    expect(whole).toEqual({ names: expected, total: 7 });
    // page by page (pages of 2 read the candidate-user search only partly at first)
    const pages: (string | undefined)[] = [];
    for (let page = 1; page <= 4; page++) {
      const p = await names(`view=groups&pageSize=2&page=${page}`);
      expect(p.total).toBe(7);
      pages.push(...p.names);
    }
    expect(pages).toEqual(expected);
    const byPriority = await names('view=groups&sort=priority&pageSize=3&page=1');
    expect(byPriority.names).toEqual(['user, no due date', 'both', 'both, same due']);
  });

  it('applies the same merge to unassigned and the counts; other units stay out of sight', async () => {
    const unassigned = await names('view=unassigned&pageSize=2&page=3');
    expect(unassigned).toEqual({ names: ['group', 'user, no due date'], total: 6 });
    const all = await inbox('chakong', 'view=groups&pageSize=200');
    expect(all.items.map((t) => keys.get(t.key))).not.toContain('other unit');
    const counts = (await h.app.inject({ method: 'GET', url: '/api/tasks/counts', headers: await h.login('chakong') })).json();
    expect(counts.groups).toBe(all.total);
    expect(counts.unassigned).toBe((await inbox('chakong', 'view=unassigned&pageSize=200')).total);
    // a unit the user is not in: only its tasks that name the user as candidate
    expect((await names('view=groups&candidateGroup=网拍组')).names).toEqual(['user']);
    expect((await names('view=groups&candidateGroup=查控组&pageSize=50')).names).toEqual(['both', 'both, same due', 'group, same due', 'group']);
  });
});

describe('case page', () => {
  it('reads timeline, diagram, comments and attachments', async () => {
    const c = await register();
    await openTaskOf(c.processInstanceKey, 'review');
    const headers = await h.login('faguan');

    const diagram = await h.app.inject({ method: 'GET', url: `/api/cases/${c.id}/diagram`, headers });
    expect(diagram.statusCode, diagram.body).toBe(200);
    expect(diagram.json().xml).toContain('id="server-case"');
    expect(diagram.json().active).toEqual(['review']);
    expect(diagram.json().completed).toEqual(expect.arrayContaining(['filed']));

    const comment = await h.app.inject({ method: 'POST', url: `/api/cases/${c.id}/comments`, headers, payload: { body: '被执行人电话已核实' } });
    expect(comment.statusCode).toBe(201);
    const comments = (await h.app.inject({ method: 'GET', url: `/api/cases/${c.id}/comments`, headers })).json().items;
    expect(comments).toEqual([expect.objectContaining({ author: 'faguan', authorName: '孙法官（承办法官）', body: '被执行人电话已核实' })]);

    const boundary = 'testboundary';
    const upload = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${c.id}/attachments`,
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="财产线索.txt"\r\nContent-Type: text/plain\r\n\r\n银行账户 6222 0000\r\n--${boundary}--\r\n`),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    expect(upload.json()).toMatchObject({ fileName: '财产线索.txt', contentType: 'text/plain', uploadedBy: 'faguan' });
    const download = await h.app.inject({ method: 'GET', url: `/api/attachments/${upload.json().id}`, headers });
    expect(download.body).toBe('银行账户 6222 0000');
    expect(download.headers['content-disposition']).toContain(encodeURIComponent('财产线索.txt'));

    const timeline = (await h.app.inject({ method: 'GET', url: `/api/cases/${c.id}/timeline`, headers })).json().items as { kind: string; title: string }[];
    expect(timeline.map((e) => e.title)).toEqual(expect.arrayContaining(['立案登记', '立案', '立案审查', '添加备注', '上传附件']));
    expect((await h.app.inject({ method: 'GET', url: `/api/cases/${c.id}/documents`, headers })).json()).toEqual({ items: [] });
    expect((await h.app.inject({ method: 'GET', url: '/api/cases/00000000-0000-4000-8000-000000000000', headers })).statusCode).toBe(404);
  });
});
