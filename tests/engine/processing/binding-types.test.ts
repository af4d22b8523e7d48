/**
 * Binding types of call activities (`zeebe:calledElement`), business rule tasks
 * (`zeebe:calledDecision`) and forms (`zeebe:formDefinition`), as in Zeebe 8.8: `latest` (the
 * default), `deployment` (the version deployed together with the calling process) and
 * `versionTag` (the latest version with the modelled `zeebe:versionTag`). A version that cannot
 * be found raises Zeebe's incident (CALLED_ELEMENT_ERROR, CALLED_DECISION_ERROR, FORM_NOT_FOUND).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';

/** a child process: start → end, with an optional version tag and a marker element name */
const child = (id: string, marker: string, versionTag?: string) => ({
  name: `${id}.bpmn`,
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs-${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">
    ${versionTag ? `<bpmn:extensionElements><zeebe:versionTag value="${versionTag}" /></bpmn:extensionElements>` : ''}
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="${marker}" /><bpmn:endEvent id="${marker}" />
  </bpmn:process>
</bpmn:definitions>`,
});

/** a process with one element, wrapped in start and a waiting user task so the instance stays */
const wrapper = (id: string, element: string) => ({
  name: `${id}.bpmn`,
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs-${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="the-element" />
    ${element}
    <bpmn:sequenceFlow id="f2" sourceRef="the-element" targetRef="wait" />
    <bpmn:userTask id="wait"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
  </bpmn:process>
</bpmn:definitions>`,
});

const callActivity = (processId: string, binding: string) =>
  `<bpmn:callActivity id="the-element"><bpmn:extensionElements><zeebe:calledElement processId="${processId}" ${binding} /></bpmn:extensionElements></bpmn:callActivity>`;
const businessRuleTask = (decisionId: string, binding: string) =>
  `<bpmn:businessRuleTask id="the-element"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="result" ${binding} /></bpmn:extensionElements></bpmn:businessRuleTask>`;
const userTask = (formId: string, binding: string) =>
  `<bpmn:userTask id="the-element"><bpmn:extensionElements><zeebe:userTask /><zeebe:formDefinition formId="${formId}" ${binding} /></bpmn:extensionElements></bpmn:userTask>`;

/** a DMN with one literal-expression decision giving `value`, with an optional version tag */
const decision = (id: string, value: string, versionTag?: string) => ({
  name: `${id}.dmn`,
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="drg-${id}" name="DRG" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="${id}" name="${id}">
    ${versionTag ? `<extensionElements><zeebe:versionTag value="${versionTag}" /></extensionElements>` : ''}
    <variable id="v-${id}" name="${id}" typeRef="string" />
    <literalExpression id="e-${id}"><text>"${value}"</text></literalExpression>
  </decision>
</definitions>`,
});

const form = (id: string, label: string, versionTag?: string) => ({
  name: `${id}.form`,
  xml: JSON.stringify({ id, type: 'default', components: [{ type: 'textfield', key: 'x', label }], ...(versionTag ? { versionTag } : {}) }),
});

describe('binding types', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
  });
  afterAll(() => h?.close());

  /** the process definition key of the instance the call activity started */
  const calledDefinition = async (parentInstanceKey: string) => {
    const [row] = await h.engine.db.query<{ process_definition_key: string }>(
      `SELECT process_definition_key::text FROM engine.element_instance WHERE element_type = 'PROCESS' AND parent_process_instance_key = $1`,
      [parentInstanceKey],
    );
    return row?.process_definition_key;
  };
  const formKeyOfTask = async (processInstanceKey: string) => {
    const [row] = await h.engine.db.query<{ form_key: string }>(
      `SELECT form_key::text FROM engine.user_task WHERE process_instance_key = $1 AND element_id = 'the-element'`,
      [processInstanceKey],
    );
    return row?.form_key;
  };
  const incident = async (pi: string) => (await h.incidents(pi)).map((i) => ({ type: i.error_type, message: i.error_message }));

  describe('call activity', () => {
    it('deployment: calls the version deployed with the calling process, not a later one', async () => {
      const first = await h.deploy(wrapper('ca-deployment', callActivity('ca-child-d', 'bindingType="deployment"')), child('ca-child-d', 'first'));
      const v1 = first.processes.find((p) => p.bpmnProcessId === 'ca-child-d')!;
      const later = await h.deploy(child('ca-child-d', 'second'));
      expect(later.processes[0]!.version).toBe(2);

      const pi = await h.createInstance('ca-deployment');
      expect(await calledDefinition(pi)).toBe(v1.processDefinitionKey);
    });

    it('deployment: raises an incident when the deployment has no such process', async () => {
      const deployment = await h.deploy(wrapper('ca-deployment-alone', callActivity('ca-child-d', 'bindingType="deployment"')));
      const pi = await h.createInstance('ca-deployment-alone');
      expect(await incident(pi)).toEqual([
        {
          type: 'CALLED_ELEMENT_ERROR',
          message:
            `Expected to call process with BPMN process id 'ca-child-d' with binding type 'deployment', but no such process found in the deployment with key ${deployment.key} which contained the current process. ` +
            'To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended process definition to call.',
        },
      ]);
    });

    it('versionTag: calls the latest version with the tag; latest: the latest version', async () => {
      const tagged = await h.deploy(child('ca-child-t', 'tagged', 'v1.0'));
      await h.deploy(child('ca-child-t', 'untagged'));
      const newest = await h.deploy(child('ca-child-t', 'newest', 'v2.0'));
      await h.deploy(
        wrapper('ca-tag', callActivity('ca-child-t', 'bindingType="versionTag" versionTag="v1.0"')),
        wrapper('ca-latest', callActivity('ca-child-t', '')),
      );
      expect(await calledDefinition(await h.createInstance('ca-tag'))).toBe(tagged.processes[0]!.processDefinitionKey);
      expect(await calledDefinition(await h.createInstance('ca-latest'))).toBe(newest.processes[0]!.processDefinitionKey);
    });

    it('versionTag: raises an incident when no version has the tag', async () => {
      await h.deploy(wrapper('ca-tag-missing', callActivity('ca-child-t', 'bindingType="versionTag" versionTag="v9"')));
      const pi = await h.createInstance('ca-tag-missing');
      expect(await incident(pi)).toEqual([
        {
          type: 'CALLED_ELEMENT_ERROR',
          message:
            "Expected to call process with BPMN process id 'ca-child-t' and version tag 'v9', but no such process found. " +
            'To resolve this incident, deploy a process with the given process id and version tag.',
        },
      ]);
    });
  });

  describe('business rule task', () => {
    it('deployment: evaluates the decision deployed with the process, not a later version', async () => {
      await h.deploy(wrapper('brt-deployment', businessRuleTask('fee-rule', 'bindingType="deployment"')), decision('fee-rule', '一档'));
      await h.deploy(decision('fee-rule', '二档'));
      const pi = await h.createInstance('brt-deployment');
      expect(await h.variables(pi)).toEqual({ result: '一档' });
      await h.deploy(wrapper('brt-latest', businessRuleTask('fee-rule', '')));
      expect(await h.variables(await h.createInstance('brt-latest'))).toEqual({ result: '二档' });
    });

    it('versionTag: evaluates the latest version with the tag, else raises an incident', async () => {
      await h.deploy(decision('risk-rule', '低', '2030-a'));
      await h.deploy(decision('risk-rule', '高'));
      await h.deploy(
        wrapper('brt-tag', businessRuleTask('risk-rule', 'bindingType="versionTag" versionTag="2030-a"')),
        wrapper('brt-tag-missing', businessRuleTask('risk-rule', 'bindingType="versionTag" versionTag="2031"')),
      );
      expect(await h.variables(await h.createInstance('brt-tag'))).toEqual({ result: '低' });
      const pi = await h.createInstance('brt-tag-missing');
      expect(await incident(pi)).toEqual([
        {
          type: 'CALLED_DECISION_ERROR',
          message:
            "Expected to evaluate decision with id 'risk-rule' and version tag '2031', but no such decision found. To resolve this incident, deploy a decision with the given id and version tag.",
        },
      ]);
    });

    it('deployment: raises an incident when the deployment has no such decision', async () => {
      const deployment = await h.deploy(wrapper('brt-deployment-alone', businessRuleTask('fee-rule', 'bindingType="deployment"')));
      const pi = await h.createInstance('brt-deployment-alone');
      expect(await incident(pi)).toEqual([
        {
          type: 'CALLED_DECISION_ERROR',
          message:
            `Expected to evaluate decision 'fee-rule' with binding type 'deployment', but no such decision found in the deployment with key ${deployment.key} which contained the current process. ` +
            'To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended decision to evaluate.',
        },
      ]);
    });
  });

  describe('form', () => {
    it('deployment: links the form deployed with the process; versionTag: the latest with the tag', async () => {
      const first = await h.deploy(wrapper('form-deployment', userTask('review-form', 'bindingType="deployment"')), form('review-form', '初审', 'f-1'));
      await h.deploy(form('review-form', '复审'));
      const latest = await h.deploy(form('review-form', '终审'));
      await h.deploy(wrapper('form-tag', userTask('review-form', 'bindingType="versionTag" versionTag="f-1"')), wrapper('form-latest', userTask('review-form', '')));

      expect(await formKeyOfTask(await h.createInstance('form-deployment'))).toBe(first.forms[0]!.formKey);
      expect(await formKeyOfTask(await h.createInstance('form-tag'))).toBe(first.forms[0]!.formKey);
      expect(await formKeyOfTask(await h.createInstance('form-latest'))).toBe(latest.forms[0]!.formKey);
    });

    it('raises FORM_NOT_FOUND with Zeebe\'s texts', async () => {
      const deployment = await h.deploy(
        wrapper('form-deployment-alone', userTask('review-form', 'bindingType="deployment"')),
        wrapper('form-tag-missing', userTask('review-form', 'bindingType="versionTag" versionTag="f-9"')),
      );
      expect(await incident(await h.createInstance('form-deployment-alone'))).toEqual([
        {
          type: 'FORM_NOT_FOUND',
          message:
            `Expected to use a form with id 'review-form' with binding type 'deployment', but no such form found in the deployment with key ${deployment.key} which contained the current process. ` +
            'To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended form to use.',
        },
      ]);
      expect(await incident(await h.createInstance('form-tag-missing'))).toEqual([
        {
          type: 'FORM_NOT_FOUND',
          message: "Expected to use a form with id 'review-form' and version tag 'f-9', but no such form found. To resolve the incident, deploy a form with the given id and version tag.\n",
        },
      ]);
    });
  });

  it('refuses bindingType versionTag without a version tag, naming the element', async () => {
    const result = await h.engine.deploy([
      { name: 'no-tag.bpmn', content: Buffer.from(wrapper('no-tag', callActivity('ca-child-t', 'bindingType="versionTag"')).xml) },
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.reason).toContain("Element: the-element > extensionElements > calledElement");
      expect(result.error.reason).toContain("Attribute 'versionTag' must be present and not empty when 'bindingType' is 'versionTag'");
    }
  });
});
