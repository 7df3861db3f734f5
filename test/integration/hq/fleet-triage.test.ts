/**
 * The console's fleet triage at 5,000 kiosks on both stores (issue 17):
 * counts per state over the whole fleet, each filter, the most urgent kiosk
 * first, and pages that together hold every kiosk exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseFleetAlert } from '../../../src/hq/fleet/fleet-alerts';
import { FleetQuery, triageFleet } from '../../../src/hq/fleet/fleet-triage';
import { signInAs, type ConsoleClient } from './console-client';
import { startHarness, STORES, WEDNESDAY_NOON_TOKYO, type HqHarness } from './hq-harness';

const FLEET = 5_000;
const id = (n: number) => `FLEET-${String(n).padStart(4, '0')}`;

/** 5,000 kiosks in service on 1.2.0, then: every 100th out of service, every 250th silent an hour, every 500th with a device fault, seven on 1.1.9, bins nearly full and full. */
export async function seedFleet(hq: HqHarness): Promise<void> {
  const now = hq.clock.now.toISOString();
  await hq.db.query(`INSERT INTO kiosks (kiosk_id, public_key, software_version, last_contact_at, out_of_service, out_of_service_reasons, device_health, device_health_at)
    SELECT 'FLEET-' || lpad(n::text, 4, '0'), 'not used', '1.2.0', $1::timestamptz, false, '[]'::jsonb, '{"cardReader":{"state":"online"}}'::jsonb, $1::timestamptz
      FROM generate_series(1, ${FLEET}) AS n`, [now]);
  await hq.db.query(`UPDATE kiosks SET out_of_service = true, out_of_service_reasons = '["cardReaderFault"]' WHERE kiosk_id LIKE 'FLEET-%' AND substr(kiosk_id, 7)::int % 100 = 0`);
  await hq.db.query(`UPDATE kiosks SET last_contact_at = $1::timestamptz - interval '1 hour' WHERE kiosk_id LIKE 'FLEET-%' AND substr(kiosk_id, 7)::int % 250 = 0`, [now]);
  await hq.db.query(`UPDATE kiosks SET device_fault_since = $1, device_health = '{"cardReader":{"state":"hardwareError","detail":"jam"}}' WHERE kiosk_id LIKE 'FLEET-%' AND substr(kiosk_id, 7)::int % 500 = 0`, [now]);
  await hq.db.query(`UPDATE kiosks SET software_version = '1.1.9' WHERE kiosk_id = ANY ($1)`, [[3, 33, 333, 1333, 2333, 3333, 4333].map(id)]);
  await hq.db.query(`UPDATE kiosks SET retain_bin_state = 'high' WHERE kiosk_id = ANY ($1)`, [[7, 77, 777].map(id)]);
  await hq.db.query(`UPDATE kiosks SET retain_bin_state = 'full' WHERE kiosk_id = ANY ($1)`, [[4999, 4998].map(id)]);
  for (const n of [11, 12, 13, 14]) await raiseFleetAlert(hq.db, { kind: 'identityFailureRate', kioskId: id(n), at: hq.clock.now, detail: 'seeded' });
  await hq.db.query(`INSERT INTO journal_alerts (kiosk_id, kind, at_seq, detail, raised_at) VALUES ($1, 'brokenChain', 9, 'seeded', $2)`, [id(4321), now]);
}

