/**
 * The statutory holiday table over the API: admins read a seeded year, replace a year the seed
 * does not cover (2027, published late by the State Council), and the calendar module that
 * computes deadlines sees the new table at once. Bad dates are refused naming the field.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../common/calendar.js';
import { buildApp, type TypedApp } from '../../server/src/app.js';
import { openServerDatabase, type ServerDatabase } from '../../server/src/db/database.js';
import { auditLog, sessions, users } from '../../server/src/db/schema.js';
import { createTestStorage, type TestStorage } from '../support/database.js';

let app: TypedApp;
let storage: TestStorage;
let database: ServerDatabase;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calendar-test-'));
const holidaysFile = path.join(dir, 'holidays.json');
const previousHolidaysFile = process.env.HOLIDAYS_FILE;

/** a signed-in user of the given role: a session row as login creates it */
async function sessionOf(role: string) {
  const username = `${role}-user`;
  await database.db.insert(users).values({ username, displayName: username, passwordHash: 'x', roles: [role], groups: [] }).onConflictDoNothing();
  const sid = crypto.randomBytes(16).toString('hex');
  const csrf = crypto.randomBytes(8).toString('hex');
  await database.db.insert(sessions).values({ idHash: crypto.createHash('sha256').update(sid).digest('hex'), username, csrfToken: csrf, expiresAt: new Date(Date.now() + 3_600_000) });
  return { cookie: `sid=${sid}`, 'x-csrf-token': csrf };
}

beforeAll(async () => {
  process.env.HOLIDAYS_FILE = holidaysFile;
  storage = await createTestStorage();
  database = await openServerDatabase({ url: storage.databaseUrl, dataDir: storage.dataDir });
  // the calendar needs no engine: nothing here calls it
  app = await buildApp({ database, engine: { restUrl: 'http://127.0.0.1:9' }, events: { pollIntervalMs: 0 } });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
  await storage?.drop();
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

  it('answers 404 for a year the table does not hold yet', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/calendar/holidays?year=2031', headers: await sessionOf('admin') });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toContain('2031');
  });

  it('is for admins only', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/calendar/holidays?year=2026', headers: await sessionOf('clerk') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/calendar/holidays?year=2026' })).statusCode).toBe(401);
  });
});

describe('PUT /api/calendar/holidays/:year', () => {
  it('replaces a year; the deadline calendar counts with it at once; the change is audited', async () => {
    const calendar = createCalendar({ holidaysFile });
    expect(() => calendar.isWorkingDay('2027-10-04')).toThrow(/2027/);

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
      expect.objectContaining({ actor: 'admin-user', target: '2027', details: { year: 2027, holidays: 5, workdays: 1 } }),
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
