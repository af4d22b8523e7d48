/**
 * The statutory holiday table over the API: admins read a seeded year, replace a year the seed
 * does not cover (2027, published late by the State Council), and the calendar module that
 * computes deadlines sees the new table at once. Bad dates are refused naming the field.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../common/calendar.js';
import type { TypedApp } from '../../server/src/app.js';
import type { ServerDatabase } from '../../server/src/db/database.js';
import { auditLog } from '../../server/src/db/schema.js';
import { startServerHarness, type ServerHarness } from './server-harness.js';

let h: ServerHarness;
let app: TypedApp;
let database: ServerDatabase;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calendar-test-'));
const holidaysFile = path.join(dir, 'holidays.json');
const previousHolidaysFile = process.env.HOLIDAYS_FILE;

/** a demo user of each role (server/src/services/demo-users.ts), signed in through the API */
const DEMO = { admin: 'admin', supervisor: 'zhuren', judge: 'faguan', clerk: 'neiqin', hotline: 'zhiban' } as const;
const sessionOf = async (role: keyof typeof DEMO) => ({ ...(await h.login(DEMO[role])) });

beforeAll(async () => {
  process.env.HOLIDAYS_FILE = holidaysFile;
  // the calendar needs no engine: nothing here calls it
  h = await startServerHarness();
  ({ app, database } = h);
}, 120_000);

afterAll(async () => {
  await h?.close();
  if (previousHolidaysFile === undefined) delete process.env.HOLIDAYS_FILE;
  else process.env.HOLIDAYS_FILE = previousHolidaysFile;
  fs.rmSync(dir, { recursive: true, force: true });
});

const year2027 = {
  holidays: { '2027-01-01': '元旦', '2027-10-01': '国庆节', '2027-10-02': '国庆节', '2027-10-03': '国庆节', '2027-10-04': '国庆节' },
  workdays: { '2027-10-09': '国庆节调休' },
};

describe('GET /api/calendar/holidays', () => {
  it('answers a seeded year with its holidays and 调休 workdays', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/calendar/holidays?year=2026', headers: await sessionOf('admin') });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.source).toBe('chinese-days');
    expect(body.holidays['2026-10-01']).toBe('国庆节');
    expect(Object.keys(body.workdays).length).toBeGreaterThan(0);
    expect(body.years).toContain(2026);
  });

  it('answers a year the table does not hold yet as provisional: the dates the law fixes, no 调休', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/calendar/holidays?year=2030', headers: await sessionOf('admin') });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.source).toBe('provisional');
    expect(body.holidays).toMatchObject({ '2030-01-01': '元旦', '2030-05-02': '劳动节', '2030-10-03': '国庆节' });
    expect(Object.keys(body.holidays)).toHaveLength(13);
    expect(body.workdays).toEqual({});
    expect(body.years).not.toContain(2030);
  });

  it('is for admins only', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/calendar/holidays?year=2026', headers: await sessionOf('clerk') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/calendar/holidays?year=2026' })).statusCode).toBe(401);
  });
});

describe('PUT /api/calendar/holidays/:year', () => {
  it('replaces a year; the deadline calendar counts with it at once; the change is audited', async () => {
    const calendar = createCalendar({ holidaysFile });
    // provisionally only 1–3 October are off
    expect(calendar.isWorkingDay('2027-10-04')).toBe(true);

    const res = await app.inject({ method: 'PUT', url: '/api/calendar/holidays/2027', headers: await sessionOf('admin'), payload: year2027 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ year: 2027, source: 'override', holidays: year2027.holidays, workdays: year2027.workdays });

    // 2027-10-04 is a Monday off; 2027-10-09 a Saturday worked
    expect(calendar.isWorkingDay('2027-10-04')).toBe(false);
    expect(calendar.isWorkingDay('2027-10-09')).toBe(true);
    expect(calendar.isWorkingDay('2027-10-08')).toBe(true);
    const read = await app.inject({ method: 'GET', url: '/api/calendar/holidays?year=2027', headers: await sessionOf('admin') });
    expect(read.json().holidays).toEqual(year2027.holidays);

    const audit = await database.db.select().from(auditLog);
    expect(audit.filter((a) => a.action === 'calendar.update')).toEqual([
      expect.objectContaining({ actor: 'admin', target: '2027', details: { year: 2027, holidays: 5, workdays: 1 } }),
    ]);
  });

  it('refuses a date outside the year, naming the field, and writes nothing', async () => {
    const before = fs.readFileSync(holidaysFile, 'utf8');
    const res = await app.inject({
      method: 'PUT',
      url: '/api/calendar/holidays/2028',
      headers: await sessionOf('admin'),
      payload: { holidays: { '2027-12-31': '元旦' }, workdays: {} },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('holidays.2027-12-31');
    expect(fs.readFileSync(holidaysFile, 'utf8')).toBe(before);
  });

  it('refuses a malformed date and a day that is both off and worked', async () => {
    const admin = await sessionOf('admin');
    const bad = await app.inject({ method: 'PUT', url: '/api/calendar/holidays/2028', headers: admin, payload: { holidays: { '2028-02-30': '春节' }, workdays: {} } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('holidays.2028-02-30');
    const both = await app.inject({
      method: 'PUT',
      url: '/api/calendar/holidays/2028',
      headers: admin,
      payload: { holidays: { '2028-01-01': '元旦' }, workdays: { '2028-01-01': '调休' } },
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().field).toBe('workdays.2028-01-01');
    const missing = await app.inject({ method: 'PUT', url: '/api/calendar/holidays/2028', headers: admin, payload: { holidays: {} } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().field).toBe('workdays');
  });

  it('needs the CSRF token and the admin role', async () => {
    const { cookie } = await sessionOf('admin');
    expect((await app.inject({ method: 'PUT', url: '/api/calendar/holidays/2027', headers: { cookie }, payload: year2027 })).statusCode).toBe(403);
    expect((await app.inject({ method: 'PUT', url: '/api/calendar/holidays/2027', headers: await sessionOf('supervisor'), payload: year2027 })).statusCode).toBe(403);
  });
});
