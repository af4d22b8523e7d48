/**
 * The court-scale engine data the benchmarks share (`bench/rest.bench.ts`, `bench/server.bench.ts`):
 * two command-centre models (首次执行 `bench-enforcement`, 财产保全 `bench-preservation`, the same nine
 * steps) and the statements that seed the engine's tables with the rows the engine writes for such
 * instances (`INSERT … SELECT generate_series`; element instances, user tasks, jobs, timers,
 * incidents, variables; not the record log). See rest.bench.ts for the shape of the data.
 */

/** how many process instances of each kind: waiting at a user task, stuck with an incident, finished */
export interface SeedSize {
  active: number;
  stuck: number;
  finished: number;
}

export const OFFICERS = 300;
export const DAY = 86_400_000;
/** seeded keys start far above what the engine has handed out; the key sequence is moved past them */
export const KEY_OFFSET = 1_000_000_000n;
export const PARTITION_BASE = 1n << 51n;
/** every seeded key is above this */
export const SEEDED_KEY_FLOOR = PARTITION_BASE + KEY_OFFSET;

// ---------------------------------------------------------------------------------------------
// the models

export interface Step {
  ord: number;
  id: string;
  name: string;
  type: 'START_EVENT' | 'USER_TASK' | 'SERVICE_TASK' | 'EXCLUSIVE_GATEWAY' | 'END_EVENT';
  eventType: string;
  /** user tasks: candidate groups as SQL over the instance row `p` */
  groups?: string;
  /** user tasks: days to the due date */
  dueDays?: number;
  jobType?: string;
}

export const STEPS: Step[] = [
  { ord: 1, id: 'start', name: '收到执行申请', type: 'START_EVENT', eventType: 'NONE' },
  { ord: 2, id: 'register', name: '立案登记', type: 'USER_TASK', eventType: 'UNSPECIFIED', groups: `jsonb_build_array('立案庭')`, dueDays: 7 },
  { ord: 3, id: 'propertyQuery', name: '网络查控', type: 'SERVICE_TASK', eventType: 'UNSPECIFIED', jobType: 'bench.property-query' },
  { ord: 4, id: 'route', name: '是否有财产', type: 'EXCLUSIVE_GATEWAY', eventType: 'UNSPECIFIED' },
  { ord: 5, id: 'review', name: '查控结果审查', type: 'USER_TASK', eventType: 'UNSPECIFIED', groups: `jsonb_build_array('查控组')`, dueDays: 15 },
  { ord: 6, id: 'enforce', name: '执行实施', type: 'USER_TASK', eventType: 'UNSPECIFIED', groups: 'jsonb_build_array(p.team)', dueDays: 90 },
  { ord: 7, id: 'notify', name: '送达结案通知', type: 'SERVICE_TASK', eventType: 'UNSPECIFIED', jobType: 'bench.notify' },
  { ord: 8, id: 'close', name: '结案审批', type: 'USER_TASK', eventType: 'UNSPECIFIED', groups: `jsonb_build_array('合议庭', '院领导')`, dueDays: 10 },
  { ord: 9, id: 'end', name: '结案', type: 'END_EVENT', eventType: 'NONE' },
];
export const TEAMS = ['执行团队', '速执团队', '网拍组', '保全组', '终本管理组'];
export const GROUPS = ['立案庭', '查控组', '合议庭', '院领导', ...TEAMS];
export const PROCESSES = [
  { id: 'bench-enforcement', name: '首次执行案件', share: 0.85 },
  { id: 'bench-preservation', name: '财产保全案件', share: 0.15 },
];

