/**
 * HQ's alert rules on its housekeeping tick (issue 17, "alerts that reach
 * someone"), on both stores, against scripted status reports, journal
 * pushes and state, with a manual clock: each rule raises once per kiosk and
 * kind, with thresholds from configuration; the rules run once across two
 * instances' jobs; the timer raises `silentKiosk` for a fleet that sends
 * nothing at all.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertJob } from '../../../src/hq/fleet/alert-job';
import { DEFAULT_ALERT_THRESHOLDS, type AlertSettings } from '../../../src/hq/config/alert-config';
import { Journal } from '../../../src/main/journal/journal';
import { ed25519BatchSigner } from '../../../src/main/sync/batch-signer';
import { hqJournalPushClient } from '../../../src/main/sync/hq-journal-push-client';
import { SyncWorker } from '../../../src/main/sync/sync-worker';
import { tempDir } from '../../unit/journal/journal-fixture';
import { startHarness, STORES, WEDNESDAY_NOON_TOKYO, type HqHarness } from './hq-harness';

const MINUTE = 60_000;
const settings = (over: Partial<AlertSettings> = {}): AlertSettings => ({ thresholds: DEFAULT_ALERT_THRESHOLDS, intervalMs: MINUTE, webhook: null, ...over });
const healthy = { softwareVersion: '1.0.0', outOfService: false, outOfServiceReasons: [], devices: { cardReader: { state: 'online' as const } } };

async function openKinds(hq: HqHarness, kioskId: string): Promise<string[]> {
  const { rows } = await hq.db.query<{ kind: string }>('SELECT kind FROM fleet_alerts WHERE kiosk_id = $1 AND acknowledged_at IS NULL ORDER BY kind', [kioskId]);
  return rows.map((r) => r.kind);
}

describe.each(STORES)('alert rules on the housekeeping tick on %s', (kind) => {
  let hq: HqHarness;
  let temp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    hq = await startHarness(kind);
    temp = tempDir();
  });
  afterAll(async () => {
    temp?.remove();
    await hq?.close();
  });

  it('silentKiosk: after the configured minutes without contact, once, and again only after an acknowledgement', async () => {
    const kiosk = await hq.enrollKiosk('ALERT-SILENT');
    hq.clock.now = WEDNESDAY_NOON_TOKYO;
    expect((await kiosk.client.reportStatus(healthy)).ok).toBe(true);
    const job = new AlertJob(hq.db, settings({ thresholds: { ...DEFAULT_ALERT_THRESHOLDS, silentMinutes: 5 } }), () => hq.clock.now);
    expect((await job.tick(new Date(WEDNESDAY_NOON_TOKYO.getTime() + 5 * MINUTE))).evaluated).toBe(true);
    expect(await openKinds(hq, kiosk.kioskId)).toEqual([]);
    await job.tick(new Date(WEDNESDAY_NOON_TOKYO.getTime() + 7 * MINUTE));
    expect(await openKinds(hq, kiosk.kioskId)).toEqual(['silentKiosk']);
    // Within the interval the rules do not run again; after it they run and find the alert open.
    expect((await job.tick(new Date(WEDNESDAY_NOON_TOKYO.getTime() + 7 * MINUTE + 1000))).evaluated).toBe(false);
    expect((await job.tick(new Date(WEDNESDAY_NOON_TOKYO.getTime() + 9 * MINUTE))).raised).toEqual([]);
    await hq.db.query("UPDATE fleet_alerts SET acknowledged_at = $2 WHERE kiosk_id = $1 AND kind = 'silentKiosk'", [kiosk.kioskId, WEDNESDAY_NOON_TOKYO]);
    await job.tick(new Date(WEDNESDAY_NOON_TOKYO.getTime() + 11 * MINUTE));
    expect(await openKinds(hq, kiosk.kioskId)).toEqual(['silentKiosk']);
    await hq.db.query('UPDATE kiosks SET enabled = false WHERE kiosk_id = $1', [kiosk.kioskId]);
  });

  it('deviceFault: a device not online for longer than the threshold, from the kiosk\'s own status reports', async () => {
    const kiosk = await hq.enrollKiosk('ALERT-DEVICE');
    const start = new Date(WEDNESDAY_NOON_TOKYO.getTime() + 60 * MINUTE);
    hq.clock.now = start;
    expect((await kiosk.client.reportStatus({ ...healthy, devices: { cardReader: { state: 'hardwareError', detail: 'jam' } } })).ok).toBe(true);
    const job = new AlertJob(hq.db, settings({ thresholds: { ...DEFAULT_ALERT_THRESHOLDS, deviceFaultMinutes: 3 } }), () => hq.clock.now);
    hq.clock.now = new Date(start.getTime() + 2 * MINUTE);
    expect((await kiosk.client.reportStatus({ ...healthy, devices: { cardReader: { state: 'hardwareError', detail: 'jam' } } })).ok).toBe(true);
    await job.tick(hq.clock.now);
    expect(await openKinds(hq, kiosk.kioskId)).toEqual([]);
    hq.clock.now = new Date(start.getTime() + 4 * MINUTE);
    expect((await kiosk.client.reportStatus({ ...healthy, devices: { cardReader: { state: 'hardwareError', detail: 'jam' } } })).ok).toBe(true);
    await job.tick(hq.clock.now);
    expect(await openKinds(hq, kiosk.kioskId)).toEqual(['deviceFault']);
    await hq.db.query('UPDATE kiosks SET enabled = false WHERE kiosk_id = $1', [kiosk.kioskId]);
  });

  it('retainBinFull and tamperAlert: from the state the journal ingest keeps', async () => {
    const kiosk = await hq.enrollKiosk('ALERT-STATE');
    const at = new Date(WEDNESDAY_NOON_TOKYO.getTime() + 120 * MINUTE);
    hq.clock.now = at;
    expect((await kiosk.client.reportStatus(healthy)).ok).toBe(true);
    await hq.db.query("UPDATE kiosks SET retain_bin_state = 'full' WHERE kiosk_id = $1", [kiosk.kioskId]);
    await hq.db.query("INSERT INTO journal_alerts (kiosk_id, kind, at_seq, detail, raised_at) VALUES ($1, 'brokenChain', 7, 'prevHash does not continue the chain', $2)", [kiosk.kioskId, at]);
    await new AlertJob(hq.db, settings(), () => hq.clock.now).tick(new Date(at.getTime() + 10 * MINUTE));
    expect(await openKinds(hq, kiosk.kioskId)).toEqual(['retainBinFull', 'tamperAlert']);
    await hq.db.query('UPDATE kiosks SET enabled = false WHERE kiosk_id = $1', [kiosk.kioskId]);
  });

  it('journalBacklog: events pushed later than the threshold after they happened raise it; prompt ones do not', async () => {
    const kiosk = await hq.enrollKiosk('ALERT-BACKLOG');
    const start = new Date(WEDNESDAY_NOON_TOKYO.getTime() + 180 * MINUTE);
    hq.clock.now = start;
    const journal = Journal.open(join(temp.dir, `${kind}-journal.db`), {
      kioskId: kiosk.kioskId, freeBytes: () => 1e12, clock: { now: () => hq.clock.now.getTime(), monotonicMs: () => hq.clock.now.getTime() },
    });
    try {
      const worker = new SyncWorker({ journal, client: hqJournalPushClient(kiosk.client), kioskId: kiosk.kioskId, signBatch: ed25519BatchSigner(kiosk.key) });
      const job = new AlertJob(hq.db, settings({ thresholds: { ...DEFAULT_ALERT_THRESHOLDS, journalLagMinutes: 30 } }), () => hq.clock.now);
      journal.append({ type: 'card.taken', actor: { kind: 'customer' }, payload: {} });
      hq.clock.now = new Date(start.getTime() + 20 * MINUTE);
      expect(await worker.drain()).toMatchObject({ ok: true, pushed: 1 });
      await job.tick(hq.clock.now);
      expect(await openKinds(hq, kiosk.kioskId)).toEqual([]);

      journal.append({ type: 'card.taken', actor: { kind: 'customer' }, payload: {} });
      hq.clock.now = new Date(start.getTime() + 60 * MINUTE);
      expect(await worker.drain()).toMatchObject({ ok: true, pushed: 1 });
      await job.tick(hq.clock.now);
      expect(await openKinds(hq, kiosk.kioskId)).toEqual(['journalBacklog']);
    } finally {
      journal.close();
    }
    await hq.db.query('UPDATE kiosks SET enabled = false WHERE kiosk_id = $1', [kiosk.kioskId]);
  });

  it('runs the rules once across two instances\' jobs ticking together', async () => {
    const kiosk = await hq.enrollKiosk('ALERT-TWICE');
    const at = new Date(WEDNESDAY_NOON_TOKYO.getTime() + 300 * MINUTE);
    hq.clock.now = at;
    expect((await kiosk.client.reportStatus(healthy)).ok).toBe(true);
    const later = new Date(at.getTime() + 30 * MINUTE);
    const [a, b] = await Promise.all([new AlertJob(hq.db, settings(), () => later).tick(later), new AlertJob(hq.db, settings(), () => later).tick(later)]);
    expect([a.evaluated, b.evaluated].sort()).toEqual([false, true]);
    expect(await openKinds(hq, kiosk.kioskId)).toEqual(['silentKiosk']);
    await hq.db.query('UPDATE kiosks SET enabled = false WHERE kiosk_id = $1', [kiosk.kioskId]);
  });
});

describe.each(STORES)('the alert timer of the HQ process on %s', (kind) => {
  let hq: HqHarness;
  beforeAll(async () => {
    hq = await startHarness(kind, { app: { alerts: settings({ intervalMs: 50 }) } });
  });
  afterAll(async () => { await hq?.close(); });

  it('raises silentKiosk for a kiosk that sends nothing, with no request reaching HQ', async () => {
    hq.clock.now = WEDNESDAY_NOON_TOKYO;
    expect((await hq.client.reportStatus(healthy)).ok).toBe(true);
    hq.clock.now = new Date(WEDNESDAY_NOON_TOKYO.getTime() + 30 * MINUTE);
    let kinds: string[] = [];
    for (let i = 0; i < 200 && kinds.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      kinds = await openKinds(hq, hq.kioskId);
    }
    expect(kinds).toEqual(['silentKiosk']);
  });
});
