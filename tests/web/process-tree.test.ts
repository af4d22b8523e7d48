/**
 * The case page's process tree (web/src/features/diagram/process-tree.ts): the instances the
 * server lists in any order come out as a tree, each called instance under its caller, oldest first.
 */
import { describe, expect, it } from 'vitest';
import { processTreeRows, type CaseProcessInstance } from '../../web/src/features/diagram/process-tree.js';

const instance = (key: string, parent: string | null, startDate: string, bpmnProcessId = `p${key}`): CaseProcessInstance => ({
  processInstanceKey: key,
  bpmnProcessId,
  name: null,
  state: 'ACTIVE',
  parentProcessInstanceKey: parent,
  startDate,
});

const shape = (rows: ReturnType<typeof processTreeRows>) => rows.map((r) => `${'  '.repeat(r.depth)}${r.instance.processInstanceKey}`);

describe('processTreeRows', () => {
  it('puts each called instance under its caller, oldest first, at any depth', () => {
    // as a breadth-first listing from the server might give them, shuffled
    const rows = processTreeRows([
      instance('40', '20', '2026-11-03T00:00:00Z'),
      instance('30', '10', '2026-11-04T00:00:00Z'),
      instance('20', '10', '2026-11-02T00:00:00Z'),
      instance('10', null, '2026-11-01T00:00:00Z', 'enforcement-case'),
      instance('50', '20', '2026-11-02T12:00:00Z'),
    ]);
    expect(shape(rows)).toEqual(['10', '  20', '    50', '    40', '  30']);
    expect(rows[0]!.instance.bpmnProcessId).toBe('enforcement-case');
  });

  it('keeps an instance whose caller is not listed, as a root of its own', () => {
    const rows = processTreeRows([instance('10', null, '2026-11-01T00:00:00Z'), instance('70', '60', '2026-11-05T00:00:00Z')]);
    expect(shape(rows)).toEqual(['10', '70']);
  });

  it('lists each instance once even when the parent links loop', () => {
    const rows = processTreeRows([instance('1', '2', '2026-11-01T00:00:00Z'), instance('2', '1', '2026-11-02T00:00:00Z'), instance('3', null, '2026-11-03T00:00:00Z')]);
    // 1 and 2 call each other: neither is a root, yet both are listed, once
    expect(shape(rows)).toEqual(['3', '1', '  2']);
  });
});