export function modelXml(processId: string, processName: string): string {
  const node = (s: Step) => {
    const flowsIn = s.ord > 1 ? `<bpmn:incoming>f${s.ord - 1}</bpmn:incoming>` : '';
    const flowsOut = s.ord < 9 ? `<bpmn:outgoing>f${s.ord}</bpmn:outgoing>` : '';
    switch (s.type) {
      case 'START_EVENT':
        return `<bpmn:startEvent id="${s.id}" name="${s.name}">${flowsOut}</bpmn:startEvent>`;
      case 'END_EVENT':
        return `<bpmn:endEvent id="${s.id}" name="${s.name}">${flowsIn}</bpmn:endEvent>`;
      case 'EXCLUSIVE_GATEWAY':
        return `<bpmn:exclusiveGateway id="${s.id}" name="${s.name}" default="f${s.ord}">${flowsIn}${flowsOut}</bpmn:exclusiveGateway>`;
      case 'SERVICE_TASK':
        return `<bpmn:serviceTask id="${s.id}" name="${s.name}"><bpmn:extensionElements><zeebe:taskDefinition type="${s.jobType}" retries="3" /></bpmn:extensionElements>${flowsIn}${flowsOut}</bpmn:serviceTask>`;
      case 'USER_TASK':
        return `<bpmn:userTask id="${s.id}" name="${s.name}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="${s.id === 'enforce' ? '=[team]' : s.id === 'close' ? '合议庭,院领导' : s.id === 'register' ? '立案庭' : '查控组'}" /></bpmn:extensionElements>${flowsIn}${flowsOut}</bpmn:userTask>`;
    }
  };
  const flows = STEPS.slice(0, -1).map((s) => `<bpmn:sequenceFlow id="f${s.ord}" sourceRef="${s.id}" targetRef="${STEPS[s.ord]!.id}" />`);
  const timer =
    `<bpmn:boundaryEvent id="enforceOverdue" name="执行超期" cancelActivity="false" attachedToRef="enforce"><bpmn:outgoing>fOverdue</bpmn:outgoing>` +
    `<bpmn:timerEventDefinition><bpmn:timeDuration>P90D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>` +
    `<bpmn:sequenceFlow id="fOverdue" sourceRef="enforceOverdue" targetRef="overdueEnd" />` +
    `<bpmn:endEvent id="overdueEnd" name="超期已提醒"><bpmn:incoming>fOverdue</bpmn:incoming></bpmn:endEvent>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="${processId}-defs" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${processId}" name="${processName}" isExecutable="true">
    ${STEPS.map(node).join('\n    ')}
    ${flows.join('\n    ')}
    ${timer}
  </bpmn:process>
</bpmn:definitions>
`;
}

// ---------------------------------------------------------------------------------------------
// seeding

/** a deterministic pseudo-random number in [0, 1) per (row, salt) */
export const rnd = (row: string, salt: number) => `((hashint8((${row})::int8 * 131 + ${salt}) & 2147483647)::float8 / 2147483648.0)`;

/**
 * One statement per table, all derived from `bench_pi` (one row per process instance) and
 * `bench_step` (the model's steps). Keys: instance i has key base + i·32; its element instance
 * for step k has key + k; its user task for that step key + 16 + k; job key + 24 + k (service
 * tasks: k = 3 or 7); timer key + 30; incident key + 31; variables key + 10 … 13.
 */
