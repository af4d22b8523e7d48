import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coverage, coveredBy, mergeRecorded, modelPaths, type Recorded } from '../../scripts/process-paths.js';

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:message id="m1" name="paid" />
  <bpmn:process id="demo" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:exclusiveGateway id="gw" name="是否缴纳" default="fNo" />
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="gw" />
    <bpmn:sequenceFlow id="fYes" name="已缴纳" sourceRef="gw" targetRef="task" />
    <bpmn:sequenceFlow id="fNo" sourceRef="gw" targetRef="wait" />
    <bpmn:userTask id="task" name="审查" />
    <bpmn:boundaryEvent id="late" name="超期" attachedToRef="task" cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:intermediateCatchEvent id="wait" name="等待缴纳">
      <bpmn:messageEventDefinition messageRef="m1" />
    </bpmn:intermediateCatchEvent>
    <bpmn:parallelGateway id="fork" />
    <bpmn:sequenceFlow id="p0" sourceRef="task" targetRef="fork" />
    <bpmn:sequenceFlow id="p1" sourceRef="fork" targetRef="end" />
    <bpmn:sequenceFlow id="p2" sourceRef="fork" targetRef="end" />
    <bpmn:sequenceFlow id="w0" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
    <bpmn:subProcess id="esp" triggeredByEvent="true">
      <bpmn:startEvent id="espStart" name="每月" isInterrupting="false">
        <bpmn:timerEventDefinition><bpmn:timeCycle>R/P1M</bpmn:timeCycle></bpmn:timerEventDefinition>
      </bpmn:startEvent>
      <bpmn:endEvent id="espEnd" />
      <bpmn:sequenceFlow id="e0" sourceRef="espStart" targetRef="espEnd" />
    </bpmn:subProcess>
  </bpmn:process>
</bpmn:definitions>`;

describe('process paths', () => {
  it('lists gateway branches (not parallel ones), boundary events, catch events and event sub-process starts', async () => {
    const paths = await modelPaths(MODEL);
    expect(paths.map((p) => [p.id, p.kind])).toEqual([
      ['fYes', 'gateway-branch'],
      ['fNo', 'gateway-branch'],
      ['late', 'boundary-event'],
      ['wait', 'catch-event'],
      ['espStart', 'event-subprocess-start'],
    ]);
    expect(paths.find((p) => p.id === 'fYes')!.name).toBe('已缴纳');
    // an unnamed flow is named by its gateway and target, the default flow marked
    expect(paths.find((p) => p.id === 'fNo')!.name).toBe('是否缴纳 → 等待缴纳（默认）');
    expect(paths.find((p) => p.id === 'late')!.detail).toBe('timer on task, non-interrupting');
    expect(paths.every((p) => p.bpmnProcessId === 'demo')).toBe(true);
  });

  it('counts a branch as taken by its flow, a boundary by its activation and a catch event only when completed', async () => {
    const paths = await modelPaths(MODEL);
    const recorded = mergeRecorded([
      { processes: { demo: { flowsTaken: ['f0', 'fYes'], activated: ['wait'], completed: [] } } },
      { processes: { demo: { flowsTaken: [], activated: ['late'], completed: [] } } },
    ]);
    const [report] = coverage([{ file: 'demo.bpmn', paths }], recorded, [{ bpmnProcessId: 'demo', id: 'espStart', reason: 'test' }]);
    expect(report.total).toBe(5);
    expect(report.covered).toBe(2);
    expect(report.uncovered.map((p) => p.id)).toEqual(['fNo', 'wait']);
    expect(report.allowed.map((p) => [p.id, p.reason])).toEqual([['espStart', 'test']]);
  });

  it('names the file that is not BPMN', async () => {
    await expect(modelPaths('<not-xml', 'broken.bpmn')).rejects.toThrow(/broken\.bpmn/);
  });

  it('finds paths in every model of processes/', async () => {
    for (const file of fs.readdirSync('processes').filter((f) => f.endsWith('.bpmn'))) {
      const paths = await modelPaths(fs.readFileSync(`processes/${file}`, 'utf8'), file);
      expect(paths.length, file).toBeGreaterThan(0);
      expect(new Set(paths.map((p) => `${p.bpmnProcessId}/${p.id}`)).size, file).toBe(paths.length);
    }
  });
});

describe('process paths: which tests took a path', () => {
  it('names only the test files whose run took it', async () => {
    const paths = await modelPaths(MODEL);
    const late = paths.find((p) => p.id === 'late')!;
    const files: Recorded[] = [
      { testFile: '/repo/tests/processes/a.test.ts', processes: { demo: { flowsTaken: [], activated: ['late'], completed: [] } } },
      { testFile: '/repo/tests/processes/b.test.ts', processes: { demo: { flowsTaken: ['fYes'], activated: [], completed: [] } } },
      { testFile: '/repo/tests/processes/c.test.ts', processes: { other: { flowsTaken: [], activated: ['late'], completed: [] } } },
    ];
    expect(coveredBy(late, files, '/repo')).toEqual(['tests/processes/a.test.ts']);
    expect(coveredBy(paths.find((p) => p.id === 'fNo')!, files, '/repo')).toEqual([]);
  });
});
