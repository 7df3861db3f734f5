/**
 * Named console operators (issue 17) over real HTTP on both stores: roles,
 * lock-out, session expiry on HQ's clock, CSRF refusal, the bootstrap of
 * the first administrator with the admin token, and an operation-log row
 * with the operator's id for every action.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { raiseFleetAlert } from '../../../src/hq/fleet/fleet-alerts';
import { LOCKOUT_FAILURES, LOCKOUT_MS } from '../../../src/hq/operators/operator-accounts';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../../src/hq/operators/operator-sessions';
import { newOperator, postSignIn, signInAs } from './console-client';
import { startHarness, STORES, WEDNESDAY_NOON_TOKYO, type HqHarness } from './hq-harness';

describe.each(STORES)('console operators on %s', (kind) => {
  let hq: HqHarness;
  beforeAll(async () => { hq = await startHarness(kind); });
  afterAll(async () => { await hq?.close(); });
  beforeEach(async () => {
    hq.clock.now = WEDNESDAY_NOON_TOKYO;
    await hq.db.query('DELETE FROM service_announcements');
  });

  const announcement = () => ({ target: 'all', startsAt: '2026-06-10T12:30', endsAt: '2026-06-10T13:30', messageJa: '点検中です。', messageEn: 'Inspection.' });
  const announcements = async () => (await hq.db.query('SELECT announcement_id FROM service_announcements')).rows;
  const logRows = async (operatorId: number | null) => (await hq.db.query<{ operation: string; outcome: string; kiosk_id: string | null; detail: Record<string, unknown> | null }>(
    `SELECT operation, outcome, kiosk_id, detail FROM operation_log WHERE console_operator_id ${operatorId === null ? 'IS NULL' : '= $1'} AND operation IN
      ('announcement', 'announcementWithdrawal', 'fleetAlertAcknowledgement', 'operatorSignIn', 'operatorSignOut', 'operatorAccount') ORDER BY entry_id`,
    operatorId === null ? [] : [operatorId])).rows;

  it('lets a viewer read the fleet but not announce: no button, and a post is refused and stores nothing', async () => {
    const viewer = await signInAs(hq, 'viewer');
    const page = await (await viewer.get('/console')).text();
    expect(page).toContain('data-role="viewer"');
    expect(page).not.toContain('/console/announce"');
    expect((await viewer.get('/console/announce')).status).toBe(403);
    const refused = await viewer.post('/console/announcements', announcement());
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('needs operator');
    expect(await announcements()).toEqual([]);
  });

  it('lets an operator announce but not manage accounts', async () => {
    const operator = await signInAs(hq, 'operator');
    expect((await operator.post('/console/announcements', announcement())).status).toBe(303);
    expect(await announcements()).toHaveLength(1);
    expect((await operator.get('/console/operators')).status).toBe(403);
    const refused = await operator.post('/console/operators', { login: 'intruder', displayName: 'x', role: 'administrator', password: 'long enough password' });
    expect(refused.status).toBe(403);
    expect((await hq.db.query("SELECT 1 FROM console_operators WHERE login = 'intruder'")).rows).toEqual([]);
  });

  it('lets an administrator add, disable and re-enable accounts; a disabled account loses its session at once', async () => {
    const admin = await signInAs(hq, 'administrator');
    const created = await admin.post('/console/operators', { login: 'hanako.ops', displayName: '運用 花子', role: 'operator', password: 'a very long passphrase' });
    expect(created.status).toBe(303);
    const list = await (await admin.get('/console/operators')).text();
    expect(list).toContain('data-operator-login="hanako.ops"');
    const taken = await admin.post('/console/operators', { login: 'hanako.ops', displayName: '二人目', role: 'viewer', password: 'a very long passphrase' });
    expect(taken.status).toBe(409);
    const short = await admin.post('/console/operators', { login: 'short.pw', displayName: '短い', role: 'viewer', password: 'short' });
    expect(short.status).toBe(400);
    const shortPage = await short.text();
    expect(shortPage).toContain('at least 12 characters');
    expect(shortPage).toContain('value="short.pw"');

    const hanako = await postSignIn(hq, 'hanako.ops', 'a very long passphrase');
    expect(hanako.response.status).toBe(303);
    const { rows: [row] } = await hq.db.query<{ operator_id: string }>("SELECT operator_id FROM console_operators WHERE login = 'hanako.ops'");
    const hanakoId = Number(row!.operator_id);
    expect((await admin.post(`/console/operators/${hanakoId}/disable`)).status).toBe(303);
    expect((await fetch(`${hq.url}/console`, { redirect: 'manual', headers: { cookie: hanako.cookie } })).headers.get('location')).toBe('/console/sign-in');
    expect((await postSignIn(hq, 'hanako.ops', 'a very long passphrase')).response.status).toBe(401);
    expect((await admin.post(`/console/operators/${admin.operatorId}/disable`)).status).toBe(400);
    expect((await admin.post(`/console/operators/${hanakoId}/enable`)).status).toBe(303);
    expect((await postSignIn(hq, 'hanako.ops', 'a very long passphrase')).response.status).toBe(303);

    expect((await logRows(admin.operatorId)).filter((r) => r.operation === 'operatorAccount').map((r) => [r.outcome, r.detail?.subject])).toEqual([
      ['created', hanakoId], ['disabled', hanakoId], ['enabled', hanakoId],
    ]);
  });

  it(`locks an account for ${LOCKOUT_MS / 60_000} minutes after ${LOCKOUT_FAILURES} failures in a row, even against the right password`, async () => {
    const operator = await newOperator(hq, 'operator');
    for (let i = 1; i < LOCKOUT_FAILURES; i++) {
      const attempt = await postSignIn(hq, operator.login, 'wrong password!');
      expect(attempt.response.status).toBe(401);
      expect(await attempt.response.text()).toContain('Wrong login or password.');
    }
    const locking = await postSignIn(hq, operator.login, 'wrong password!');
    expect(await locking.response.text()).toContain('Locked after repeated failures');
    const right = await postSignIn(hq, operator.login, operator.password);
    expect(right.response.status).toBe(401);
    expect(right.cookie).toBe('');

    hq.clock.now = new Date(WEDNESDAY_NOON_TOKYO.getTime() + LOCKOUT_MS - 1000);
    expect((await postSignIn(hq, operator.login, operator.password)).response.status).toBe(401);
    hq.clock.now = new Date(WEDNESDAY_NOON_TOKYO.getTime() + LOCKOUT_MS + 1000);
    expect((await postSignIn(hq, operator.login, operator.password)).response.status).toBe(303);

    const outcomes = (await logRows(operator.operatorId)).map((r) => r.outcome);
    expect(outcomes).toEqual([...Array(LOCKOUT_FAILURES - 1).fill('badCredentials'), 'locked', 'locked', 'locked', 'signedIn']);
  });

  it('lets an administrator unlock a locked account early', async () => {
    const admin = await signInAs(hq, 'administrator');
    const operator = await newOperator(hq, 'viewer');
    for (let i = 0; i < LOCKOUT_FAILURES; i++) await postSignIn(hq, operator.login, 'wrong password!');
    expect((await postSignIn(hq, operator.login, operator.password)).response.status).toBe(401);
    expect(await (await admin.get('/console/operators')).text()).toContain(`/console/operators/${operator.operatorId}/unlock`);
    expect((await admin.post(`/console/operators/${operator.operatorId}/unlock`)).status).toBe(303);
    expect((await postSignIn(hq, operator.login, operator.password)).response.status).toBe(303);
  });

  it(`ends a session after ${SESSION_IDLE_MS / 60_000} idle minutes, and after ${SESSION_ABSOLUTE_MS / 3_600_000} hours however busy`, async () => {
    const idle = await signInAs(hq, 'viewer');
    hq.clock.now = new Date(WEDNESDAY_NOON_TOKYO.getTime() + SESSION_IDLE_MS - 1000);
    expect((await idle.get('/console')).status).toBe(200);
    hq.clock.now = new Date(hq.clock.now.getTime() + SESSION_IDLE_MS + 1000);
    expect((await idle.get('/console')).headers.get('location')).toBe('/console/sign-in');

    hq.clock.now = WEDNESDAY_NOON_TOKYO;
    const busy = await signInAs(hq, 'viewer');
    for (let t = 20 * 60_000; t < SESSION_ABSOLUTE_MS; t += 20 * 60_000) {
      hq.clock.now = new Date(WEDNESDAY_NOON_TOKYO.getTime() + t);
      expect((await busy.get('/console')).status).toBe(200);
    }
    hq.clock.now = new Date(WEDNESDAY_NOON_TOKYO.getTime() + SESSION_ABSOLUTE_MS + 1000);
    expect((await busy.get('/console')).headers.get('location')).toBe('/console/sign-in');
  });

  it('ends the session at sign-out: the old cookie opens nothing', async () => {
    const viewer = await signInAs(hq, 'viewer');
    const out = await viewer.post('/console/sign-out');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/console/sign-in?signedOut');
    expect(out.headers.getSetCookie().join()).toContain('hq_console_session=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0');
    expect((await viewer.get('/console')).status).toBe(303);
    expect((await logRows(viewer.operatorId)).map((r) => r.outcome)).toEqual(['signedIn', 'signedOut']);
  });

  it('sets the session cookie HttpOnly, SameSite=Strict, for /console only', async () => {
    const operator = await newOperator(hq, 'viewer');
    const { response } = await postSignIn(hq, operator.login, operator.password);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('hq_console_session='))!;
    expect(cookie).toMatch(/^hq_console_session=[A-Za-z0-9_-]{43}; Path=\/console; HttpOnly; SameSite=Strict$/);
    // Only the hash of the token is stored.
    const token = cookie.split(';')[0]!.split('=')[1]!;
    expect((await hq.db.query('SELECT 1 FROM console_sessions WHERE token_hash = $1', [token])).rows).toEqual([]);
  });

  it('refuses a post without the session\'s CSRF token, or with another session\'s, even from this origin', async () => {
    const operator = await signInAs(hq, 'operator');
    const other = await signInAs(hq, 'operator');
    for (const csrf of ['', 'forged', other.csrf]) {
      const response = await operator.post('/console/announcements', { ...announcement(), _csrf: csrf });
      expect(response.status, csrf).toBe(403);
      expect(await response.text()).toContain('CSRF');
    }
    const foreign = await operator.post('/console/announcements', announcement(), { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(foreign.status).toBe(403);
    expect(await announcements()).toEqual([]);
  });

  it('refuses a sign-in whose form token does not match its pre-session cookie (login CSRF)', async () => {
    const operator = await newOperator(hq, 'viewer');
    const response = await fetch(`${hq.url}/console/sign-in`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ login: operator.login, password: operator.password, _csrf: 'attacker' }),
      headers: { cookie: 'hq_console_sign_in=victim', origin: hq.url },
    });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('hq_console_session=') && !c.includes('Max-Age=0'))).toBe(false);
  });

  it('writes an operation-log row with the operator\'s id for announce, withdraw and acknowledge; the admin token\'s actions have none', async () => {
    const operator = await signInAs(hq, 'operator');
    const created = await operator.post('/console/announcements', { ...announcement(), target: hq.kioskId });
    const announcementId = /announced=(.+)$/.exec(created.headers.get('location') ?? '')![1]!;
    expect((await operator.post(`/console/announcements/${announcementId}/withdraw`)).status).toBe(303);
    const alertId = await raiseFleetAlert(hq.db, { kind: 'identityFailureRate', kioskId: hq.kioskId, at: hq.clock.now, detail: 'test' });
    expect((await operator.post(`/console/alerts/${alertId}/acknowledge`)).status).toBe(303);
    expect((await hq.db.query<{ acknowledged_by: string }>('SELECT acknowledged_by FROM fleet_alerts WHERE alert_id = $1', [alertId])).rows[0]!.acknowledged_by).toEqual(expect.toSatisfy((v) => Number(v) === operator.operatorId));

    expect((await logRows(operator.operatorId)).map((r) => [r.operation, r.outcome, r.kiosk_id])).toEqual([
      ['operatorSignIn', 'signedIn', null],
      ['announcement', 'announced', hq.kioskId],
      ['announcementWithdrawal', 'withdrawn', hq.kioskId],
      ['fleetAlertAcknowledgement', 'acknowledged', hq.kioskId],
    ]);

    await hq.db.query('DELETE FROM operation_log WHERE console_operator_id IS NULL');
    const bearer = { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' };
    const byToken = await fetch(`${hq.url}/admin/announcements`, { method: 'POST', headers: bearer, body: JSON.stringify({ kioskId: null, startsAt: '2026-06-10T04:00:00Z', endsAt: '2026-06-10T05:00:00Z', messageJa: 'あ', messageEn: 'a' }) });
    expect(byToken.status).toBe(201);
    const rows = await logRows(null);
    expect(rows).toEqual([{ operation: 'announcement', outcome: 'announced', kiosk_id: null, detail: expect.objectContaining({ via: 'adminToken' }) }]);
  });

  it('creates the first administrator with the admin token (bootstrap), who can then sign in; without the token, nothing', async () => {
    const body = JSON.stringify({ login: 'first.admin', displayName: '最初の管理者', role: 'administrator', password: 'bootstrap passphrase' });
    expect((await fetch(`${hq.url}/admin/operators`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
    const created = await fetch(`${hq.url}/admin/operators`, { method: 'POST', headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' }, body });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ login: 'first.admin', role: 'administrator' });
    const again = await fetch(`${hq.url}/admin/operators`, { method: 'POST', headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' }, body });
    expect(again.status).toBe(400);
    const badRole = await fetch(`${hq.url}/admin/operators`, { method: 'POST', headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' }, body: body.replace('administrator', 'root') });
    expect(badRole.status).toBe(400);
    const { response } = await postSignIn(hq, 'first.admin', 'bootstrap passphrase');
    expect(response.status).toBe(303);
  });
});
