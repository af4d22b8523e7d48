/**
 * Process instance modification, as Zeebe's ModifyProcessInstance: activate elements (creating
 * their missing flow scopes, with variables for each scope), terminate element instances (a flow
 * scope left empty is terminated too, up to the process instance: modification never completes
 * an instance), and reject invalid or ambiguous instructions with Zeebe's texts, changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, instanceRecords, lastPosition, recordsAfter } from './records.js';

describe('modify process instance', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('modify.bpmn'), fixture('call-parent.bpmn'), fixture('call-child.bpmn'));
  });
  afterAll(() => h?.close());

  const instances = (pi: string, elementId?: string) =>
    h.engine.db.query<{ key: string; element_id: string; element_type: string; state: string; flow_scope_key: string | null }>(
      `SELECT key::text, element_id, element_type, state, flow_scope_key::text FROM engine.element_instance
        WHERE process_instance_key = $1 ${elementId ? 'AND element_id = $2' : ''} ORDER BY key`,
      elementId ? [pi, elementId] : [pi],
    );
  const keyOf = async (pi: string, elementId: string) => (await instances(pi, elementId)).at(-1)!.key;
  const jobOf = async (pi: string, type: string) =>
    (await h.engine.db.query<{ key: string }>(`SELECT key::text FROM engine.job WHERE process_instance_key = $1 AND type = $2 AND state <> 'CANCELED'`, [pi, type]))[0]!.key;

  it('activates an element inside a flow scope it creates, with variables for each scope', async () => {
    // given a instance waiting at `a`
    const pi = await h.createInstance('modify', { caseNo: '(2025)豫1330执9号' });
    // when
    const result = await h.engine.modifyProcessInstance({
      processInstanceKey: pi,
      activateInstructions: [
        {
          elementId: 'c',
          variableInstructions: [{ variables: { global: 1 } }, { variables: { inSub: 2 }, scopeId: 'sub' }, { variables: { inTask: 3 }, scopeId: 'c' }],
        },
      ],
    });
    // then
    expect(result).toEqual({ ok: true, value: undefined });
    expect(from(await instanceRecords(h, pi), 'COMMAND PROCESS_INSTANCE_MODIFICATION MODIFY')).toEqual([
      'COMMAND PROCESS_INSTANCE_MODIFICATION MODIFY',
      'EVENT VARIABLE CREATED global=1',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING sub',
      'EVENT VARIABLE CREATED inSub=2',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED sub',
      'EVENT TIMER CREATED',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT c',
      'EVENT VARIABLE CREATED inTask=3',
      'EVENT PROCESS_INSTANCE_MODIFICATION MODIFIED',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING c',
      'EVENT JOB CREATED mod.c',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED c',
    ]);
    const sub = await keyOf(pi, 'sub');
    const c = await keyOf(pi, 'c');
    const [command, modified] = await h.records({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE_MODIFICATION' });
    expect(command!.value.activateInstructions[0].ancestorScopeKeys).toEqual([]);
    expect(modified).toMatchObject({ key: pi, value: { processInstanceKey: pi, terminateInstructions: [] } });
    expect(modified!.value.activateInstructions).toEqual([
      {
        elementId: 'c',
        ancestorScopeKey: '-1',
        ancestorScopeKeys: [pi, sub],
        variableInstructions: [
          { variables: { global: 1 }, elementId: '' },
          { variables: { inSub: 2 }, elementId: 'sub' },
          { variables: { inTask: 3 }, elementId: 'c' },
        ],
      },
    ]);
    expect(await h.variables(pi)).toEqual({ caseNo: '(2025)豫1330执9号', global: 1 });
    expect(await h.variables(sub)).toEqual({ inSub: 2 });
    expect(await h.variables(c)).toEqual({ inTask: 3 });
    // and the new branch runs on: c completes the sub-process, which goes on to b
    await h.engine.completeJob(await jobOf(pi, 'mod.c'));
    expect((await instances(pi, 'sub')).map((i) => i.state)).toEqual(['COMPLETED']);
    expect((await instances(pi, 'b')).map((i) => i.state)).toEqual(['ACTIVATED']);
    expect((await instances(pi, 'a')).map((i) => i.state)).toEqual(['ACTIVATED']);
  });

  it('moves a token: terminates one element and activates another, and the instance completes from there', async () => {
    // given
    const pi = await h.createInstance('modify');
    const a = await keyOf(pi, 'a');
    // when
    expect(
      await h.engine.modifyProcessInstance({ processInstanceKey: pi, activateInstructions: [{ elementId: 'b' }], terminateInstructions: [{ elementInstanceKey: a }] }),
    ).toEqual({ ok: true, value: undefined });
    // then
    expect(from(await instanceRecords(h, pi), 'COMMAND PROCESS_INSTANCE_MODIFICATION MODIFY')).toEqual([
      'COMMAND PROCESS_INSTANCE_MODIFICATION MODIFY',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT b',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING a',
      'EVENT JOB CANCELED mod.a',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED a',
      'EVENT PROCESS_INSTANCE_MODIFICATION MODIFIED',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING b',
      'EVENT JOB CREATED mod.b',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED b',
    ]);
    await h.engine.completeJob(await jobOf(pi, 'mod.b'));
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect((await instances(pi)).map((i) => `${i.element_id} ${i.state}`)).toEqual([
      'modify COMPLETED',
      'start COMPLETED',
      'a TERMINATED',
      'b COMPLETED',
      'end COMPLETED',
    ]);
  });

  it('terminates the process instance when its last element instance is terminated', async () => {
    // given
    const pi = await h.createInstance('modify');
    const a = await keyOf(pi, 'a');
    // when
    await h.engine.modifyProcessInstance({ processInstanceKey: pi, terminateInstructions: [{ elementInstanceKey: a }] });
    // then
    expect(from(await instanceRecords(h, pi), 'COMMAND PROCESS_INSTANCE_MODIFICATION MODIFY')).toEqual([
      'COMMAND PROCESS_INSTANCE_MODIFICATION MODIFY',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING a',
      'EVENT JOB CANCELED mod.a',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED a',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING modify',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED modify',
      'EVENT PROCESS_INSTANCE_MODIFICATION MODIFIED',
    ]);
    expect(await h.instanceState(pi)).toBe('TERMINATED');
  });

  it('terminates a sub-process with everything in it, and a flow scope left empty', async () => {
    // given a second branch in the sub-process, then only the sub-process is left
    const pi = await h.createInstance('modify');
    await h.engine.completeJob(await jobOf(pi, 'mod.a'));
    await h.engine.modifyProcessInstance({ processInstanceKey: pi, activateInstructions: [{ elementId: 'c' }] });
    const [c1, c2] = await instances(pi, 'c');
    // when both c are terminated, the sub-process has nothing left: it goes, and so does the instance
    await h.engine.modifyProcessInstance({ processInstanceKey: pi, terminateInstructions: [{ elementInstanceKey: c1!.key }, { elementInstanceKey: c2!.key }] });
    // then
    expect(from(await instanceRecords(h, pi, ['PROCESS_INSTANCE', 'JOB', 'TIMER']), 'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING c')).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING c',
      'EVENT JOB CANCELED mod.c',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED c',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING c',
      'EVENT JOB CANCELED mod.c',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED c',
      'EVENT TIMER CANCELED',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING sub',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED sub',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING modify',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED modify',
    ]);
    // terminating the sub-process instance itself takes its children with it
    const other = await h.createInstance('modify');
    await h.engine.completeJob(await jobOf(other, 'mod.a'));
    await h.engine.modifyProcessInstance({ processInstanceKey: other, activateInstructions: [{ elementId: 'b' }], terminateInstructions: [{ elementInstanceKey: await keyOf(other, 'sub') }] });
    expect((await instances(other)).filter((i) => ['sub', 'c', 'b'].includes(i.element_id)).map((i) => `${i.element_id} ${i.state}`)).toEqual([
      'sub TERMINATED',
      'c TERMINATED',
      'b ACTIVATED',
    ]);
  });

  it('activates in the chosen ancestor when a flow scope has several instances', async () => {
    // given two instances of the sub-process
    const pi = await h.createInstance('modify');
    await h.engine.completeJob(await jobOf(pi, 'mod.a'));
    await h.engine.modifyProcessInstance({ processInstanceKey: pi, activateInstructions: [{ elementId: 'c', ancestorElementInstanceKey: pi }] });
    const [first, second] = await instances(pi, 'sub');
    expect(second).toBeDefined();
    // when no ancestor is chosen, the command is rejected and nothing changes
    const before = await lastPosition(h);
    const ambiguous = await h.engine.modifyProcessInstance({ processInstanceKey: pi, activateInstructions: [{ elementId: 'c', variableInstructions: [{ variables: { x: 1 } }] }] });
    expect(ambiguous).toEqual({
      ok: false,
      error: {
        intent: 'MODIFY',
        type: 'INVALID_ARGUMENT',
        reason:
          "Expected to modify instance of process 'modify' but it contains one or more activate instructions for an element that has a flow scope with more than one active instance: 'sub'. Can't decide in which instance of the flow scope the element should be activated. Please specify an ancestor element instance key for this activate instruction.",
      },
    });
    expect(await recordsAfter(h, before)).toEqual(['COMMAND PROCESS_INSTANCE_MODIFICATION MODIFY', 'COMMAND_REJECTION PROCESS_INSTANCE_MODIFICATION MODIFY INVALID_ARGUMENT']);
    expect(await h.variables(pi)).toEqual({});
    // then with the ancestor
    await h.engine.modifyProcessInstance({ processInstanceKey: pi, activateInstructions: [{ elementId: 'c', ancestorElementInstanceKey: first!.key }] });
    const cs = await instances(pi, 'c');
    expect(cs.map((c) => c.flow_scope_key)).toEqual([first!.key, second!.key, first!.key]);
  });

  it('activates a multi-instance element with its body, but not an element inside a multi-instance body', async () => {
    // given
    const pi = await h.createInstance('modify', { items: ['甲', '乙'] });
    // when
    const refused = await h.engine.modifyProcessInstance({ processInstanceKey: pi, activateInstructions: [{ elementId: 'e' }] });
    expect(refused).toEqual({
      ok: false,
      error: {
        intent: 'MODIFY',
        type: 'INVALID_ARGUMENT',
        reason:
          "Expected to modify instance of process 'modify' but it contains one or more activate instructions that would result in the activation of multi-instance element 'each', which is currently unsupported.",
      },
    });
    await h.engine.modifyProcessInstance({ processInstanceKey: pi, activateInstructions: [{ elementId: 'each' }] });
    // then
    expect((await instances(pi, 'each')).map((i) => `${i.element_type} ${i.state}`)).toEqual([
      'MULTI_INSTANCE_BODY ACTIVATED',
      'SUB_PROCESS ACTIVATED',
      'SUB_PROCESS ACTIVATED',
    ]);
    // and inside an existing inner instance, with it as ancestor
    const inner = (await instances(pi, 'each'))[2]!;
    await h.engine.modifyProcessInstance({ processInstanceKey: pi, activateInstructions: [{ elementId: 'e', ancestorElementInstanceKey: inner.key }] });
    expect((await instances(pi, 'e')).map((i) => i.flow_scope_key)).toEqual([(await instances(pi, 'each'))[1]!.key, inner.key, inner.key]);
  });

  it('rejects invalid instructions with Zeebe texts', async () => {
    const pi = await h.createInstance('modify');
    const a = await keyOf(pi, 'a');
    const reason = async (input: Parameters<typeof h.engine.modifyProcessInstance>[0]) => {
      const result = await h.engine.modifyProcessInstance(input);
      if (result.ok) throw new Error('expected a rejection');
      return `${result.error.type}: ${result.error.reason}`;
    };
    expect(await reason({ processInstanceKey: '2251799813999999' })).toBe(
      "NOT_FOUND: Expected to modify process instance but no process instance found with key '2251799813999999'",
    );
    expect(await reason({ processInstanceKey: pi, activateInstructions: [{ elementId: 'nope' }, { elementId: 'nix' }] })).toBe(
      "INVALID_ARGUMENT: Expected to modify instance of process 'modify' but it contains one or more activate instructions with an element that could not be found: 'nope', 'nix'",
    );
    expect(await reason({ processInstanceKey: pi, activateInstructions: [{ elementId: 'start' }] })).toBe(
      "INVALID_ARGUMENT: Expected to modify instance of process 'modify' but it contains one or more activate instructions for elements that are unsupported: 'start'. The activation of elements with type 'START_EVENT' is not supported. Supported element types are: [PROCESS, SUB_PROCESS, EVENT_SUB_PROCESS, AD_HOC_SUB_PROCESS, AD_HOC_SUB_PROCESS_INNER_INSTANCE, INTERMEDIATE_CATCH_EVENT, INTERMEDIATE_THROW_EVENT, END_EVENT, SERVICE_TASK, RECEIVE_TASK, USER_TASK, MANUAL_TASK, TASK, EXCLUSIVE_GATEWAY, PARALLEL_GATEWAY, EVENT_BASED_GATEWAY, INCLUSIVE_GATEWAY, MULTI_INSTANCE_BODY, CALL_ACTIVITY, BUSINESS_RULE_TASK, SCRIPT_TASK, SEND_TASK].",
    );
    expect(await reason({ processInstanceKey: pi, terminateInstructions: [{ elementInstanceKey: '2251799813999998' }] })).toBe(
      "INVALID_ARGUMENT: Expected to modify instance of process 'modify' but it contains one or more terminate instructions with an element instance that could not be found: '2251799813999998'",
    );
    expect(await reason({ processInstanceKey: pi, activateInstructions: [{ elementId: 'b', variableInstructions: [{ variables: {}, scopeId: 'unknown' }] }] })).toBe(
      "INVALID_ARGUMENT: Expected to modify instance of process 'modify' but it contains one or more variable instructions with a scope element id that could not be found: 'unknown'",
    );
    expect(await reason({ processInstanceKey: pi, activateInstructions: [{ elementId: 'b', variableInstructions: [{ variables: {}, scopeId: 'sub' }] }] })).toBe(
      "INVALID_ARGUMENT: Expected to modify instance of process 'modify' but it contains one or more variable instructions with a scope element that doesn't belong to the activating element's flow scope. These variables should be set before or after the modification.",
    );
    expect(await reason({ processInstanceKey: pi, activateInstructions: [{ elementId: 'b', ancestorElementInstanceKey: '2251799813999997' }] })).toBe(
      "INVALID_ARGUMENT: Expected to modify instance of process 'modify' but it contains one or more activate instructions with an ancestor scope key that does not exist, or is not in an active state: '2251799813999997'",
    );
    expect(await reason({ processInstanceKey: pi, activateInstructions: [{ elementId: 'c', ancestorElementInstanceKey: a }] })).toBe(
      `INVALID_ARGUMENT: Expected to modify instance of process 'modify' but it contains one or more activate instructions with an ancestor scope key that is not an ancestor of the element to activate:\n- instance '${a}' of element 'a' is not an ancestor of element 'c'`,
    );
    expect(await reason({ processInstanceKey: pi, activateInstructions: [{ elementId: 'c', ancestorElementInstanceKey: pi }], terminateInstructions: [{ elementInstanceKey: pi }] })).toBe(
      `INVALID_ARGUMENT: Expected to modify instance of process 'modify' but it contains one or more activate instructions for elements whose required flow scope instance is also being terminated: element 'c' requires flow scope instance '${pi}' which is being terminated. Please provide a valid ancestor scope key for the activation or avoid terminating the required flow scope.`,
    );
    // nothing changed
    expect((await instances(pi)).map((i) => `${i.element_id} ${i.state}`)).toEqual(['modify ACTIVATED', 'start COMPLETED', 'a ACTIVATED']);
  });

  it('refuses to terminate everything in a called process instance', async () => {
    // given
    const parent = await h.createInstance('call-parent');
    const [{ key: child }] = await h.engine.db.query<{ key: string }>(
      `SELECT key::text FROM engine.element_instance WHERE element_type = 'PROCESS' AND bpmn_process_id = 'call-child' ORDER BY key DESC LIMIT 1`,
    );
    // when
    const result = await h.engine.modifyProcessInstance({ processInstanceKey: child!, terminateInstructions: [{ elementInstanceKey: await keyOf(child!, 'child-task') }] });
    // then
    expect(result).toEqual({
      ok: false,
      error: {
        intent: 'MODIFY',
        type: 'INVALID_ARGUMENT',
        reason:
          "Expected to modify instance of process 'call-child' but the given instructions would terminate the instance. The instance was created by a call activity in the parent process. To terminate this instance please modify the parent process instead.",
      },
    });
    expect(await h.instanceState(child!)).toBe('ACTIVATED');
    // terminating the call activity in the parent terminates the child
    await h.engine.modifyProcessInstance({ processInstanceKey: parent, activateInstructions: [{ elementId: 'end' }], terminateInstructions: [{ elementInstanceKey: await keyOf(parent, 'call') }] });
    expect(await h.instanceState(child!)).toBe('TERMINATED');
    expect(await h.instanceState(parent)).toBe('COMPLETED');
  });
});
