import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblems, transformProcesses } from '../../../engine/src/model/bpmn-transformer.js';
import type { ExecutableProcess } from '../../../engine/src/model/executable-model.js';
import { nextDueDate } from '../../../engine/src/model/timer-expressions.js';

async function deadlines(): Promise<ExecutableProcess> {
  const name = 'timers-and-events.bpmn';
  const result = await transformProcesses(readFileSync(new URL(`./good/${name}`, import.meta.url)), name);
  if (!result.ok) throw new Error(formatProblems(name, result.problems));
  return result.processes[0];
}

const feel = (expression: string) => ({ kind: 'feel', expression });
const text = (value: string) => ({ kind: 'static', value });

describe('transformProcesses: timers', () => {
  it('keeps each timer with its kind and expression', async () => {
    const process = await deadlines();
    const timers = Object.fromEntries(
      [...process.elements.values()].filter((e) => e.timer).map((e) => [e.id, e.timer]),
    );
    expect(timers).toEqual({
      start_every_weekday: { kind: 'cycle', expression: text('0 0 9 * * MON-FRI') },
      start_twice_yearly: { kind: 'cycle', expression: text('R/2027-01-01T00:00:00+08:00/P6M') },
      wait_six_months: { kind: 'duration', expression: text('P6M') },
      wait_until_hearing: { kind: 'date', expression: text('2026-12-01T10:00:00+08:00') },
      wait_deadline: { kind: 'duration', expression: feel(' deadline') },
      remind: { kind: 'cycle', expression: text('R5/PT10S') },
      overdue: { kind: 'duration', expression: text('PT48H') },
      daily_report: { kind: 'cycle', expression: text('R/P1D') },
    });
  });

  it('gives the engine what it needs to schedule them', async () => {
    const process = await deadlines();
    const now = Date.parse('2026-11-28T12:00:00Z');
    const schedule = (id: string) => nextDueDate(process.elements.get(id)?.timer, now);
    expect(schedule('start_every_weekday')).toEqual({ ok: true, value: { dueDate: Date.parse('2026-11-30T09:00:00Z'), repetitions: -1 } });
    expect(schedule('start_twice_yearly')).toEqual({ ok: true, value: { dueDate: Date.parse('2026-12-31T16:00:00Z'), repetitions: -1 } });
    expect(schedule('wait_six_months')).toEqual({ ok: true, value: { dueDate: Date.parse('2027-05-28T12:00:00Z'), repetitions: 1 } });
    expect(schedule('remind')).toEqual({ ok: true, value: { dueDate: now + 10_000, repetitions: 5 } });
    expect(schedule('wait_deadline').ok).toBe(false); // FEEL: the engine evaluates it first
    expect(nextDueDate({ kind: 'duration', value: 'P10D', expression: ' deadline' }, now)).toMatchObject({ ok: true });
  });

  it('marks interrupting and non-interrupting timers', async () => {
    const process = await deadlines();
    expect(process.elements.get('remind')).toMatchObject({ type: 'BOUNDARY_EVENT', attachedToId: 'inquire_assets', cancelActivity: false });
    expect(process.elements.get('overdue')).toMatchObject({ cancelActivity: true });
    expect(process.elements.get('daily_report')).toMatchObject({ type: 'START_EVENT', eventType: 'TIMER', interrupting: false });
  });
});

describe('transformProcesses: messages, signals, escalations and links', () => {
  it('gives message catchers a name, and a correlation key unless they start the process', async () => {
    const process = await deadlines();
    expect(process.elements.get('start_by_filing')?.message).toEqual({ name: text('case-filed') });
    expect(process.elements.get('await_payment')?.message).toEqual({
      name: feel(' "payment-" + court'),
      correlationKey: feel(' caseNumber'),
    });
    expect(process.elements.get('withdrawal_received')).toMatchObject({
      interrupting: false,
      message: { name: text('withdrawal'), correlationKey: feel(' applicant.id') },
    });
  });

  it('makes message throw events jobs, without a message subscription', async () => {
    const process = await deadlines();
    expect(process.elements.get('notify_bank')).toMatchObject({
      type: 'INTERMEDIATE_THROW_EVENT',
      eventType: 'MESSAGE',
      job: { type: text('bank.notify'), retries: text('5'), headers: {} },
    });
    expect(process.elements.get('notify_bank')?.message).toBeUndefined();
  });

  it('names the signal of start, catch and end events', async () => {
    const process = await deadlines();
    for (const id of ['start_by_closure', 'await_closure', 'broadcast_closed']) {
      expect(process.elements.get(id)?.signal, id).toEqual({ name: text('court-closed') });
    }
    expect(process.elements.get('broadcast_closed')?.eventType).toBe('SIGNAL');
  });

  it('keeps escalation codes; a catch without one catches every escalation', async () => {
    const process = await deadlines();
    expect(process.elements.get('escalate_late')).toMatchObject({ eventType: 'ESCALATION', escalation: { code: text('LATE') } });
    expect(process.elements.get('escalate_level')?.escalation).toEqual({ code: feel(' "LEVEL-" + string(level)') });
    expect(process.elements.get('on_late')).toMatchObject({ cancelActivity: false, escalation: { code: text('LATE') } });
    expect(process.elements.get('on_any_escalation')?.escalation).toEqual({});
  });

  it('pairs link throw and catch events by name, and marks terminate end events', async () => {
    const process = await deadlines();
    expect(process.elements.get('to_archive')).toMatchObject({ type: 'INTERMEDIATE_THROW_EVENT', eventType: 'LINK', link: { name: 'archive' } });
    expect(process.elements.get('archive_here')).toMatchObject({ type: 'INTERMEDIATE_CATCH_EVENT', eventType: 'LINK', link: { name: 'archive' } });
    expect(process.elements.get('terminated')).toMatchObject({ type: 'END_EVENT', eventType: 'TERMINATE' });
  });
});