describe.each(STORES)('fleet triage at 5,000 kiosks on %s', (kind) => {
  let hq: HqHarness;
  let viewer: ConsoleClient;
  beforeAll(async () => {
    hq = await startHarness(kind);
    hq.clock.now = WEDNESDAY_NOON_TOKYO;
    await seedFleet(hq);
    viewer = await signInAs(hq, 'viewer');
  }, 120_000);
  afterAll(async () => { await hq?.close(); });

  const query = (q: Record<string, unknown>) => FleetQuery.parse(q);

  it('counts every state over the whole fleet (the harness kiosk, never seen, is silent too)', async () => {
    const triage = await triageFleet(hq.db, query({}), hq.clock.now);
    expect(triage.counts).toEqual({ all: FLEET + 1, outOfService: 50, silent: 20 + 1, alerts: 5, deviceFaults: 10, outdated: 7, binNearlyFull: 5 });
    expect(triage.latestVersion).toBe('1.2.0');
  });

  it('puts the most urgent kiosk first: the tamper alert, then alerts and faults, then the quiet majority', async () => {
    const triage = await triageFleet(hq.db, query({}), hq.clock.now);
    expect(triage.kiosks[0]!.kiosk.kioskId).toBe(id(4321));
    expect(triage.kiosks[0]!.kiosk.journal?.tamperAlerts).toBe(1);
    // Every 500th is out of service, silent and faulty at once (40 + 30 + 20), in kiosk order.
    expect(triage.kiosks.slice(1, 11).map((t) => t.kiosk.kioskId)).toEqual([500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000].map(id));
    expect(triage.kiosks[1]!.attention).toBe(90);
    const scores = triage.kiosks.map((t) => t.attention);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('filters in the database: each filter returns exactly its kiosks', async () => {
    const ids = async (filter: string, silentMinutes = 15) => (await triageFleet(hq.db, query({ filter, silentMinutes }), hq.clock.now, 100)).kiosks.map((t) => t.kiosk.kioskId).sort();
    expect(await ids('outdated')).toEqual([3, 33, 333, 1333, 2333, 3333, 4333].map(id).sort());
    expect(await ids('binNearlyFull')).toEqual([7, 77, 777, 4998, 4999].map(id).sort());
    expect(await ids('deviceFaults')).toEqual([500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000].map(id));
    expect(await ids('alerts')).toEqual([11, 12, 13, 14, 4321].map(id));
    expect(await ids('silent')).toHaveLength(21);
    // Silent after 2 hours: the kiosks quiet for one hour are not.
    expect(await ids('silent', 120)).toEqual(['KIOSK-TEST-01']);
  });

  it('pages through every kiosk exactly once', async () => {
    const seen = new Set<string>();
    for (let page = 1; page <= 11; page++) {
      const triage = await triageFleet(hq.db, query({ page }), hq.clock.now, 500);
      expect(triage.kiosks.length).toBe(page <= 10 ? 500 : 1);
      for (const t of triage.kiosks) seen.add(t.kiosk.kioskId);
    }
    expect(seen.size).toBe(FLEET + 1);
  });

  it('renders one page of 50 with counts that link to their filter and a pager; a bad query falls back to the defaults', async () => {
    const page = await (await viewer.get('/console')).text();
    expect(page.match(/<tr data-kiosk=/g)).toHaveLength(50);
    expect(page).toContain('1–50 / 5,001');
    expect(page).toMatch(/<li data-count="outOfService"[^>]*>\s*<a href="\/console\?filter=outOfService&amp;silentMinutes=15&amp;page=1">[^<]*<span lang="en">Out of service<\/span>\s*<strong>50<\/strong>/);
    expect(page).toContain('rel="next" href="/console?filter=all&amp;silentMinutes=15&amp;page=2"');
    const filtered = await (await viewer.get('/console?filter=binNearlyFull')).text();
    expect(filtered.match(/<tr data-kiosk=/g)).toHaveLength(5);
    expect(filtered).toContain('data-retain-bin="full"');
    expect(filtered).not.toContain('rel="next"');
    const last = await (await viewer.get('/console?page=101')).text();
    expect(last.match(/<tr data-kiosk=/g)).toHaveLength(1);
    expect(last).toContain('rel="prev"');
    const nonsense = await viewer.get('/console?filter=%3Cscript%3E&silentMinutes=-4&page=zero');
    expect(nonsense.status).toBe(200);
    const fallback = await nonsense.text();
    expect(fallback).toContain('1–50 / 5,001');
    expect(fallback).not.toContain('<script');
  });

  it('marks a kiosk that reports a faulty device, and clears it when the device is back', async () => {
    const report = (state: 'online' | 'hardwareError') => hq.client.reportStatus({ softwareVersion: '1.2.0', outOfService: false, outOfServiceReasons: [], devices: { cardReader: { state } } });
    await report('hardwareError');
    const since = async () => (await hq.db.query<{ device_fault_since: Date | null }>('SELECT device_fault_since FROM kiosks WHERE kiosk_id = $1', [hq.kioskId])).rows[0]!.device_fault_since;
    expect(await since()).toEqual(WEDNESDAY_NOON_TOKYO);
    hq.clock.now = new Date(WEDNESDAY_NOON_TOKYO.getTime() + 60_000);
    await report('hardwareError');
    expect(await since()).toEqual(WEDNESDAY_NOON_TOKYO);
    await report('online');
    expect(await since()).toBeNull();
  });
});
