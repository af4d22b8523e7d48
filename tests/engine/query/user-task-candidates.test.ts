/**
 * `engine.user_task_candidate` (migration 0012): one row per candidate group and user of a user
 * task, with the task's state and whether it is assigned, kept by triggers on engine.user_task.
 * Given tasks created, assigned, unassigned, given other candidates, completed and canceled
 * through the engine, the side table equals the one recomputed from the tasks, and every
 * candidate filter of the user-task search (alone and with state and assignee, the shapes whose
 * total is counted from the side table alone) finds exactly the tasks that a filter written
 * here over the tasks' own arrays finds. A database that held user tasks before the migration
 * gets their rows when it migrates.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchUserTasks, type UserTaskView } from '../../../engine/src/query/user-task.queries.js';
import { openDatabase, type Queryable } from '../../../engine/src/state/db.js';
import { migrate } from '../../../engine/src/state/migrate.js';
import { createTestStorage } from '../../support/database.js';
import { EngineHarness } from '../../support/engine-harness.js';

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="candidates" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="review" name="查控结果审查"><bpmn:extensionElements><zeebe:userTask />
      <zeebe:assignmentDefinition candidateGroups="=groups" candidateUsers="=users" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

interface CandidateRow {
  user_task_key: string;
  kind: string;
  candidate: string;
  state: string;
  assigned: boolean;
}

const rowId = (r: CandidateRow) => `${r.user_task_key} ${r.kind} ${r.candidate} ${r.state} ${r.assigned}`;

/** the side table, and the same rows computed from engine.user_task's arrays */
async function sideTableAndExpected(db: Queryable) {
  const stored = await db.query<CandidateRow>('SELECT user_task_key::text, kind, candidate, state, assigned FROM engine.user_task_candidate');
  const expected = await db.query<CandidateRow>(
    `SELECT DISTINCT t.key::text AS user_task_key, c.kind, c.candidate, t.state, t.assignee IS NOT NULL AS assigned
       FROM engine.user_task t,
            LATERAL (SELECT 'group' AS kind, g AS candidate FROM jsonb_array_elements_text(t.candidate_groups) g
                     UNION ALL SELECT 'user', u FROM jsonb_array_elements_text(t.candidate_users) u) c`,
  );
  return { stored: stored.map(rowId).sort(), expected: expected.map(rowId).sort() };
}

