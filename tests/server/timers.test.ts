/**
 * The staff timers page's route against a real engine: judges and clerks see the pending timers
 * of the cases they work on — their team's cases, cases they are the officer of, cases with a
 * task offered to them — each with its 案号 and parties; supervisors and admins see every timer;
 * the reply carries the engine's clock for the countdowns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypedApp } from '../../server/src/app.js';
import { cases } from '../../server/src/db/schema.js';
import { startServerHarness, type ServerHarness } from './server-harness.js';

let h: ServerHarness;
let app: TypedApp;

const definitions = (body: string, id: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;

/** waits a day */
const waitModel = definitions(
  `<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
   <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
   <bpmn:intermediateCatchEvent id="wait" name="等待一天"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
     <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
   <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
   <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>`,
  'timers-wait',
);

/** a 查控组 task with a reminder two hours on (a non-interrupting boundary timer) */
const taskModel = definitions(
  `<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
   <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="inquire" />
   <bpmn:userTask id="inquire" name="网络查控"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="查控组" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
   <bpmn:boundaryEvent id="remind" name="查控提醒" attachedToRef="inquire" cancelActivity="false"><bpmn:outgoing>f3</bpmn:outgoing>
     <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
   <bpmn:sequenceFlow id="f2" sourceRef="inquire" targetRef="end" />
   <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
   <bpmn:sequenceFlow id="f3" sourceRef="remind" targetRef="reminded" />
   <bpmn:endEvent id="reminded"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>`,
  'timers-task',
);

let serial = 0;
async function registerCase(values: { team?: string; caseOfficer?: string; applicant: string }) {
  serial++;
  const [row] = await app.db
    .insert(cases)
    .values({
      caseNumber: `（2026）豫1330执${600 + serial}号`,
      caseType: '执',
      courtCode: '豫1330',
      year: 2026,
      parties: { applicant: { name: values.applicant, kind: 'person' }, respondents: [{ name: `被执行人${serial}`, kind: 'organization' }] },
      claimAmount: 50_000,
      team: values.team ?? null,
      caseOfficer: values.caseOfficer ?? null,
      registeredBy: 'lian',
    })
    .returning();
  return row!;
}

/** starts `processDefinitionId` for a case: as its root instance (`root`) or as a called process knowing the case by `caseId` */
async function startFor(caseRow: { id: string; caseNumber: string }, processDefinitionId: string, root: boolean) {
  const { processInstanceKey } = await app.engineClient.createProcessInstance({ processDefinitionId, variables: { caseId: caseRow.id, caseNumber: caseRow.caseNumber } });
  if (root) {
    const { eq } = await import('drizzle-orm');
    await app.db.update(cases).set({ processInstanceKey }).where(eq(cases.id, caseRow.id));
  }
  return processInstanceKey;
}

let teamCase: Awaited<ReturnType<typeof registerCase>>;
let taskCase: Awaited<ReturnType<typeof registerCase>>;
let officerCase: Awaited<ReturnType<typeof registerCase>>;

beforeAll(async () => {
  h = await startServerHarness({ engine: true });
  app = h.app;
  await app.engineClient.deployResources([
    { name: 'timers-wait.bpmn', content: waitModel },
    { name: 'timers-task.bpmn', content: taskModel },
  ]);
  teamCase = await registerCase({ team: '保全组', applicant: '张三' });
  taskCase = await registerCase({ team: '执行团队', applicant: '李四' });
  officerCase = await registerCase({ caseOfficer: 'neiqin', applicant: '王五' });
  await startFor(teamCase, 'timers-wait', false);
  await startFor(taskCase, 'timers-task', true);
  await startFor(officerCase, 'timers-wait', true);
  // a timer of no case: supervisors see it, nobody else
  await app.engineClient.createProcessInstance({ processDefinitionId: 'timers-wait', variables: {} });
}, 300_000);

afterAll(async () => h?.close());

const timersOf = async (username: string) => {
  const res = await app.inject({ method: 'GET', url: '/api/timers', headers: await h.login(username) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { available: boolean; scope: string; total: number; serverTime?: string; items: { caseNumber?: string; elementId: string; dueDate: string; applicantName?: string; respondentNames?: string[]; team?: string }[] };
};

describe('GET /api/timers', () => {
  it('shows a clerk the timers of cases with a task offered to their group, with 案号 and parties', async () => {
    const reply = await timersOf('chakong');
    expect(reply).toMatchObject({ available: true, scope: 'mine', total: 1 });
    expect(reply.items[0]).toMatchObject({
      caseNumber: taskCase.caseNumber,
      elementId: 'remind',
      applicantName: '李四',
      respondentNames: [expect.stringMatching(/^被执行人/)],
      team: '执行团队',
    });
    expect(Math.abs(Date.parse(reply.serverTime!) - Date.now())).toBeLessThan(60_000);
  });

  it("shows a team's cases to its members and an officer's cases to the officer", async () => {
    expect((await timersOf('baoquan')).items.map((t) => t.caseNumber)).toEqual([teamCase.caseNumber]);
    expect((await timersOf('faguan')).items.map((t) => t.caseNumber)).toEqual([taskCase.caseNumber]);
    expect((await timersOf('neiqin')).items.map((t) => t.caseNumber)).toEqual([officerCase.caseNumber]);
    expect((await timersOf('wangpai')).items).toEqual([]);
  });

  it('shows supervisors every timer, soonest first, and refuses the hotline', async () => {
    const reply = await timersOf('zhuren');
    expect(reply.scope).toBe('all');
    expect(reply.total).toBe(4);
    expect(reply.items.map((t) => t.caseNumber).filter(Boolean).sort()).toEqual([teamCase.caseNumber, taskCase.caseNumber, officerCase.caseNumber].sort());
    const dues = reply.items.map((t) => Date.parse(t.dueDate));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(reply.items[0]!.elementId).toBe('remind');
    const hotline = await app.inject({ method: 'GET', url: '/api/timers', headers: await h.login('zhiban') });
    expect(hotline.statusCode).toBe(403);
  });
});
