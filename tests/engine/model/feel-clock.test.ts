import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluateFeel, setFeelClock, setFeelZone } from '../../../engine/src/feel/feel.js';

describe("FEEL's now() and today()", () => {
  // the engine's zone is the machine's (TZ); these expectations are UTC's
  beforeEach(() => setFeelZone('UTC'));
  afterEach(() => setFeelClock(() => Date.now()));

  it('read the engine clock, so due dates move with the controlled clock', () => {
    setFeelClock(() => Date.parse('2030-05-06T07:08:09Z'));
    expect(evaluateFeel('now() + duration("P7D")', {})).toMatchObject({ ok: true, value: '2030-05-13T07:08:09Z' });
    expect(evaluateFeel('today()', {})).toMatchObject({ ok: true, value: '2030-05-06' });
    setFeelClock(() => Date.parse('2031-01-01T00:00:00Z'));
    expect(evaluateFeel('today() - date("2030-12-25")', {})).toMatchObject({ ok: true, value: 'P7D' });
  });
});
