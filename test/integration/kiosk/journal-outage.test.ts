/**
 * The whole kiosk composition when its journal stops taking writes while
 * running (a full disk, a read-only mount): out of service at once with the
 * journal as the reason, still out while the fault lasts, and back without a
 * restart when it ends, with the stop recorded in the journal then. HQ is a
 * port nobody listens on, so "back" is the next reason down: HQ unreachable.
 */
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { composeKiosk, type ComposedKiosk } from '../../../src/main/compose-kiosk';
import { parseConfig } from '../../../src/main/config/load-config';
import { captureLogger } from '../../support/capture-logger';
import { EXAMPLES } from '../../unit/journal/event-examples';
import { tempDir } from '../../unit/journal/journal-fixture';

const PROBE_SECONDS = 0.2;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start() {
  const temp = tempDir();
  cleanups.push(() => temp.remove());
  const log = captureLogger();
  const config = parseConfig({ dataDir: temp.dir, hq: { url: 'http://127.0.0.1:1', timeoutMs: 500 } });
  // A Wednesday noon in Tokyo: inside store hours and outside every maintenance window, whenever the suite runs
  // (outside them, closed hours would rank above HQ unreachable).
  const kiosk = await composeKiosk({
    config, logger: log.logger, host: 'web', hqProbeSeconds: 3600, journalProbeSeconds: PROBE_SECONDS, simClockStart: new Date('2026-12-02T12:00:00+09:00'),
  });
  cleanups.push(() => kiosk.close());
  return { kiosk, log };
}

const reason = (kiosk: ComposedKiosk) => {
  const { view } = kiosk.core.view;
  return view.screen === 'outOfService' ? view.reason : view.screen;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The reasons of the last out-of-service entries, oldest first (`tail` is in seq order). */
const journaledStops = (kiosk: ComposedKiosk) => kiosk.journal.tail(50)
  .filter((row) => row.type === 'outOfService.entered')
  .map((row) => (row.payload as { reasons: string[] }).reasons[0]);

describe('a journal that stops taking writes while the kiosk runs', () => {
  it('full disk: out of service for the journal until space returns, then back without a restart', async () => {
    const { kiosk, log } = await start();
    expect(reason(kiosk)).toBe('hqUnreachable');

    kiosk.journal.setSizeLimit(1);
    let failure: unknown = null;
    for (let i = 0; i < 10_000 && failure === null; i++) {
      const r = kiosk.journal.append({ ...EXAMPLES['technician.action'], payload: { action: 'deviceReset', note: 'x'.repeat(200) } });
      if (!r.ok) failure = r.error;
    }
    expect(failure).toEqual({ code: 'full', sqliteCode: 'SQLITE_FULL' });
    expect(reason(kiosk)).toBe('journalUnavailable');
    const headWhileFull = kiosk.journal.stats().headSeq;

    // Several retries while the disk is still full: nothing changes, nothing half-written.
    await sleep(PROBE_SECONDS * 1000 * 4);
    expect(reason(kiosk)).toBe('journalUnavailable');
    expect(kiosk.journal.stats().headSeq).toBe(headWhileFull);

    kiosk.journal.setSizeLimit(1_000_000);
    await expect.poll(() => reason(kiosk), { timeout: 5000 }).toBe('hqUnreachable');
    expect(log.lines().some((l) => l.msg === 'journal writes again' && l.was === 'full')).toBe(true);
    // The stop the kiosk could not record while full is the first thing written once it can.
    const recorded = kiosk.journal.tail(3).find((row) => row.type === 'outOfService.entered' && (row.payload as { reasons: string[] }).reasons[0] === 'journalUnavailable');
    expect(recorded?.seq).toBe(headWhileFull + 1);
    expect(journaledStops(kiosk).slice(-2)).toEqual(['journalUnavailable', 'hqUnreachable']);
    expect(kiosk.journal.verify()).toMatchObject({ ok: true });
  });

  it('read-only journal: the same, once writes are allowed again', async () => {
    const { kiosk } = await start();
    // Root ignores file modes, so make the connection itself read-only (SQLITE_READONLY, as a read-only mount gives).
    const db = (kiosk.journal as unknown as { db: Database.Database }).db;
    db.pragma('query_only = ON');
    expect(kiosk.journal.append(EXAMPLES['card.taken'])).toMatchObject({ ok: false, error: { code: 'readOnly' } });
    expect(reason(kiosk)).toBe('journalUnavailable');
    await sleep(PROBE_SECONDS * 1000 * 3);
    expect(reason(kiosk)).toBe('journalUnavailable');

    db.pragma('query_only = OFF');
    await expect.poll(() => reason(kiosk), { timeout: 5000 }).toBe('hqUnreachable');
    expect(journaledStops(kiosk).slice(-2)).toEqual(['journalUnavailable', 'hqUnreachable']);
  });
});