describe('user task candidates side table', () => {
  let harness: EngineHarness;
  let db: Queryable;
  let all: UserTaskView[];
  const keys: string[] = [];

  const ok = (result: { ok: boolean; error?: unknown }) => {
    if (!result.ok) throw new Error(JSON.stringify(result.error));
  };

  beforeAll(async () => {
    harness = await EngineHarness.start();
    db = harness.engine.db;
    await harness.deploy({ name: 'candidates.bpmn', xml: MODEL });
    const setups: [string[], string[]][] = [
      [['立案庭'], []],
      [['立案庭', '查控组'], ['officer1']],
      [['查控组', '查控组'], ['officer2', 'officer1']],
      [['合议庭', '院领导'], []],
      [[], ['officer3']],
      [['执行一庭'], ['officer1']],
      [['立案庭'], ['officer2']],
      [['网拍组'], []],
    ];
    const instances: string[] = [];
    for (const [groups, users] of setups) instances.push(await harness.createInstance('candidates', { groups, users }));
    for (const pi of instances) {
      const [row] = await db.query<{ key: string }>('SELECT key::text FROM engine.user_task WHERE process_instance_key = $1', [pi]);
      keys.push(row!.key);
    }
    // given: assigned, assigned then unassigned, new candidates, completed (assigned), canceled
    ok(await harness.engine.assignUserTask(keys[0]!, 'officer9'));
    ok(await harness.engine.assignUserTask(keys[1]!, 'officer1'));
    ok(await harness.engine.unassignUserTask(keys[1]!));
    ok(await harness.engine.updateUserTask(keys[2]!, { candidateGroups: ['执行一庭', '立案庭'], candidateUsers: [] }));
    ok(await harness.engine.assignUserTask(keys[3]!, 'officer5'));
    ok(await harness.engine.completeUserTask(keys[3]!, {}));
    ok(await harness.engine.cancelProcessInstance(instances[6]!));
    ok(await harness.engine.assignUserTask(keys[5]!, 'officer1'));
    all = (await searchUserTasks(db, { page: { limit: 100 } })).items;
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('holds the candidates of every task with its state and assignment, as the tasks say', async () => {
    const states = Object.fromEntries(all.map((t) => [t.key, t.state]));
    expect(states[keys[3]!]).toBe('COMPLETED');
    expect(states[keys[6]!]).toBe('CANCELED');
    const { stored, expected } = await sideTableAndExpected(db);
    expect(stored).toEqual(expected);
    // duplicates in a task's list are one row; new candidates replaced the old ones
    expect(stored.filter((r) => r.startsWith(`${keys[2]} `))).toEqual([`${keys[2]} group 执行一庭 CREATED false`, `${keys[2]} group 立案庭 CREATED false`]);
    expect(stored).toContain(`${keys[0]} group 立案庭 CREATED true`);
    expect(stored).toContain(`${keys[1]} user officer1 CREATED false`);
  });

  const cases: [string, Record<string, unknown>, (t: UserTaskView) => boolean][] = [
    ['a group', { candidateGroup: '立案庭' }, (t) => t.candidateGroups.includes('立案庭')],
    ['a group, open', { state: 'CREATED', candidateGroup: '立案庭' }, (t) => t.state === 'CREATED' && t.candidateGroups.includes('立案庭')],
    [
      'a group, open and unassigned (组待办)',
      { state: 'CREATED', candidateGroup: '立案庭', assignee: { $exists: false } },
      (t) => t.state === 'CREATED' && t.candidateGroups.includes('立案庭') && t.assignee === null,
    ],
    [
      'a group, open and assigned',
      { state: { $eq: 'CREATED' }, candidateGroup: { $eq: '立案庭' }, assignee: { $exists: true } },
      (t) => t.state === 'CREATED' && t.candidateGroups.includes('立案庭') && t.assignee !== null,
    ],
    [
      'groups $in (a task in two of them counted once)',
      { state: 'CREATED', candidateGroup: { $in: ['立案庭', '执行一庭', '立案庭'] } },
      (t) => t.state === 'CREATED' && t.candidateGroups.some((g) => g === '立案庭' || g === '执行一庭'),
    ],
    ['completed of a group', { state: 'COMPLETED', candidateGroup: '院领导' }, (t) => t.state === 'COMPLETED' && t.candidateGroups.includes('院领导')],
    [
      'a candidate user with an assignee by name',
      { state: 'CREATED', candidateUser: 'officer1', assignee: 'officer1' },
      (t) => t.state === 'CREATED' && t.candidateUsers.includes('officer1') && t.assignee === 'officer1',
    ],
    ['a candidate user', { candidateUser: 'officer1' }, (t) => t.candidateUsers.includes('officer1')],
    ['not a group', { candidateGroup: { $neq: '立案庭' } }, (t) => !t.candidateGroups.includes('立案庭')],
    ['in none of the groups', { state: 'CREATED', candidateGroup: { $notIn: ['立案庭', '查控组'] } }, (t) => t.state === 'CREATED' && !t.candidateGroups.some((g) => g === '立案庭' || g === '查控组')],
    ['a group like', { candidateGroup: { $like: '执行*' } }, (t) => t.candidateGroups.some((g) => g.startsWith('执行'))],
    ['no candidate users', { candidateUser: { $exists: false } }, (t) => t.candidateUsers.length === 0],
    [
      'a group and a user',
      { state: 'CREATED', candidateGroup: '立案庭', candidateUser: 'officer1' },
      (t) => t.state === 'CREATED' && t.candidateGroups.includes('立案庭') && t.candidateUsers.includes('officer1'),
    ],
  ];

  it.each(cases)('finds the tasks of %s, items and total', async (_name, filter, matches) => {
    const expected = all.filter(matches).map((t) => t.key).sort();
    expect(expected.length).toBeGreaterThan(0);
    const page = await searchUserTasks(db, { filter, page: { limit: 100 } });
    expect(page.items.map((t) => t.key).sort()).toEqual(expected);
    expect(page.totalItems).toBe(expected.length);
  });

  it('pages a candidate search by offset and by cursor, forwards and backwards (keys found first, rows read after)', async () => {
    const filter = { candidateGroup: { $in: ['立案庭', '查控组', '执行一庭', '合议庭', '网拍组'] } };
    const sort = [{ field: 'creationDate', order: 'DESC' }];
    const whole = (await searchUserTasks(db, { filter, sort, page: { limit: 100 } })).items.map((t) => t.key);
    expect(whole.length).toBeGreaterThan(4);
    const offsets: string[] = [];
    for (let from = 0; from < whole.length; from += 2) offsets.push(...(await searchUserTasks(db, { filter, sort, page: { from, limit: 2 } })).items.map((t) => t.key));
    expect(offsets).toEqual(whole);
    const forwards: string[] = [];
    let page = await searchUserTasks(db, { filter, sort, page: { limit: 2 } });
    while (page.items.length > 0) {
      forwards.push(...page.items.map((t) => t.key));
      page = await searchUserTasks(db, { filter, sort, page: { after: page.endCursor, limit: 2 } });
    }
    expect(forwards).toEqual(whole);
    const last = await searchUserTasks(db, { filter, sort, page: { from: whole.length - 2, limit: 2 } });
    const backwards: string[] = [...last.items.map((t) => t.key)];
    page = await searchUserTasks(db, { filter, sort, page: { before: last.startCursor, limit: 2 } });
    while (page.items.length > 0) {
      backwards.unshift(...page.items.map((t) => t.key));
      page = await searchUserTasks(db, { filter, sort, page: { before: page.startCursor, limit: 2 } });
    }
    expect(backwards).toEqual(whole);
  });

  it('refuses a candidate filter of the wrong type, naming the field', async () => {
    await expect(searchUserTasks(db, { filter: { candidateGroup: { $in: '立案庭' } } })).rejects.toThrow('filter.candidateGroup.$in');
    await expect(searchUserTasks(db, { filter: { state: 'CREATED', candidateUser: { $eq: 7 } } })).rejects.toThrow('filter.candidateUser.$eq');
  });

  it('loses the rows of a deleted task', async () => {
    await db.query('DELETE FROM engine.user_task WHERE key = $1', [keys[7]]);
    const { stored, expected } = await sideTableAndExpected(db);
    expect(stored).toEqual(expected);
    expect(stored.some((r) => r.startsWith(`${keys[7]} `))).toBe(false);
  });
});

describe('migration 0012 on a database with user tasks', () => {
  it('fills the side table from the tasks written before it', async () => {
    const storage = await createTestStorage({ blank: true });
    const db = await openDatabase({ url: storage.databaseUrl, dataDir: storage.dataDir });
    const full = path.resolve(import.meta.dirname, '../../../engine/drizzle');
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-0011-'));
    try {
      // the migrations up to 0011, as a database that was last migrated before this one
      fs.mkdirSync(path.join(before, 'meta'));
      const journal = JSON.parse(fs.readFileSync(path.join(full, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
      const older = journal.entries.filter((e) => e.idx <= 11);
      fs.writeFileSync(path.join(before, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: older }));
      for (const e of older) fs.copyFileSync(path.join(full, `${e.tag}.sql`), path.join(before, `${e.tag}.sql`));
      await migrate(db, before);
      await db.query(
        `INSERT INTO engine.user_task (key, state, element_instance_key, element_id, process_instance_key, process_definition_key, bpmn_process_id, version,
                                       assignee, candidate_groups, candidate_users, priority, custom_headers, tenant_id, creation_date)
         VALUES (11, 'CREATED', 12, 'review', 13, 14, 'p', 1, NULL, '["立案庭","查控组"]', '["officer1"]', 50, '{}', '<default>', 0),
                (21, 'COMPLETED', 22, 'review', 23, 14, 'p', 1, 'officer2', '["立案庭"]', '[]', 50, '{}', '<default>', 0),
                (31, 'CREATED', 32, 'review', 33, 14, 'p', 1, 'officer3', '[]', '[]', 50, '{}', '<default>', 0)`,
      );
      expect(await migrate(db, full)).toContain('0012_user_task_candidates');
      const { stored, expected } = await sideTableAndExpected(db);
      expect(stored).toEqual(['11 group 立案庭 CREATED false', '11 group 查控组 CREATED false', '11 user officer1 CREATED false', '21 group 立案庭 COMPLETED true'].sort());
      expect(stored).toEqual(expected);
      // and the triggers keep it from then on
      await db.query(`UPDATE engine.user_task SET state = 'COMPLETED', assignee = 'officer1' WHERE key = 11`);
      expect((await sideTableAndExpected(db)).stored.filter((r) => r.startsWith('11 '))).toEqual(
        ['11 group 立案庭 COMPLETED true', '11 group 查控组 COMPLETED true', '11 user officer1 COMPLETED true'].sort(),
      );
    } finally {
      fs.rmSync(before, { recursive: true, force: true });
      await db.close();
      await storage.drop();
    }
  }, 120_000);
});
