/**
 * Kiosk provisioning (issue 16) over real HTTP on both stores: enrolment by
 * the fingerprint the kiosk shows (a mismatch refused, naming the field),
 * disable, enable, revoke (the kiosk's signed requests then get the same
 * refusal as an unknown kiosk's; its key is refused for good, by the console,
 * the admin route and `--enroll`), the operation log naming the operator,
 * and viewers and operators kept out.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollKiosk } from '../../../src/hq/accounts/account-admin';
import { groupFingerprint, keyFingerprint } from '../../../src/shared/hq-api/key-fingerprint';
import { signInAs } from './console-client';
import { startHarness, STORES, type HqHarness } from './hq-harness';

const newKey = () => generateKeyPairSync('ed25519');
const pemOf = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
const fingerprintOf = async (key: KeyObject) => groupFingerprint(await keyFingerprint(key.export({ type: 'spki', format: 'der' })));

describe.each(STORES)('kiosk provisioning on %s', (kind) => {
  let hq: HqHarness;
  beforeAll(async () => { hq = await startHarness(kind); });
  afterAll(async () => { await hq?.close(); });

  const admin = (method: 'GET' | 'POST', path: string, body?: unknown) => fetch(`${hq.url}/admin${path}`, {
    method, headers: { authorization: `Bearer ${hq.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const kioskRow = async (kioskId: string) => (await hq.db.query<{ enabled: boolean; revoked_at: unknown }>('SELECT enabled, revoked_at FROM kiosks WHERE kiosk_id = $1', [kioskId])).rows[0];
  const provisioningLog = async (kioskId: string) => (await hq.db.query<{ outcome: string; console_operator_id: string | null; detail: Record<string, unknown> }>(
    "SELECT outcome, console_operator_id, detail FROM operation_log WHERE operation = 'kioskProvisioning' AND kiosk_id = $1 ORDER BY entry_id", [kioskId])).rows;
  /** The answer without HQ's per-request id: what tells one refusal from another, if anything does. */
  const withoutRequestId = (result: { ok: boolean; error?: object }) => (result.error ? { ...result, error: { ...result.error, requestId: 'any' } } : result);
  const unknownKioskRefusal = async () => {
    const stranger = await hq.newClient('KIOSK-NEVER-SEEN', newKey().privateKey).getCalendar();
    expect(stranger.ok).toBe(false);
    return withoutRequestId(stranger);
  };

  it('enrols by fingerprint through the admin route, refusing a mismatch and naming each bad field', async () => {
    const pair = newKey();
    const other = newKey();
    const mismatch = await admin('POST', '/kiosks', { kioskId: 'KIOSK-PROV-01', publicKeyPem: pemOf(pair.publicKey), fingerprint: await fingerprintOf(other.publicKey) });
    expect(mismatch.status).toBe(400);
    const mismatchBody = await mismatch.json() as { code: string; message: string };
    expect(mismatchBody.code).toBe('malformedRequest');
    expect(mismatchBody.message).toMatch(/^fingerprint: does not match/);
    expect(await kioskRow('KIOSK-PROV-01')).toBeUndefined();

    const malformed = await admin('POST', '/kiosks', { kioskId: 'bad id', publicKeyPem: 'not a key', fingerprint: '12' });
    expect(malformed.status).toBe(400);
    const message = (await malformed.json() as { message: string }).message;
    expect(message).toContain('kioskId:');
    expect(message).toContain('publicKeyPem:');
    expect(message).toContain('fingerprint:');

    // Typed as the technician reads it: lower case, colons; the form's spacing does not matter.
    const typed = (await fingerprintOf(pair.publicKey)).toLowerCase().replace(/ /g, ':');
    const enrolled = await admin('POST', '/kiosks', { kioskId: 'KIOSK-PROV-01', publicKeyPem: pemOf(pair.publicKey), fingerprint: typed, storeName: '新宿店' });
    expect(enrolled.status).toBe(201);
    expect(await enrolled.json()).toMatchObject({ kioskId: 'KIOSK-PROV-01', state: 'enabled', fingerprint: await fingerprintOf(pair.publicKey), storeName: '新宿店' });
    expect((await hq.newClient('KIOSK-PROV-01', pair.privateKey).getCalendar()).ok).toBe(true);
    expect((await provisioningLog('KIOSK-PROV-01')).map((r) => [r.outcome, r.console_operator_id, r.detail.via])).toEqual([['enrolled', null, 'adminToken']]);

    const twice = await admin('POST', '/kiosks', { kioskId: 'KIOSK-PROV-01', publicKeyPem: pemOf(other.publicKey), fingerprint: await fingerprintOf(other.publicKey) });
    expect(twice.status).toBe(400);
    expect((await twice.json() as { message: string }).message).toMatch(/^kioskId: KIOSK-PROV-01 is enrolled; revoke it/);
  });

  it('disables and revokes: the kiosk gets the unknown kiosk\'s refusal, and its key is refused for good', async () => {
    const pair = newKey();
    const kioskId = 'KIOSK-PROV-02';
    expect((await admin('POST', '/kiosks', { kioskId, publicKeyPem: pemOf(pair.publicKey), fingerprint: await fingerprintOf(pair.publicKey) })).status).toBe(201);
    const client = hq.newClient(kioskId, pair.privateKey);
    const refusalOfStranger = await unknownKioskRefusal();

    expect(await (await admin('POST', `/kiosks/${kioskId}/disable`)).json()).toMatchObject({ state: 'disabled' });
    expect(withoutRequestId(await client.getCalendar())).toEqual(refusalOfStranger);
    expect((await admin('POST', `/kiosks/${kioskId}/enable`)).status).toBe(200);
    expect((await client.getCalendar()).ok).toBe(true);

    const revoked = await admin('POST', `/kiosks/${kioskId}/revoke`);
    expect(await revoked.json()).toMatchObject({ state: 'revoked' });
    const refusal = await client.getCalendar();
    expect(withoutRequestId(refusal)).toEqual(refusalOfStranger);
    expect(refusal).toMatchObject({ ok: false, error: { kind: 'http', status: 401, code: 'authenticationFailed' } });
    expect(hq.logLines.some((line) => line.includes('"reason":"kiosk revoked"'))).toBe(true);

    const enable = await admin('POST', `/kiosks/${kioskId}/enable`);
    expect(enable.status).toBe(400);
    expect((await enable.json() as { message: string }).message).toMatch(/^kioskId: .* is revoked/);
    expect((await kioskRow(kioskId))?.enabled).toBe(false);

    // The same key, under this id or another, by the admin route or --enroll: refused.
    for (const id of [kioskId, 'KIOSK-PROV-03']) {
      const again = await admin('POST', '/kiosks', { kioskId: id, publicKeyPem: pemOf(pair.publicKey), fingerprint: await fingerprintOf(pair.publicKey) });
      expect(again.status).toBe(400);
      expect((await again.json() as { message: string }).message).toMatch(/^publicKeyPem: this key was revoked/);
    }
    await expect(enrollKiosk(hq.db, { kioskId: 'KIOSK-PROV-03', publicKeyPem: pemOf(pair.publicKey) })).rejects.toThrow(/revoked/);
    expect(await kioskRow('KIOSK-PROV-03')).toBeUndefined();
    // --enroll with a new key re-keys a revoked kiosk but does not bring it back.
    expect(await enrollKiosk(hq.db, { kioskId, publicKeyPem: pemOf(newKey().publicKey) })).toEqual({ enabled: false });

    // Enrolment with a new key brings it back.
    const fresh = newKey();
    expect((await admin('POST', '/kiosks', { kioskId, publicKeyPem: pemOf(fresh.publicKey), fingerprint: await fingerprintOf(fresh.publicKey) })).status).toBe(201);
    expect((await hq.newClient(kioskId, fresh.privateKey).getCalendar()).ok).toBe(true);
    expect(withoutRequestId(await client.getCalendar())).toEqual(refusalOfStranger);
    expect((await provisioningLog(kioskId)).map((r) => r.outcome)).toEqual(['enrolled', 'disabled', 'enabled', 'revoked', 'reEnrolled']);
    expect((await admin('POST', '/kiosks/KIOSK-NOT-THERE/disable')).status).toBe(404);
  });

  it('lets a console administrator enrol, disable and revoke, each in the operation log with the operator id', async () => {
    const administrator = await signInAs(hq, 'administrator');
    const pair = newKey();
    const kioskId = 'KIOSK-PROV-04';
    const form = { kioskId, storeName: '渋谷店', publicKeyPem: pemOf(pair.publicKey), fingerprint: await fingerprintOf(newKey().publicKey) };
    const refused = await administrator.post('/console/kiosks', form);
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain('fingerprint: does not match');
    // The form comes back as typed.
    expect(refusedPage).toContain(`value="${kioskId}"`);
    expect(await kioskRow(kioskId)).toBeUndefined();

    expect((await administrator.post('/console/kiosks', { ...form, fingerprint: await fingerprintOf(pair.publicKey) })).status).toBe(303);
    const list = await (await administrator.get('/console/kiosks')).text();
    expect(list).toContain(`data-kiosk="${kioskId}" data-state="enabled"`);
    expect(list).toContain(await fingerprintOf(pair.publicKey));
    expect((await administrator.post(`/console/kiosks/${kioskId}/disable`)).status).toBe(303);
    expect((await administrator.post(`/console/kiosks/${kioskId}/revoke`)).status).toBe(303);
    expect((await administrator.post(`/console/kiosks/${kioskId}/enable`)).status).toBe(400);
    expect(await kioskRow(kioskId)).toMatchObject({ enabled: false });
    expect((await kioskRow(kioskId))?.revoked_at).not.toBeNull();

    const fingerprint = await keyFingerprint(pair.publicKey.export({ type: 'spki', format: 'der' }));
    expect((await provisioningLog(kioskId)).map((r) => [r.outcome, Number(r.console_operator_id), r.detail.fingerprint])).toEqual([
      ['enrolled', administrator.operatorId, fingerprint], ['disabled', administrator.operatorId, fingerprint], ['revoked', administrator.operatorId, fingerprint],
    ]);
  });

  it('keeps viewers and operators out: no page, every post refused, nothing stored', async () => {
    const pair = newKey();
    const form = { kioskId: 'KIOSK-PROV-05', publicKeyPem: pemOf(pair.publicKey), fingerprint: await fingerprintOf(pair.publicKey) };
    for (const role of ['viewer', 'operator'] as const) {
      const person = await signInAs(hq, role);
      expect((await person.get('/console/kiosks')).status).toBe(403);
      const refused = await person.post('/console/kiosks', form);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('needs administrator');
      expect((await person.post(`/console/kiosks/${hq.kioskId}/revoke`)).status).toBe(403);
    }
    expect(await kioskRow('KIOSK-PROV-05')).toBeUndefined();
    expect(await kioskRow(hq.kioskId)).toMatchObject({ enabled: true, revoked_at: null });
    expect((await fetch(`${hq.url}/admin/kiosks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(form) })).status).toBe(401);
    expect(await kioskRow('KIOSK-PROV-05')).toBeUndefined();
  });
});
