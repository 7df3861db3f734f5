import Database from 'better-sqlite3';
import { existsSync, readdirSync, writeFileSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, chainInput } from '../../../src/shared/journal';
import { sha256Hex } from '../../../src/main/journal/sha256';
import type { JournalHealth } from '../../../src/main/journal/journal-health';
import { appendMany, KIOSK, manualClock, openJournal, receiptFor, tempDir } from './journal-fixture';
import { EXAMPLES, ALL_EXAMPLES } from './event-examples';

let dir: string;
let cleanup: () => void;
let path: string;
beforeEach(() => {
  ({ dir, remove: cleanup } = tempDir());
  path = join(dir, 'journal.db');
});
afterEach(() => cleanup());

/** Raw access for tampering, as an attacker with the file would have. The append-only trigger is dropped first. */
function tamper(sql: string, ...params: unknown[]): void {
  const db = new Database(path);
  db.exec('DROP TRIGGER IF EXISTS events_append_only; DROP TRIGGER IF EXISTS events_keep_unacknowledged;');
  db.prepare(sql).run(...params);
  db.close();
}

describe('Journal append and verify', () => {
  it('stores every event type with monotonic seqs and a hash chain from genesis', () => {
    const journal = openJournal(path);
    const seqs = ALL_EXAMPLES.map((event) => {
      const result = journal.append(event);
      expect(result.ok, event.type).toBe(true);
      return result.ok ? result.seq : -1;
    });
    expect(seqs).toEqual(ALL_EXAMPLES.map((_, i) => i + 1));
    const rows = journal.pending(0, 1000);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      expect(row.hash).toBe(sha256Hex(chainInput(row)));
      if (i > 0) expect(row.prevHash).toBe(rows[i - 1]!.hash);
    }
    expect(journal.verify()).toMatchObject({ ok: true, checked: ALL_EXAMPLES.length, headSeq: ALL_EXAMPLES.length });
    journal.close();
  });

  it('records UTC wall-clock time, the monotonic reading, kiosk, session and actor', () => {
    const clock = manualClock();
    const journal = openJournal(path, { clock });
    journal.append(EXAMPLES['card.read']);
    const [row] = journal.pending(0, 1);
    expect(row).toMatchObject({
      occurredAt: '2025-01-06T01:00:00.000Z', monotonicMs: 1000, kioskId: KIOSK,
      sessionId: EXAMPLES['card.read'].sessionId, actor: EXAMPLES['card.read'].actor, payload: { maskedCard: '400000******0051' },
    });
    journal.close();
  });

  it('refuses an invalid event without storing anything', () => {
    const journal = openJournal(path);
    const result = journal.append({ type: 'card.read', actor: { kind: 'system' }, payload: { maskedCard: '4000000000000051' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalidEvent' } });
    expect(journal.stats().count).toBe(0);
    journal.close();
  });

  it('continues the chain across close and reopen', () => {
    let journal = openJournal(path);
    appendMany(journal, 5);
    journal.close();
    journal = openJournal(path);
    const result = journal.append(EXAMPLES['card.taken']);
    expect(result).toMatchObject({ ok: true, seq: 6 });
    expect(journal.verify()).toMatchObject({ ok: true, checked: 6 });
    journal.close();
  });

  it('refuses to open another kiosk\'s journal', () => {
    openJournal(path).close();
    expect(() => openJournal(path, { kioskId: 'K-OTHER' })).toThrow(/another kiosk/);
  });

  it('sets WAL, synchronous=FULL and a bounded WAL', () => {
    openJournal(path, { walAutocheckpointPages: 123 }).close();
    // Pragmas are per connection; check the file is WAL and that the journal's own
    // connection used FULL through a fresh open that reads them back.
    const journal = openJournal(path, { walAutocheckpointPages: 123 });
    const db = (journal as unknown as { db: Database.Database }).db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(123);
    journal.close();
  });
});

describe('Journal.verifyInSlices (the technician\'s chain check, event loop free between slices)', () => {
  it('gives verify()\'s answer, pausing between slices', async () => {
    const journal = openJournal(path);
    appendMany(journal, 250);
    let pauses = 0;
    const result = await journal.verifyInSlices({ sliceRows: 100, pause: async () => { pauses++; } });
    expect(result).toEqual(journal.verify());
    expect(result).toMatchObject({ ok: true, checked: 250 });
    expect(pauses).toBe(2);
    journal.close();
  });

  it('walks rows appended during the walk too, and holds retention purges until it ends', async () => {
    const journal = openJournal(path);
    appendMany(journal, 30);
    expect(journal.markAcknowledged(30, receiptFor(journal, 30)).ok).toBe(true);
    const purgedDuring: number[] = [];
    const result = await journal.verifyInSlices({
      sliceRows: 10,
      pause: async () => {
        appendMany(journal, 1);
        purgedDuring.push(journal.purge({ olderThanMs: 0 }).purged);
      },
    });
    expect(result).toMatchObject({ ok: true, checked: 33, headSeq: 33 });
    expect(purgedDuring).toEqual([0, 0, 0]);
    expect(journal.purge({ olderThanMs: 0 }).purged).toBeGreaterThan(0);
    journal.close();
  });

  it('names the same first bad row as verify()', async () => {
    const journal0 = openJournal(path);
    appendMany(journal0, 20);
    journal0.close();
    tamper('UPDATE events SET payload = ? WHERE seq = 17', '{"cardsRemoved":99}');
    const journal = openJournal(path);
    expect(await journal.verifyInSlices({ sliceRows: 5 })).toEqual({ ok: false, checked: 16, firstBadSeq: 17, problem: 'hashMismatch' });
    journal.close();
  });
});

describe('Journal tamper detection', () => {
  beforeEach(() => {
    const journal = openJournal(path);
    appendMany(journal, 20);
    journal.close();
  });

  it('names an edited row', () => {
    tamper('UPDATE events SET payload = ? WHERE seq = 7', '{"cardsRemoved":99}');
    const journal = openJournal(path);
    expect(journal.verify()).toEqual({ ok: false, checked: 6, firstBadSeq: 7, problem: 'hashMismatch' });
    journal.close();
  });

  it('names an edited row whose hash was recomputed (the next row no longer links)', () => {
    const journal0 = openJournal(path);
    const row = journal0.pending(6, 1)[0]!;
    journal0.close();
    const forged = { ...row, payload: { cardsRemoved: 99 } };
    tamper('UPDATE events SET payload = ?, hash = ? WHERE seq = 7', '{"cardsRemoved":99}', sha256Hex(chainInput(forged)));
    const journal = openJournal(path);
    expect(journal.verify()).toMatchObject({ ok: false, firstBadSeq: 8, problem: 'prevHashMismatch' });
    journal.close();
  });

  it('names the first missing row of a deletion', () => {
    tamper('DELETE FROM events WHERE seq IN (11, 12)');
    const journal = openJournal(path);
    expect(journal.verify()).toMatchObject({ ok: false, firstBadSeq: 11, problem: 'seqGap' });
    journal.close();
  });

  it('names reordered rows', () => {
    tamper(`UPDATE events SET seq = CASE seq WHEN 4 THEN -5 WHEN 5 THEN -4 END WHERE seq IN (4, 5)`);
    tamper('UPDATE events SET seq = -seq WHERE seq < 0');
    const journal = openJournal(path);
    expect(journal.verify()).toMatchObject({ ok: false, firstBadSeq: 4 });
    journal.close();
  });

  it('notices acknowledged rows cut from the head', () => {
    const journal0 = openJournal(path);
    expect(journal0.markAcknowledged(20, receiptFor(journal0, 20)).ok).toBe(true);
    journal0.close();
    tamper('DELETE FROM events WHERE seq > 18');
    const journal = openJournal(path);
    expect(journal.verify()).toMatchObject({ ok: false, firstBadSeq: 19, problem: 'headBehindAcknowledged' });
    journal.close();
  });

  it('keeps rows append-only even for code that tries', () => {
    const db = new Database(path);
    expect(() => db.prepare('UPDATE events SET type = ? WHERE seq = 1').run('card.taken')).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events WHERE seq = 1').run()).toThrow(/never deleted/);
    db.close();
  });
});

describe('Journal acknowledgement and retention', () => {
  it('advances the cursor only forwards, only to its own rows, and keeps receipts', () => {
    const journal = openJournal(path);
    appendMany(journal, 10);
    expect(journal.markAcknowledged(6, receiptFor(journal, 6))).toEqual({ ok: true, ackedSeq: 6 });
    expect(journal.markAcknowledged(4, receiptFor(journal, 4))).toEqual({ ok: true, ackedSeq: 6 });
    expect(journal.markAcknowledged(8, { ...receiptFor(journal, 8), headHash: 'f'.repeat(64) })).toEqual({ ok: false, code: 'hashMismatch' });
    expect(journal.markAcknowledged(11, { ...receiptFor(journal, 10), ackedThrough: 11 })).toEqual({ ok: false, code: 'beyondHead' });
    expect(journal.markAcknowledged(9, { ...receiptFor(journal, 9), ackedThrough: 8 })).toEqual({ ok: false, code: 'badReceipt' });
    expect(journal.ackedSeq()).toBe(6);
    expect(journal.stats()).toMatchObject({ ackedSeq: 6, pending: 4, count: 10 });
    expect(journal.receipts().map((r) => r.ackedThrough)).toEqual([6, 4]);
    journal.close();
  });

  it('purges acknowledged events older than the retention age, never unacknowledged ones, never the head', () => {
    const clock = manualClock();
    const journal = openJournal(path, { clock });
    appendMany(journal, 10); // day 0: seqs 1-10
    clock.advance(40 * 86_400_000);
    appendMany(journal, 10); // day 40: seqs 11-20
    expect(journal.markAcknowledged(5, receiptFor(journal, 5)).ok).toBe(true);
    expect(journal.purge({ olderThanMs: 30 * 86_400_000 })).toEqual({ purged: 5 });
    expect(journal.pending(0, 100)[0]!.seq).toBe(6);
    expect(journal.verify()).toMatchObject({ ok: true, checked: 15 });

    expect(journal.markAcknowledged(20, receiptFor(journal, 20)).ok).toBe(true);
    expect(journal.purge({ olderThanMs: 30 * 86_400_000 })).toEqual({ purged: 5 }); // 6-10 only: 11-20 are young
    clock.advance(40 * 86_400_000);
    expect(journal.purge({ olderThanMs: 30 * 86_400_000 })).toEqual({ purged: 9 }); // all but the head
    expect(journal.stats()).toMatchObject({ count: 1, headSeq: 20 });
    expect(journal.append(EXAMPLES['card.taken'])).toMatchObject({ ok: true, seq: 21 });
    expect(journal.verify()).toMatchObject({ ok: true, checked: 2 });
    journal.close();
  });
});

describe('Journal health', () => {
  it('reports diskLow under the floor, still appends, and recovers when space returns', () => {
    let free = 1024 ** 3;
    const seen: JournalHealth[] = [];
    const journal = openJournal(path, { freeBytes: () => free, diskFreeFloorBytes: 100 * 1024 ** 2, diskCheckEvery: 1 });
    journal.onHealthChange((h) => seen.push(h));
    expect(journal.health.state).toBe('ok');
    free = 50 * 1024 ** 2;
    expect(journal.append(EXAMPLES['outOfService.entered']).ok).toBe(true);
    expect(journal.health).toMatchObject({ state: 'diskLow', freeBytes: 50 * 1024 ** 2 });
    free = 1024 ** 3;
    expect(journal.refreshHealth().state).toBe('ok');
    expect(seen.map((h) => h.state)).toEqual(['diskLow', 'ok']);
    journal.close();
  });

  it('on SQLITE_FULL: reports full, stores nothing it did not report, and resumes when space returns', () => {
    const journal = openJournal(path);
    const states: string[] = [];
    journal.onHealthChange((h) => states.push(h.state));
    appendMany(journal, 5);
    const pages = journal.setSizeLimit(1);
    const stored: number[] = [];
    let failure: unknown = null;
    for (let i = 0; i < 10_000 && failure === null; i++) {
      const result = journal.append({ ...EXAMPLES['technician.action'], payload: { action: 'deviceReset', note: 'x'.repeat(200) } });
      if (result.ok) stored.push(result.seq);
      else failure = result.error;
    }
    expect(pages).toBeGreaterThan(1);
    expect(failure).toEqual({ code: 'full', sqliteCode: 'SQLITE_FULL' });
    expect(journal.health.state).toBe('full');
    expect(states).toEqual(['full']);
    const head = journal.stats().headSeq;
    expect(head).toBe(stored.at(-1) ?? 5);
    expect(journal.verify()).toMatchObject({ ok: true, headSeq: head });

    journal.setSizeLimit(1_000_000);
    expect(journal.append(EXAMPLES['outOfService.left'])).toMatchObject({ ok: true, seq: head + 1 });
    expect(journal.health.state).toBe('ok');
    expect(states).toEqual(['full', 'ok']);
    journal.close();
  });

  it('reports readOnly when the database refuses writes', () => {
    const journal = openJournal(path);
    appendMany(journal, 2);
    // Root ignores file modes, so make the connection itself read-only (SQLITE_READONLY, as a read-only mount gives).
    (journal as unknown as { db: Database.Database }).db.pragma('query_only = ON');
    const result = journal.append(EXAMPLES['card.taken']);
    expect(result).toMatchObject({ ok: false, error: { code: 'readOnly', sqliteCode: 'SQLITE_READONLY' } });
    expect(journal.health.state).toBe('readOnly');
    journal.close();
  });

  it('refuses to record HQ\'s receipt on a journal that cannot write, without throwing, and keeps the rows pending', () => {
    const journal = openJournal(path);
    appendMany(journal, 5);
    const receipt = receiptFor(journal, 5);
    (journal as unknown as { db: Database.Database }).db.pragma('query_only = ON');
    expect(journal.markAcknowledged(5, receipt)).toEqual({ ok: false, code: 'readOnly' });
    expect(journal.health.state).toBe('readOnly');
    expect(journal.pending(0, 10)).toHaveLength(5);
    journal.close();
  });
});

describe('Journal corruption', () => {
  function corruptPages(from: number, count: number): void {
    const pageSize = 4096;
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(pageSize * count, 0xa5), 0, pageSize * count, pageSize * from);
    closeSync(fd);
  }

  it('quarantines a file that is not a database and starts a successor that never reuses a seq', () => {
    const journal0 = openJournal(path);
    appendMany(journal0, 30);
    journal0.close();
    writeFileSync(path, Buffer.alloc(8192, 0x42));
    const journal = openJournal(path);
    expect(journal.quarantined).not.toBeNull();
    expect(existsSync(journal.quarantined!.path)).toBe(true);
    const [restart] = journal.pending(0, 10);
    expect(restart).toMatchObject({ type: 'journal.restarted', payload: { reason: 'notADatabase', previousHeadSeq: null, salvagedThroughSeq: null } });
    expect(restart!.seq).toBeGreaterThan(30);
    expect(journal.verify()).toMatchObject({ ok: true, checked: 1 });
    expect(journal.stats().predecessor).toBe(journal.quarantined!.fileName);
    journal.close();
  });

  it('salvages the rows that still verify, links to them, and reports the loss', () => {
    const journal0 = openJournal(path);
    for (let i = 0; i < 400; i++) journal0.append({ ...EXAMPLES['technician.action'], payload: { action: 'deviceReset', note: `row ${i} `.padEnd(200, 'x') } });
    expect(journal0.markAcknowledged(100, receiptFor(journal0, 100)).ok).toBe(true);
    const originals = journal0.pending(0, 5000);
    // Fold the WAL into the main file so the damage below hits real rows.
    (journal0 as unknown as { db: Database.Database }).db.pragma('wal_checkpoint(TRUNCATE)');
    journal0.close();
    const pages = statSync(path).size / 4096;
    corruptPages(Math.floor(pages * 0.6), 3);

    const journal = openJournal(path);
    expect(journal.quarantined).not.toBeNull();
    expect(readdirSync(dir).some((f) => f.startsWith('journal.db.corrupt-'))).toBe(true);
    const rows = journal.pending(0, 5000);
    const restart = rows.at(-1)!;
    expect(restart.type).toBe('journal.restarted');
    const salvagedThrough = restart.payload.salvagedThroughSeq as number;
    expect(salvagedThrough).toBeGreaterThan(100);
    expect(salvagedThrough).toBeLessThan(400);
    // The salvaged rows are the originals, unchanged.
    expect(rows.slice(0, -1)).toEqual(originals.slice(0, salvagedThrough));
    // The successor never reuses a seq the damaged file showed.
    expect(restart.seq).toBe(401);
    expect(restart.payload.previousHeadSeq).toBe(400);
    expect(restart.prevHash).toBe(originals[salvagedThrough - 1]!.hash);
    expect(journal.ackedSeq()).toBe(100);
    expect(journal.verify()).toMatchObject({ ok: true });
    expect(journal.append(EXAMPLES['card.taken'])).toMatchObject({ ok: true, seq: 402 });
    journal.close();
  });

  it('reports a throwing listener to onListenerError; the append stands and later listeners still hear it', () => {
    const reported: string[] = [];
    const journal = openJournal(path, { onListenerError: (error, event) => reported.push(`${event}: ${(error as Error).message}`) });
    const heard: number[] = [];
    journal.onAppend(() => { throw new Error('listener bug'); });
    journal.onAppend((row) => heard.push(row.seq));
    expect(journal.append(EXAMPLES['card.taken'])).toMatchObject({ ok: true, seq: 1 });
    expect(heard).toEqual([1]);
    expect(reported).toEqual(['appended: listener bug']);
    expect(journal.pending(0, 10).map((r) => r.seq)).toEqual([1]);
    journal.close();
  });

  it('recover() after an append failed as corrupt starts one successor that takes entries, and a second call is not needed', () => {
    const journal = openJournal(path);
    appendMany(journal, 12);
    (journal as unknown as { db: Database.Database }).db.pragma('wal_checkpoint(TRUNCATE)');
    corruptPages(0, 2);
    // The state an append that met SQLITE_CORRUPT leaves (SQLite's page cache
    // hides on-disk damage from this connection, so it is set directly).
    (journal as unknown as { healthTracker: { noteWriteFailure(e: unknown): void } }).healthTracker.noteWriteFailure({ code: 'SQLITE_CORRUPT' });
    expect(journal.health.state).toBe('corrupt');
    expect(journal.append(EXAMPLES['card.taken'])).toMatchObject({ ok: false, error: { code: 'corrupt' } });
    journal.recover();
    expect(journal.health.state).toBe('ok');
    expect(journal.append(EXAMPLES['outOfService.entered'])).toMatchObject({ ok: true });
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(1);
    journal.close();
  });

  it('recover() quarantines a journal found damaged while running and carries on in a successor, listeners kept', () => {
    const journal = openJournal(path);
    appendMany(journal, 12);
    const states: string[] = [];
    journal.onHealthChange((h) => states.push(h.state));
    const appended: number[] = [];
    journal.onAppend((row) => appended.push(row.seq));
    (journal as unknown as { db: Database.Database }).db.pragma('wal_checkpoint(TRUNCATE)');
    corruptPages(0, 2); // the header and the first page: nothing can be read
    journal.recover();
    expect(journal.quarantined).not.toBeNull();
    const [restart] = journal.pending(0, 10);
    expect(restart).toMatchObject({ type: 'journal.restarted' });
    expect(restart!.seq).toBeGreaterThan(12);
    const next = journal.append(EXAMPLES['outOfService.entered']);
    expect(next).toMatchObject({ ok: true, seq: restart!.seq + 1 });
    expect(appended).toEqual([restart!.seq, restart!.seq + 1]);
    expect(journal.verify()).toMatchObject({ ok: true, checked: 2 });
    journal.close();
  });
});