export function seedStatements(now: number, definitions: Map<string, string>, size: SeedSize): Array<[string, string]> {
  const { active: ACTIVE, stuck: STUCK } = size;
  const base = PARTITION_BASE + KEY_OFFSET;
  const total = size.active + size.stuck + size.finished;
  const defCase = `CASE WHEN ${rnd('i', 7)} < ${PROCESSES[0]!.share} THEN '${PROCESSES[0]!.id}' ELSE '${PROCESSES[1]!.id}' END`;
  const steps = STEPS.map((s) => `(${s.ord}, '${s.id}', '${s.name}', '${s.type}', '${s.eventType}', ${s.dueDays ?? 'NULL'})`).join(', ');
  const groupsCase = `CASE s.element_id ${STEPS.filter((s) => s.groups).map((s) => `WHEN '${s.id}' THEN ${s.groups}`).join(' ')} END`;
  const defKeyCase = `CASE p.bpmn_process_id ${[...definitions].map(([id, key]) => `WHEN '${id}' THEN ${key}::int8`).join(' ')} END`;
  const officer = (salt: number) => `'officer' || lpad((1 + floor(${rnd('p.i', salt)} * ${OFFICERS}))::int::text, 3, '0')`;
  // element instance k of instance p: its state and times
  const eiState = `CASE WHEN s.ord < p.stage OR p.kind = 'completed' THEN 'COMPLETED' WHEN p.kind = 'canceled' THEN 'TERMINATED' ELSE 'ACTIVATED' END`;
  const eiStart = `(p.start_time + (s.ord - 1) * p.step_ms)`;
  const eiEnd = `CASE WHEN s.ord < p.stage OR p.kind = 'completed' THEN ${eiStart} + CASE WHEN s.type IN ('START_EVENT', 'END_EVENT', 'EXCLUSIVE_GATEWAY') THEN 5 ELSE (p.step_ms * (0.2 + 0.8 * ${rnd('p.i', 100)} * ${rnd('s.ord', 101)}))::int8 END WHEN p.kind = 'canceled' THEN ${eiStart} + p.step_ms / 2 END`;
  return [
    [
      'instances',
      `CREATE TABLE public.bench_step (ord int, element_id text, name text, type text, event_type text, due_days int);
       INSERT INTO public.bench_step VALUES ${steps};
       CREATE TABLE public.bench_pi AS
       WITH ranked AS (SELECT i, row_number() OVER (ORDER BY ${rnd('i', 1)}) AS r FROM generate_series(1, ${total}) i)
       SELECT i, (${base}::int8 + i * 32) AS key,
              CASE WHEN r <= ${ACTIVE} THEN 'waiting' WHEN r <= ${ACTIVE + STUCK} THEN 'incident' WHEN ${rnd('i', 2)} < 0.85 THEN 'completed' ELSE 'canceled' END AS kind,
              ${defCase} AS bpmn_process_id,
              floor(${TEAMS.length} * ${rnd('i', 3)})::int AS team_no,
              ((1 + ${rnd('i', 4)} * 3) * ${DAY})::int8 AS step_ms,
              ${rnd('i', 5)} AS age
         FROM ranked;
       ALTER TABLE public.bench_pi ADD COLUMN stage int, ADD COLUMN team text, ADD COLUMN start_time int8;
       UPDATE public.bench_pi SET
         team = (ARRAY[${TEAMS.map((t) => `'${t}'`).join(', ')}])[team_no + 1],
         stage = CASE kind WHEN 'completed' THEN 10 WHEN 'canceled' THEN 6 WHEN 'incident' THEN 3
                 ELSE CASE WHEN ${rnd('i', 6)} < 0.2 THEN 2 WHEN ${rnd('i', 6)} < 0.45 THEN 5 WHEN ${rnd('i', 6)} < 0.85 THEN 6 ELSE 8 END END;
       UPDATE public.bench_pi SET start_time = ${now}::int8 - (LEAST(stage, 9) * step_ms) - (age * ${kindAge()})::int8;`,
    ],
    [
      'element instances',
      `INSERT INTO engine.element_instance (key, process_instance_key, process_definition_key, bpmn_process_id, version, element_id, element_type, event_type,
              flow_scope_key, state, active_children, job_key, incident_key, tenant_id, start_time, end_time)
       SELECT p.key, p.key, ${defKeyCase}, p.bpmn_process_id, 1, p.bpmn_process_id, 'PROCESS', 'UNSPECIFIED', NULL,
              CASE p.kind WHEN 'completed' THEN 'COMPLETED' WHEN 'canceled' THEN 'TERMINATED' ELSE 'ACTIVATED' END,
              CASE WHEN p.kind IN ('waiting', 'incident') THEN 1 ELSE 0 END, NULL, NULL, '<default>', p.start_time,
              CASE p.kind WHEN 'completed' THEN p.start_time + 8 * p.step_ms + 10 WHEN 'canceled' THEN p.start_time + 5 * p.step_ms + p.step_ms / 2 END
         FROM public.bench_pi p;
       INSERT INTO engine.element_instance (key, process_instance_key, process_definition_key, bpmn_process_id, version, element_id, element_type, event_type,
              flow_scope_key, state, active_children, job_key, incident_key, tenant_id, start_time, end_time)
       SELECT p.key + s.ord, p.key, ${defKeyCase}, p.bpmn_process_id, 1, s.element_id, s.type, s.event_type, p.key, ${eiState}, 0,
              CASE WHEN s.type = 'SERVICE_TASK' THEN p.key + 24 + s.ord END,
              CASE WHEN p.kind = 'incident' AND s.ord = 3 THEN p.key + 31 END,
              '<default>', ${eiStart}, ${eiEnd}
         FROM public.bench_pi p JOIN public.bench_step s ON s.ord <= LEAST(p.stage, 9);`,
    ],
    [
      'user tasks',
      `INSERT INTO engine.user_task (key, state, element_instance_key, element_id, name, process_instance_key, process_definition_key, bpmn_process_id, version,
              assignee, candidate_groups, candidate_users, due_date, follow_up_date, priority, form_key, external_form_reference, custom_headers, tenant_id,
              creation_date, completion_date)
       SELECT e.key + 16, CASE e.state WHEN 'COMPLETED' THEN 'COMPLETED' WHEN 'TERMINATED' THEN 'CANCELED' ELSE 'CREATED' END,
              e.key, e.element_id, s.name, p.key, e.process_definition_key, p.bpmn_process_id, 1,
              CASE WHEN e.state = 'COMPLETED' OR ${rnd('e.key', 20)} < 0.55 THEN ${officer(21)} END,
              ${groupsCase},
              CASE WHEN ${rnd('e.key', 22)} < 0.15 THEN jsonb_build_array(${officer(23)}, ${officer(24)}) ELSE '[]'::jsonb END,
              CASE WHEN ${rnd('e.key', 25)} < 0.9 THEN e.start_time + s.due_days * ${DAY}::int8 END,
              CASE WHEN ${rnd('e.key', 26)} < 0.25 THEN e.start_time + 3 * ${DAY}::int8 END,
              CASE WHEN ${rnd('e.key', 27)} < 0.05 THEN 25 WHEN ${rnd('e.key', 27)} < 0.65 THEN 50 WHEN ${rnd('e.key', 27)} < 0.9 THEN 75 ELSE 90 END,
              NULL, NULL, '{}'::jsonb, '<default>', e.start_time, e.end_time
         FROM engine.element_instance e JOIN public.bench_pi p ON p.key = e.process_instance_key JOIN public.bench_step s ON s.element_id = e.element_id
        WHERE e.element_type = 'USER_TASK' AND e.key > ${base}::int8;`,
    ],
    [
      'jobs, incidents, timers',
      `INSERT INTO engine.job (key, type, state, retries, worker, deadline, recur_at, error_message, error_code, custom_headers, element_instance_key, element_id,
              process_instance_key, process_definition_key, bpmn_process_id, version, tenant_id)
       SELECT e.job_key, CASE e.element_id WHEN 'propertyQuery' THEN 'bench.property-query' ELSE 'bench.notify' END,
              CASE WHEN e.incident_key IS NOT NULL THEN 'FAILED' ELSE 'COMPLETED' END, CASE WHEN e.incident_key IS NOT NULL THEN 0 ELSE 3 END,
              'bench-worker', NULL, NULL, CASE WHEN e.incident_key IS NOT NULL THEN '网络查控系统无响应 (simulated)' ELSE '' END, '', '{}'::jsonb,
              e.key, e.element_id, e.process_instance_key, e.process_definition_key, e.bpmn_process_id, 1, '<default>'
         FROM engine.element_instance e WHERE e.job_key IS NOT NULL AND e.key > ${base}::int8;
       INSERT INTO engine.incident (key, state, error_type, error_message, process_instance_key, process_definition_key, bpmn_process_id, element_id,
              element_instance_key, variable_scope_key, job_key, tenant_id, created_at)
       SELECT e.incident_key, 'ACTIVE', 'JOB_NO_RETRIES', '网络查控系统无响应 (simulated)', e.process_instance_key, e.process_definition_key, e.bpmn_process_id,
              e.element_id, e.key, e.key, e.job_key, '<default>', e.start_time + 3600000
         FROM engine.element_instance e WHERE e.incident_key IS NOT NULL AND e.key > ${base}::int8;
       -- incidents that were resolved: one in 20 finished instances had one at 网络查控
       INSERT INTO engine.incident (key, state, error_type, error_message, process_instance_key, process_definition_key, bpmn_process_id, element_id,
              element_instance_key, variable_scope_key, job_key, tenant_id, created_at)
       SELECT e.process_instance_key + 31, 'RESOLVED', 'JOB_NO_RETRIES', '网络查控系统无响应 (simulated)', e.process_instance_key, e.process_definition_key,
              e.bpmn_process_id, e.element_id, e.key, e.key, e.job_key, '<default>', e.start_time + 3600000
         FROM engine.element_instance e
        WHERE e.element_id = 'propertyQuery' AND e.state = 'COMPLETED' AND e.key > ${base}::int8 AND ${rnd('e.key', 30)} < 0.05;
       INSERT INTO engine.timer (key, state, element_instance_key, process_instance_key, process_definition_key, bpmn_process_id, target_element_id, due_date,
              repetitions, tenant_id)
       SELECT e.process_instance_key + 30, CASE WHEN e.state = 'ACTIVATED' THEN 'ACTIVE' ELSE 'CANCELED' END, e.key, e.process_instance_key,
              e.process_definition_key, e.bpmn_process_id, 'enforceOverdue', e.start_time + 90 * ${DAY}::int8, 1, '<default>'
         FROM engine.element_instance e WHERE e.element_id = 'enforce' AND e.key > ${base}::int8;`,
    ],
    [
      'variables',
      `INSERT INTO engine.variable (key, scope_key, process_instance_key, name, value, tenant_id)
       SELECT p.key + 10 + v.n, p.key, p.key, v.name,
              CASE v.n
                WHEN 0 THEN to_jsonb('(2026)豫1330执' || p.i || '号')::text
                WHEN 1 THEN ((1000 + floor(${rnd('p.i', 40)} * 5000000))::int8)::text
                WHEN 2 THEN to_jsonb(p.team)::text
                ELSE to_jsonb(${officer(21)})::text END,
              '<default>'
         FROM public.bench_pi p CROSS JOIN (VALUES (0, 'caseNumber'), (1, 'claimAmount'), (2, 'team'), (3, 'caseOfficer')) v(n, name);`,
    ],
    [
      // the engine keeps element statistics and duration histograms on write; rows seeded around it are counted here
      'element statistics',
      `SELECT engine.rebuild_element_statistics();`,
    ],
    [
      'key sequence',
      `SELECT setval('engine.key_block_seq', GREATEST((SELECT last_value FROM engine.key_block_seq), ${(KEY_OFFSET + BigInt(total + 2) * 32n) / 10_000n + 1n}));
       DROP TABLE public.bench_pi; DROP TABLE public.bench_step;`,
    ],
  ];
}

/** how far before its steps an instance may have started: finished ones over half a year, open ones over two months */
export const kindAge = () => `CASE kind WHEN 'completed' THEN ${150 * DAY} WHEN 'canceled' THEN ${150 * DAY} ELSE ${60 * DAY} END`;
