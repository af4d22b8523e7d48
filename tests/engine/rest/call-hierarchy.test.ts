/**
 * Process instances created by call activities, as the REST API shows them: parent keys on
 * the child, a search by parent, and the call hierarchy from the root down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { camundaClient, NOW, type CamundaClient } from './rest-clients.js';

const model = (id: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d-${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" name="${id}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="step" />
    ${body}
    <bpmn:sequenceFlow id="f2" sourceRef="step" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('call hierarchy over REST', () => {
  let server: TestEngineServer;
  let camunda: CamundaClient;

  beforeAll(async () => {
    server = await startTestEngineServer();
    camunda = camundaClient(server.httpUrl);
    const file = (id: string, xml: string) => new File([xml], `${id}.bpmn`, { type: 'application/octet-stream' });
    await camunda.createDeployment({
      resources: [
        file('enforcement-case', model('enforcement-case', '<bpmn:callActivity id="step" name="网络查控"><bpmn:extensionElements><zeebe:calledElement processId="asset-control" /></bpmn:extensionElements></bpmn:callActivity>')),
        file('asset-control', model('asset-control', '<bpmn:serviceTask id="step"><bpmn:extensionElements><zeebe:taskDefinition type="assets.inquire" /></bpmn:extensionElements></bpmn:serviceTask>')),
      ],
    });
  });
  afterAll(() => server?.close());

  it('shows the called instance with its parent keys and the hierarchy from the root', async () => {
    const { processInstanceKey: parent } = await camunda.createProcessInstance({ processDefinitionId: 'enforcement-case' });
    const children = await camunda.searchProcessInstances({ filter: { parentProcessInstanceKey: parent } } as never, NOW);
    expect(children.items).toHaveLength(1);
    const child = children.items[0]!;
    expect(child).toMatchObject({ processDefinitionId: 'asset-control', parentProcessInstanceKey: parent });
    const callActivity = await camunda.searchElementInstances({ filter: { processInstanceKey: parent, elementId: 'step' } } as never, NOW);
    expect(child.parentElementInstanceKey).toBe(callActivity.items?.[0]?.elementInstanceKey);

    const root = await camunda.getProcessInstance({ processInstanceKey: parent }, NOW);
    expect(root).not.toHaveProperty('parentProcessInstanceKey');

    const hierarchy = await camunda.getProcessInstanceCallHierarchy({ processInstanceKey: child.processInstanceKey }, NOW);
    expect(hierarchy.map((h) => h.processInstanceKey)).toEqual([parent, child.processInstanceKey]);
  });
});
