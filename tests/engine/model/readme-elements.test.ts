/**
 * Keeps engine/README.md's table of supported BPMN elements true: every row of the table has a
 * model here that uses the row's element(s); a row marked "supported" must deploy, a row marked
 * "not yet" must be refused naming the element's id. A row without a model here, or a model
 * whose row is gone, fails the test, so the table and the engine cannot drift apart silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';

const README = path.join(import.meta.dirname, '../../../engine/README.md');
const FIXTURES = path.join(import.meta.dirname, '../processing/fixtures');

/** the rows of the table under "## Supported BPMN elements": [element, status] */
function tableRows(): [string, string][] {
  const text = fs.readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('## Supported BPMN elements'));
  const lines = section.split('\n').slice(1);
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: [string, string][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.slice(1, -1).split(' | ').map((c) => c.trim());
    if (cells.length !== 2) throw new Error(`README row without exactly two cells: ${line}`);
    rows.push([cells[0]!, cells[1]!]);
  }
  return rows;
}

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';
const inline = (id: string, body: string) => ({
  name: `${id}.bpmn`,
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs-${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`,
});

interface Case {
  /** the models (fixtures of tests/engine/processing by name, or inline), deployed together */
  models: (string | { name: string; xml: string })[];
  /** what the models must contain, so that they really use the row's elements */
  uses: RegExp[];
  /** for "not yet" rows: the ids of the elements the refusal must name */
  refusedIds?: string[];
}

/** by the start of the row's element cell */
const CASES: Record<string, Case> = {
  'process, none start event, none end event': { models: ['start-end.bpmn'], uses: [/<bpmn:startEvent/, /<bpmn:endEvent/] },
  'service, send, script, business-rule task (`zeebe:taskDefinition`': {
    models: ['task-kinds.bpmn', 'job-properties.bpmn'],
    uses: [/<bpmn:serviceTask/, /<bpmn:sendTask/, /<bpmn:scriptTask/, /<bpmn:businessRuleTask/, /zeebe:taskHeaders/],
  },
  '`zeebe:ioMapping`': { models: ['io-mapping.bpmn'], uses: [/zeebe:ioMapping/, /zeebe:input /, /zeebe:output /] },
  'exclusive gateway': { models: ['exclusive-gateway.bpmn'], uses: [/<bpmn:exclusiveGateway[^>]*default=/, /conditionExpression/] },
  'parallel gateway': { models: ['parallel-gateway.bpmn'], uses: [/<bpmn:parallelGateway/] },
  'error boundary event': { models: ['error-boundary.bpmn', 'error-end.bpmn', 'error-subprocess.bpmn'], uses: [/<bpmn:boundaryEvent/, /<bpmn:errorEventDefinition/] },
  'timers:': { models: ['timer-catch.bpmn', 'timer-boundary.bpmn', 'timer-start.bpmn'], uses: [/<bpmn:timeDuration/, /<bpmn:timeCycle/, /<bpmn:boundaryEvent/] },
  'embedded sub-process': { models: ['sub-process.bpmn', 'event-sub-process.bpmn'], uses: [/<bpmn:subProcess/, /triggeredByEvent="true"/] },
  'event-based gateway': { models: ['message-event-sub-process.bpmn'], uses: [/<bpmn:eventBasedGateway/] },
  'undefined task, manual task, none intermediate throw event': {
    models: [
      inline(
        'readme-pass-through',
        `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" /><bpmn:task id="t" />
         <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="m" /><bpmn:manualTask id="m" />
         <bpmn:sequenceFlow id="f3" sourceRef="m" targetRef="n" /><bpmn:intermediateThrowEvent id="n" />
         <bpmn:sequenceFlow id="f4" sourceRef="n" targetRef="e" /><bpmn:endEvent id="e" />`,
      ),
    ],
    uses: [/<bpmn:task /, /<bpmn:manualTask/, /<bpmn:intermediateThrowEvent id="n" \/>/],
  },
  'user task, Camunda user task': { models: ['assigned-review.bpmn', 'case-review.form'], uses: [/zeebe:userTask/, /zeebe:assignmentDefinition/] },
  'user task, job-based': { models: ['job-user-task.bpmn'], uses: [/<bpmn:userTask/] },
  'business rule task with `zeebe:calledDecision`': { models: ['business-rule-tasks.bpmn', 'case-triage.dmn'], uses: [/zeebe:calledDecision/] },
  'script task with `zeebe:script`': { models: ['script-tasks.bpmn'], uses: [/zeebe:script /] },
  '`.dmn`': { models: ['case-triage.dmn', 'case-review.form'], uses: [/<decisionTable/, /"components"/] },
  'call activity': { models: ['call-parent.bpmn', 'call-child.bpmn'], uses: [/<bpmn:callActivity/, /zeebe:calledElement/] },
  'multi-instance activities': { models: ['multi-instance.bpmn'], uses: [/<bpmn:multiInstanceLoopCharacteristics/, /zeebe:loopCharacteristics/] },
  'message intermediate catch events, receive tasks': {
    models: ['message-catch.bpmn', 'message-boundary.bpmn', 'message-event-sub-process.bpmn'],
    uses: [/<bpmn:intermediateCatchEvent/, /<bpmn:receiveTask/, /<bpmn:boundaryEvent/, /zeebe:subscription/],
  },
  'message start events': { models: ['message-start.bpmn'], uses: [/<bpmn:startEvent[^>]*>\s*<bpmn:messageEventDefinition/] },
  'message intermediate throw and end events': { models: ['message-throw.bpmn'], uses: [/<bpmn:intermediateThrowEvent/, /<bpmn:messageEventDefinition/] },
  'signal intermediate catch': { models: ['signal-catch.bpmn', 'signal-start.bpmn', 'signal-throw.bpmn'], uses: [/<bpmn:signalEventDefinition/, /<bpmn:intermediateThrowEvent/] },
  'escalation intermediate throw and end events': {
    models: ['escalation-boundary.bpmn', 'escalation-event-sub-process.bpmn'],
    uses: [/<bpmn:escalationEventDefinition/, /<bpmn:intermediateThrowEvent/],
  },
  'link intermediate throw and catch events': { models: ['link-events.bpmn'], uses: [/<bpmn:linkEventDefinition/] },
  'terminate end event': { models: ['terminate-end.bpmn'], uses: [/<bpmn:terminateEventDefinition/] },
  'inclusive gateway': { models: ['inclusive-gateway.bpmn'], uses: [/<bpmn:inclusiveGateway/] },
  'compensation boundary events': {
    models: [
      inline(
        'readme-compensation',
        `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="pay" />
         <bpmn:serviceTask id="pay"><bpmn:extensionElements><zeebe:taskDefinition type="pay" /></bpmn:extensionElements></bpmn:serviceTask>
         <bpmn:boundaryEvent id="undo-pay" attachedToRef="pay"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
         <bpmn:serviceTask id="refund" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="refund" /></bpmn:extensionElements></bpmn:serviceTask>
         <bpmn:association id="a1" associationDirection="One" sourceRef="undo-pay" targetRef="refund" />
         <bpmn:sequenceFlow id="f2" sourceRef="pay" targetRef="undo" />
         <bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition activityRef="pay" /></bpmn:intermediateThrowEvent>
         <bpmn:sequenceFlow id="f3" sourceRef="undo" targetRef="notify" />
         <bpmn:serviceTask id="notify"><bpmn:extensionElements><zeebe:taskDefinition type="notify" /></bpmn:extensionElements></bpmn:serviceTask>
         <bpmn:boundaryEvent id="undo-notify" attachedToRef="notify"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
         <bpmn:subProcess id="retract" isForCompensation="true"><bpmn:startEvent id="rs" /><bpmn:sequenceFlow id="rf" sourceRef="rs" targetRef="re" /><bpmn:endEvent id="re" /></bpmn:subProcess>
         <bpmn:association id="a2" associationDirection="One" sourceRef="undo-notify" targetRef="retract" />
         <bpmn:sequenceFlow id="f4" sourceRef="notify" targetRef="e" /><bpmn:endEvent id="e"><bpmn:compensateEventDefinition /></bpmn:endEvent>`,
      ),
    ],
    uses: [
      /<bpmn:boundaryEvent[^>]*>\s*<bpmn:compensateEventDefinition/,
      /isForCompensation="true"/,
      /<bpmn:subProcess id="retract" isForCompensation="true"/,
      /<bpmn:intermediateThrowEvent[^>]*>\s*<bpmn:compensateEventDefinition/,
      /<bpmn:endEvent[^>]*>\s*<bpmn:compensateEventDefinition/,
    ],
  },
  'compensation start events': {
    models: [
      inline(
        'readme-compensation-esp',
        `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="sub" />
         <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" /><bpmn:sequenceFlow id="sf" sourceRef="ss" targetRef="se" /><bpmn:endEvent id="se" />
           <bpmn:subProcess id="on-compensate" triggeredByEvent="true"><bpmn:startEvent id="cs"><bpmn:compensateEventDefinition /></bpmn:startEvent>
             <bpmn:sequenceFlow id="cf" sourceRef="cs" targetRef="ce" /><bpmn:endEvent id="ce" /></bpmn:subProcess>
         </bpmn:subProcess>
         <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="e" /><bpmn:endEvent id="e" />`,
      ),
    ],
    uses: [/<bpmn:startEvent[^>]*>\s*<bpmn:compensateEventDefinition/, /triggeredByEvent="true"/],
    refusedIds: ['on-compensate'],
  },
  'conditional events': {
    models: [
      inline(
        'readme-conditional',
        `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait-condition" />
         <bpmn:intermediateCatchEvent id="wait-condition"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">=x &gt; 1</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
         <bpmn:sequenceFlow id="f2" sourceRef="wait-condition" targetRef="e" /><bpmn:endEvent id="e" />`,
      ),
    ],
    uses: [/<bpmn:conditionalEventDefinition/],
    refusedIds: ['wait-condition'],
  },
};

const keyOf = (element: string) => Object.keys(CASES).find((k) => element.startsWith(k));

describe('engine/README.md supported-elements table', () => {
  const rows = tableRows();
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
  });
  afterAll(() => h?.close());

  it('has a model here for every row, and a row for every model here', () => {
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter(([element]) => !keyOf(element)).map(([element]) => element)).toEqual([]);
    const used = new Set(rows.map(([element]) => keyOf(element)));
    expect(Object.keys(CASES).filter((k) => !used.has(k))).toEqual([]);
  });

  for (const [element, status] of rows) {
    const key = keyOf(element);
    it(`${status.startsWith('not yet') ? 'refuses' : 'deploys'}: ${element.slice(0, 80)}`, async () => {
      const c = CASES[key!];
      expect(c, `no model for the README row '${element}'`).toBeDefined();
      const resources = c!.models.map((m) =>
        typeof m === 'string' ? { name: m, content: fs.readFileSync(path.join(FIXTURES, m)) } : { name: m.name, content: Buffer.from(m.xml) },
      );
      const text = resources.map((r) => r.content.toString('utf8')).join('\n');
      for (const pattern of c!.uses) expect(text, `the models of '${key}' use ${pattern}`).toMatch(pattern);

      const result = await h.engine.deploy(resources);
      if (status.startsWith('supported')) {
        expect(result.ok ? 'deployed' : result.error.reason).toBe('deployed');
      } else if (status.startsWith('not yet')) {
        expect(result.ok, 'deployment should be refused').toBe(false);
        if (!result.ok) for (const id of c!.refusedIds ?? []) expect(result.error.reason).toContain(`Element: ${id}`);
      } else {
        throw new Error(`README status must start with 'supported' or 'not yet', but is '${status}'`);
      }
    });
  }
});
