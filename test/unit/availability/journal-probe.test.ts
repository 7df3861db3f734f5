/**
 * The journal's health decides service, and a probe brings the kiosk back
 * when the journal recovers without anyone writing (journal-probe.ts): over
 * a real journal for disk low and full, a stand-in for a corrupt one whose
 * recovery fails (a real one is in journal.test.ts).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startJournalProbe, type ProbedJournal } from '../../../src/main/availability/journal-probe';
import type { JournalHealth } from '../../../src/main/journal/journal-health';
import { captureLogger } from '../../support/capture-logger';
import { ManualClock } from '../../support/manual-clock';
import { EXAMPLES } from '../journal/event-examples';
import { openJournal, tempDir } from '../journal/journal-fixture';

const PROBE_MS = 10_000;
const cleanups: (() => void)[] = [];
afterEach(() => { for (const c of cleanups.splice(0).reverse()) c(); });

function probe(journal: ProbedJournal) {
  const clock = new ManualClock();
  const log = captureLogger();
  const unavailable: boolean[] = [];
  const stop = startJournalProbe({ journal, setUnavailable: (on) => unavailable.push(on), clock, everyMs: PROBE_MS, logger: log.logger });
  cleanups.push(stop);
  return { clock, log, unavailable, stop };
}

function realJournal(options: Parameters<typeof openJournal>[1] = {}) {
  const temp = tempDir();
  const journal = openJournal(join(temp.dir, 'journal.db'), options);
  cleanups.push(() => { journal.close(); temp.remove(); });
  return journal;
}

describe('the journal probe', () => {
  it('stops service at start for a journal low on disk, and resumes it at the first probe after space returns', () => {
    let free = 10 * 1024 ** 2;
    const journal = realJournal({ freeBytes: () => free, diskFreeFloorBytes: 100 * 1024 ** 2 });
    const { clock, unavailable } = probe(journal);
    expect(unavailable).toEqual([true]);

    free = 1024 ** 3;
    clock.advance(PROBE_MS - 1);
    expect(unavailable).toEqual([true]);
    clock.advance(1);
    expect(unavailable).toEqual([true, false]);
  });

  it('full disk: retries the stop record each period, and writes it first once space returns', () => {
    const journal = realJournal();
    const { clock, log, unavailable } = probe(journal);
    expect(unavailable).toEqual([false]);

    journal.setSizeLimit(1);
    // Full for the probe's own record too: fill with large events, then with records of its size.
    for (const filler of [{ ...EXAMPLES['technician.action'], payload: { action: 'deviceReset', note: 'x'.repeat(200) } }, EXAMPLES['outOfService.entered']] as const) {
      for (let i = 0; i < 10_000 && journal.append(filler).ok; i++);
    }
    expect(journal.health.state).toBe('full');
    expect(unavailable.at(-1)).toBe(true);
    const headWhileFull = journal.stats().headSeq;
    const changes = unavailable.length;

    // Several retries while the disk is still full: nothing written, nothing changes.
    clock.advance(3 * PROBE_MS);
    expect(journal.stats().headSeq).toBe(headWhileFull);
    expect(unavailable.length).toBe(changes);

    journal.setSizeLimit(1_000_000);
    clock.advance(PROBE_MS);
    expect(unavailable.slice(changes)).toEqual([false]);
    expect(journal.tail(1)[0]).toMatchObject({ seq: headWhileFull + 1, type: 'outOfService.entered', payload: { reasons: ['journalUnavailable'] } });
    expect(log.lines().some((l) => l.msg === 'journal writes again' && l.was === 'full')).toBe(true);
  });

  it('corrupt: tries the recovery at once, logs a failure, and tries again each period until it works', () => {
    let state: JournalHealth['state'] = 'corrupt';
    let recoveries = 0;
    const listeners: ((health: JournalHealth) => void)[] = [];
    const health = (): JournalHealth => ({ state, freeBytes: null, lastErrorCode: state === 'ok' ? null : 'SQLITE_CORRUPT' });
    const journal = {
      get health() { return health(); },
      onHealthChange: (listener: (h: JournalHealth) => void) => { listeners.push(listener); return () => undefined; },
      append: () => ({ ok: false, error: { code: 'corrupt', sqliteCode: 'SQLITE_CORRUPT' } }) as const,
      refreshHealth: health,
      recover: () => {
        recoveries++;
        if (recoveries === 1) throw new Error('no room for the successor');
        state = 'ok';
        for (const listener of listeners) listener(health());
        return null;
      },
    } as unknown as ProbedJournal;

    const { clock, log, unavailable } = probe(journal);
    expect(recoveries).toBe(1);
    expect(unavailable).toEqual([true]);
    expect(log.lines().some((l) => l.msg === 'journal recovery failed' && l.error === 'no room for the successor')).toBe(true);

    clock.advance(PROBE_MS);
    expect(recoveries).toBe(2);
    expect(unavailable.at(-1)).toBe(false);
  });

  it('stops probing and listening when stopped', () => {
    let free = 10 * 1024 ** 2;
    const journal = realJournal({ freeBytes: () => free, diskFreeFloorBytes: 100 * 1024 ** 2 });
    const { clock, unavailable, stop } = probe(journal);
    stop();
    expect(clock.pendingCount).toBe(0);
    free = 1024 ** 3;
    journal.refreshHealth();
    expect(journal.health.state).toBe('ok');
    expect(unavailable).toEqual([true]);
  });
});
