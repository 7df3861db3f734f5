/**
 * What kiosks report (issue 19) and the combined status-and-calendar
 * exchange, on both stores: HQ keeps each report's vitals and crash counts
 * (migration 021) for the fleet JSON and the console, takes the retain bin's
 * state for the triage, and answers a report naming its calendar version
 * with the calendar only when that version is not current; older kiosks
 * (no version, no vitals) get what they always got.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAnnouncement } from '../../../src/hq/accounts/account-admin';
import { fleetSection } from '../../../src/hq/console/fleet-table';
import { FleetQuery, triageFleet } from '../../../src/hq/fleet/fleet-triage';
import { FleetResponse, type KioskStatusReport } from '../../../src/shared/hq-api/kiosk-status';
import { startHarness, STORES, WEDNESDAY_NOON_TOKYO, type HqHarness } from './hq-harness';

const CONFIG_HASH = 'c'.repeat(64);
const BASE = { softwareVersion: '1.4.0', outOfService: false, outOfServiceReasons: [], devices: { cardReader: { state: 'online' as const } } };
const VITALS = {
  diskFreeBytes: 512 * 1024 * 1024,
  retainBin: { count: 42, state: 'high' as const },
  syncBacklog: { pending: 17, lagSeconds: 95 },
  clockSkewMs: -2500,
  hqKeysPinned: false,
  configHash: CONFIG_HASH,
  crashes: { processCrashes: 2, rendererFailures: 1 },
};

describe.each(STORES)('kiosk vitals and the status-and-calendar exchange on %s', (kind) => {
  let hq: HqHarness;
  beforeAll(async () => {
    hq = await startHarness(kind);
    hq.clock.now = WEDNESDAY_NOON_TOKYO;
  });
  afterAll(async () => { await hq?.close(); });

  const fleetEntry = async () => FleetResponse.parse(await (await fetch(`${hq.url}/admin/fleet`, { headers: { authorization: `Bearer ${hq.adminToken}` } })).json())
    .kiosks.find((k) => k.kioskId === hq.kioskId)!;
  const report = (extra: Partial<KioskStatusReport> = {}) => hq.client.reportStatus({ ...BASE, ...extra });

  it('keeps the vitals and crash counts of the last report for the fleet JSON and the console, and the bin for the triage', async () => {
    expect((await report(VITALS)).ok).toBe(true);
    expect((await fleetEntry()).vitals).toEqual(VITALS);
    const triage = await triageFleet(hq.db, FleetQuery.parse({ filter: 'binNearlyFull' }), hq.clock.now);
    expect(triage.kiosks.map((t) => t.kiosk.kioskId)).toEqual([hq.kioskId]);
    expect(triage.kiosks[0]!.kiosk.vitals).toEqual(VITALS);
    const page = fleetSection(triage).toString();
    expect(page).toContain('data-vital="disk"');
    expect(page).toMatch(/data-vital="backlog">[^<]*<span lang="en">Unsent<\/span>: 17 \(95 s\)/);
    expect(page).toMatch(/data-vital="crashes" class="warn">[^]*?アプリ 2 · 画面 1/);
    expect(page).toMatch(/data-vital="keys" class="warn"/);
    expect(page).toContain(`title="${CONFIG_HASH}"`);
    expect(page).toMatch(/data-retain-bin="high">[^]*?42 枚/);

    // An emptied bin clears the triage's flag at the next report.
    expect((await report({ ...VITALS, retainBin: { count: 0, state: 'ok' } })).ok).toBe(true);
    expect((await triageFleet(hq.db, FleetQuery.parse({ filter: 'binNearlyFull' }), hq.clock.now)).matching).toBe(0);
  });

  it('shows no vitals for a kiosk that sends none (before issue 19), and keeps the bin state the journal gave', async () => {
    await hq.db.query("UPDATE kiosks SET retain_bin_state = 'full' WHERE kiosk_id = $1", [hq.kioskId]);
    expect((await report()).ok).toBe(true);
    expect((await fleetEntry()).vitals).toBeNull();
    expect((await triageFleet(hq.db, FleetQuery.parse({ filter: 'binNearlyFull' }), hq.clock.now)).matching).toBe(1);
    expect(fleetSection(await triageFleet(hq.db, FleetQuery.parse({}), hq.clock.now)).toString()).not.toContain('data-vital=');
  });

  it('refuses vitals out of their range, each with a clear 400, and keeps the last report', async () => {
    expect((await report(VITALS)).ok).toBe(true);
    for (const bad of [
      { diskFreeBytes: -1 }, { configHash: 'not-a-hash' }, { retainBin: { count: 1, state: 'overflowing' } }, { syncBacklog: { pending: 1.5, lagSeconds: null } },
      { clockSkewMs: 1e15 }, { calendarVersion: 'v1' }, { surprise: true },
    ]) {
      const refused = await report(bad as never);
      expect(refused, JSON.stringify(bad)).toMatchObject({ ok: false, error: { status: 400, code: 'malformedRequest' } });
    }
    expect((await fleetEntry()).vitals).toEqual(VITALS);
  });

  it('sends the calendar in the ack only when the kiosk\'s version is not current; older kiosks get the plain ack and the calendar route', async () => {
    const first = await report({ calendarVersion: null });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const version = first.value.calendar!.version;
    expect(version).toMatch(/^[0-9a-f]{64}$/);
    const polled = await hq.client.getCalendar();
    expect(polled.ok && polled.value.calendar).toEqual(first.value.calendar!.calendar);

    const unchanged = await report({ calendarVersion: version });
    expect(unchanged.ok && unchanged.value).toEqual({ accepted: true, serverTime: WEDNESDAY_NOON_TOKYO.toISOString() });

    await addAnnouncement(hq.db, { id: 'vitals-1', kioskId: hq.kioskId, startsAt: new Date('2026-06-11T01:00:00Z'), endsAt: new Date('2026-06-11T02:00:00Z'), messageJa: '保守', messageEn: 'Maintenance' });
    try {
      const changed = await report({ calendarVersion: version });
      expect(changed.ok && changed.value.calendar?.version).not.toBe(version);
      expect(changed.ok && changed.value.calendar?.calendar.announcements.map((a) => a.id)).toEqual(['vitals-1']);
      // Without a version (a kiosk before issue 19): never a calendar in the ack, whose strict schema would refuse it.
      const older = await report();
      expect(older.ok && Object.keys(older.value)).toEqual(['accepted', 'serverTime']);
    } finally {
      await hq.db.query("DELETE FROM service_announcements WHERE announcement_id = 'vitals-1'");
    }
  });
});
