/**
 * The kiosk's offline journal (issue 6; ARCHITECTURE.md, "Journal and sync"):
 * one SQLite row per event, hash-chained, durable before `append` returns.
 *
 * Durability: WAL with `synchronous=FULL` set explicitly. In WAL mode NORMAL
 * syncs only at checkpoints, so a commit acknowledged under NORMAL can vanish
 * on power loss (https://sqlite.org/pragma.html#pragma_synchronous); FULL
 * syncs the WAL on every commit. `wal_autocheckpoint` and
 * `journal_size_limit` keep the WAL file bounded.
 */
import Database from 'better-sqlite3';
import { mkdirSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  canonicalJson, chainInput, checkJournalEvent, GENESIS_HASH,
  type JournalEvent, type JournalEventType, type JournalRow, type ParsedJournalEvent,
} from '../../shared/journal';
import { JournalReceipt } from '../../shared/hq-api/journal-ingest';
import { TypedEmitter, type ListenerErrorHandler } from '../../shared/events/typed-emitter';
import { systemClock, type Clock } from '../../shared/time/clock';
import { classifySqliteError, isCorruptionError, type JournalHealth, type JournalHealthState, type JournalWriteFault } from './journal-health';
import { chainWalker, EVENT_COLUMNS, fromSqlite, type RowProblem, type SqliteEventRow } from './journal-rows';
import { JOURNAL_DDL, JOURNAL_SCHEMA_VERSION } from './journal-schema';
import { quarantineJournalFile, salvageJournal, type QuarantinedJournal } from './quarantine';
import { sha256Hex } from './sha256';

/**
 * The kiosk's clock (src/shared/time/clock.ts) for `occurred_at`, plus the
 * monotonic reading each row also keeps (`monotonic_ms`), which no other
 * part of the kiosk needs.
 */
export interface JournalClock extends Pick<Clock, 'now'> {
  /** CLOCK_MONOTONIC in whole milliseconds. */
  monotonicMs(): number;
}

export const systemJournalClock: JournalClock = {
  now: systemClock.now,
  monotonicMs: () => Number(process.hrtime.bigint() / 1_000_000n),
};

export interface JournalOptions {
  kioskId: string;
  /** Below this many free bytes the journal reports `diskLow` (the kiosk goes out of service). Default 128 MiB. */
  diskFreeFloorBytes?: number;
  /** Free space is checked at open and every this many appends. Default 50. */
  diskCheckEvery?: number;
  /** WAL pages before an automatic checkpoint. Default 1000 (about 4 MiB). */
  walAutocheckpointPages?: number;
  clock?: JournalClock;
  /** Told of an error thrown by an `onHealthChange` or `onAppend` listener (the kiosk logs it). */
  onListenerError?: ListenerErrorHandler;
  /** Free bytes on the file system holding `dir`; injectable for tests. */
  freeBytes?: (dir: string) => number;
  /** Open for reading only (the CLI): no schema changes, no quarantine, no appends. */
  readonly?: boolean;
  /** Caps the database at this many pages (`PRAGMA max_page_count`); writes past it fail as SQLITE_FULL. */
  maxPageCount?: number;
}

export type AppendError =
  | { code: 'invalidEvent'; problems: string[] }
  | { code: 'closed' }
  | { code: JournalWriteFault; sqliteCode: string };

export type AppendResult = { ok: true; seq: number; hash: string } | { ok: false; error: AppendError };

export type VerifyResult =
  | { ok: true; checked: number; headSeq: number; headHash: string }
  | { ok: false; checked: number; firstBadSeq: number; problem: RowProblem | 'headBehindAcknowledged' };

export interface JournalStats {
  count: number;
  headSeq: number;
  headHash: string;
  ackedSeq: number;
  pending: number;
  oldestPendingAt: string | null;
  oldestPendingAgeMs: number | null;
  health: JournalHealth;
  /** Set when this journal succeeded a quarantined one. */
  predecessor: string | null;
}

export type AcknowledgeResult =
  | { ok: true; ackedSeq: number }
  | { ok: false; code: 'beyondHead' | 'hashMismatch' | 'badReceipt' | JournalWriteFault };

export interface StoredReceipt extends JournalReceipt {
  receivedAt: string;
}

const DEFAULT_FLOOR = 128 * 1024 * 1024;
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

function defaultFreeBytes(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
}

class JournalCorruptAtOpen extends Error {
  constructor(readonly reason: 'corrupt' | 'notADatabase' | 'quickCheckFailed', readonly sqliteCode: string) {
    super(`journal database is damaged (${reason})`);
  }
}

export class JournalOpenError extends Error {
  constructor(readonly code: 'kioskMismatch' | 'cannotOpen' | 'newerSchema', message: string, readonly sqliteCode?: string) {
    super(message);
  }
}

export class Journal {
  private db!: Database.Database;
  private statements!: ReturnType<typeof prepareStatements>;
  private readonly clock: JournalClock;
  private readonly floor: number;
  private readonly checkEvery: number;
  private readonly freeBytesOf: (dir: string) => number;
  private appendsSinceDiskCheck = 0;
  private writeFault: { fault: JournalWriteFault; code: string } | null = null;
  private freeBytes: number | null = null;
  private lastHealth: JournalHealthState = 'ok';
  private closed = false;
  /** Running verifyInSlices walks; purges wait while any runs. */
  private verifying = 0;
  /** A listener's failure is not the journal's: the emitter's rule (shared/events/typed-emitter.ts). */
  private readonly events: TypedEmitter<{ healthChanged: JournalHealth; appended: JournalRow }>;
  /** The quarantine that happened at the last open, if any, for the kiosk core to show. */
  quarantined: QuarantinedJournal | null = null;

  private constructor(readonly path: string, private readonly options: JournalOptions) {
    this.clock = options.clock ?? systemJournalClock;
    this.floor = options.diskFreeFloorBytes ?? DEFAULT_FLOOR;
    this.checkEvery = options.diskCheckEvery ?? 50;
    this.freeBytesOf = options.freeBytes ?? defaultFreeBytes;
    this.events = new TypedEmitter(options.onListenerError);
  }

  /**
   * Opens (or creates) the journal at `path`. A damaged file is quarantined
   * and a successor started, whose first event (`journal.restarted`) links
   * to the old head; `journal.quarantined` then says where the old file went.
   */
  static open(path: string, options: JournalOptions): Journal {
    const journal = new Journal(path, options);
    journal.openOrReplace();
    return journal;
  }

  /** Quarantines a journal found corrupt while running and continues in a successor. */
  recover(): void {
    if (this.options.readonly) throw new Error('a read-only journal cannot recover');
    try { this.db.close(); } catch { /* already unusable */ }
    this.replaceDamaged(new JournalCorruptAtOpen('corrupt', this.writeFault?.code ?? 'SQLITE_CORRUPT'));
    this.writeFault = null;
    this.checkDisk();
    this.emitHealthIfChanged();
  }

  private openOrReplace(): void {
    try {
      this.connect();
    } catch (error) {
      if (this.options.readonly) throw error;
      if (!(error instanceof JournalCorruptAtOpen)) throw error;
      this.replaceDamaged(error);
    }
    this.checkDisk();
    this.lastHealth = this.health.state;
  }

  private connect(): void {
    const readonly = this.options.readonly === true;
    let db: Database.Database;
    try {
      if (!readonly) mkdirSync(dirname(this.path), { recursive: true });
      db = new Database(this.path, { readonly, fileMustExist: readonly });
    } catch (error) {
      throw new JournalOpenError('cannotOpen', `cannot open the journal at ${this.path}`, classifySqliteError(error).code);
    }
    try {
      if (!readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
        db.pragma(`wal_autocheckpoint = ${this.options.walAutocheckpointPages ?? 1000}`);
        db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
        if (this.options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.floor(this.options.maxPageCount)}`);
      }
      // quick_check (https://sqlite.org/pragma.html#pragma_quick_check): O(N) page
      // and index checks without the slow cross-checks of integrity_check.
      const quick = db.pragma('quick_check', { simple: true });
      if (quick !== 'ok') throw new JournalCorruptAtOpen('quickCheckFailed', 'SQLITE_CORRUPT');
      if (!readonly) {
        db.exec(JOURNAL_DDL);
        db.prepare('INSERT OR IGNORE INTO sync_cursor (id, acked_seq, acked_hash) VALUES (1, 0, ?)').run(GENESIS_HASH);
        const insertMeta = db.prepare('INSERT OR IGNORE INTO journal_meta (key, value) VALUES (?, ?)');
        insertMeta.run('kiosk_id', this.options.kioskId);
        insertMeta.run('schema_version', String(JOURNAL_SCHEMA_VERSION));
        insertMeta.run('anchor_seq', '0');
        insertMeta.run('anchor_hash', GENESIS_HASH);
        insertMeta.run('created_at', this.nowIso());
      }
      const meta = readMeta(db);
      if (!readonly && meta.get('kiosk_id') !== this.options.kioskId) {
        throw new JournalOpenError('kioskMismatch', `the journal at ${this.path} belongs to another kiosk`);
      }
      if (Number(meta.get('schema_version') ?? JOURNAL_SCHEMA_VERSION) > JOURNAL_SCHEMA_VERSION) {
        throw new JournalOpenError('newerSchema', 'the journal was written by a newer version of the kiosk');
      }
    } catch (error) {
      try { db.close(); } catch { /* closing a damaged handle may fail too */ }
      if (error instanceof JournalOpenError || error instanceof JournalCorruptAtOpen) throw error;
      const { fault, code } = classifySqliteError(error);
      if (fault === 'corrupt') throw new JournalCorruptAtOpen(code === 'SQLITE_NOTADB' ? 'notADatabase' : 'corrupt', code);
      throw new JournalOpenError('cannotOpen', `cannot open the journal at ${this.path} (${code})`, code);
    }
    this.db = db;
    this.statements = prepareStatements(db, readonly);
    if (!readonly) this.statements.appendTransaction = db.transaction((event: ParsedJournalEvent) => this.insertRow(event));
  }

  private replaceDamaged(cause: JournalCorruptAtOpen): void {
    const quarantined = quarantineJournalFile(this.path, new Date(this.clock.now()));
    const salvage = salvageJournal(quarantined.path);
    this.connect();
    const lastSalvaged = salvage.rows.at(-1);
    const knownSeqs = [salvage.maxSeqSeen, salvage.ackedSeq, lastSalvaged?.seq, salvage.anchorSeq].filter((s): s is number => typeof s === 'number' && s > 0);
    // Nothing readable at all: seqs must still never be reused (issue 6), and no
    // journal appends faster than one event per millisecond for its whole life,
    // so the wall clock in milliseconds is above every seq the old file held.
    const startAfter = knownSeqs.length > 0 ? Math.max(...knownSeqs) : this.clock.now();
    // With rows salvaged, the chain continues from the old anchor through them;
    // with none, it starts over at `startAfter` (linked to the old anchor when that is all we know).
    const anchorSeq = lastSalvaged ? salvage.anchorSeq : startAfter;
    const anchorHash = lastSalvaged || startAfter === salvage.anchorSeq ? salvage.anchorHash : GENESIS_HASH;
    const db = this.db;
    db.transaction(() => {
      const setMeta = db.prepare('INSERT OR REPLACE INTO journal_meta (key, value) VALUES (?, ?)');
      setMeta.run('anchor_seq', String(anchorSeq));
      setMeta.run('anchor_hash', anchorHash);
      setMeta.run('predecessor', quarantined.fileName);
      const insert = db.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const row of salvage.rows) {
        insert.run(row.seq, row.occurredAt, row.monotonicMs, row.kioskId, row.sessionId, row.type, canonicalJson(row.actor), canonicalJson(row.payload), row.prevHash, row.hash);
      }
      const acked = salvage.ackedSeq !== null && lastSalvaged ? Math.min(salvage.ackedSeq, lastSalvaged.seq) : null;
      const ackedRow = acked !== null ? salvage.rows.find((r) => r.seq === acked) : undefined;
      if (acked !== null && ackedRow) {
        db.prepare('UPDATE sync_cursor SET acked_seq = ?, acked_hash = ? WHERE id = 1').run(acked, ackedRow.hash);
      }
    })();
    // Salvage ended before the old head: the successor continues above every
    // seq the old file held, and the seqs in between are the loss HQ is told about.
    this.nextSeqOverride = lastSalvaged && startAfter > lastSalvaged.seq ? startAfter + 1 : null;
    this.quarantined = quarantined;
    const result = this.append({
      type: 'journal.restarted',
      actor: { kind: 'system' },
      payload: {
        reason: cause.reason,
        quarantinedAs: quarantined.fileName,
        previousHeadSeq: salvage.maxSeqSeen && salvage.maxSeqSeen > 0 ? salvage.maxSeqSeen : null,
        previousHeadHash: lastSalvaged && lastSalvaged.seq === salvage.maxSeqSeen ? lastSalvaged.hash : null,
        salvagedThroughSeq: lastSalvaged?.seq ?? null,
      },
    });
    if (!result.ok) throw new JournalOpenError('cannotOpen', `cannot start a successor journal (${result.error.code})`);
  }

  /** Seq of the successor's first event when it must skip over seqs the damaged file may have used. */
  private nextSeqOverride: number | null = null;

  get health(): JournalHealth {
    const state: JournalHealthState = this.writeFault?.fault ?? (this.freeBytes !== null && this.freeBytes < this.floor ? 'diskLow' : 'ok');
    return { state, freeBytes: this.freeBytes, lastErrorCode: this.writeFault?.code ?? null };
  }

  onHealthChange(listener: (health: JournalHealth) => void): () => void {
    return this.events.on('healthChanged', listener);
  }

  /** Called after each committed append (the sync worker pushes important events at once). */
  onAppend(listener: (row: JournalRow) => void): () => void {
    return this.events.on('appended', listener);
  }

  /**
   * Validates, chains and stores one event; returns only after the commit is
   * durable. A failed commit returns an error and nothing is stored.
   */
  append(event: JournalEvent): AppendResult {
    if (this.closed || this.options.readonly) return { ok: false, error: { code: 'closed' } };
    const check = checkJournalEvent(event);
    if (!check.ok) return { ok: false, error: { code: 'invalidEvent', problems: check.problems } };
    if (this.writeFault?.fault === 'corrupt') return { ok: false, error: { code: 'corrupt', sqliteCode: this.writeFault.code } };

    if (++this.appendsSinceDiskCheck >= this.checkEvery) this.checkDisk();
    let row: JournalRow;
    try {
      row = this.statements.appendTransaction.immediate(check.event);
    } catch (error) {
      const fault = this.noteWriteFailure(error);
      return { ok: false, error: { code: fault.fault, sqliteCode: fault.code } };
    }
    this.nextSeqOverride = null;
    if (this.writeFault) {
      this.writeFault = null;
      this.checkDisk();
    }
    this.emitHealthIfChanged();
    this.events.emit('appended', row);
    return { ok: true, seq: row.seq, hash: row.hash };
  }

  /** Builds and inserts the row; runs inside `BEGIN IMMEDIATE`, so the head read and the insert are one transaction. */
  private insertRow(event: ParsedJournalEvent): JournalRow {
    const head = this.readHead();
    const seq = this.nextSeqOverride ?? head.seq + 1;
    const unhashed = {
      seq,
      occurredAt: this.nowIso(),
      monotonicMs: this.clock.monotonicMs(),
      kioskId: this.options.kioskId,
      sessionId: event.sessionId,
      type: event.type,
      actor: event.actor,
      payload: event.payload,
      prevHash: head.hash,
    };
    const encoded = { actor: canonicalJson(unhashed.actor), payload: canonicalJson(unhashed.payload) };
    const row: JournalRow = { ...unhashed, hash: sha256Hex(chainInput(unhashed, encoded)) };
    this.statements.insert.run(row.seq, row.occurredAt, row.monotonicMs, row.kioskId, row.sessionId, row.type,
      encoded.actor, encoded.payload, row.prevHash, row.hash);
    return row;
  }

  private readHead(): { seq: number; hash: string } {
    const head = this.statements.head.get() as { seq: number; hash: string } | undefined;
    if (head) return head;
    const meta = readMeta(this.db);
    return { seq: Number(meta.get('anchor_seq') ?? 0), hash: meta.get('anchor_hash') ?? GENESIS_HASH };
  }

  /** Re-walks the chain from its anchor and names the first row that does not continue it. */
  verify(): VerifyResult {
    const walk = this.walkChain(10_000);
    for (;;) {
      const step = walk.next();
      if (step.done) return step.value;
    }
  }

  /**
   * The same walk as `verify()`, in slices of `sliceRows` rows with the event
   * loop free between them, so checking a large journal (about 1 s per
   * 100,000 rows) does not freeze the kiosk: appends go on meanwhile (rows
   * appended during the walk are walked too), and retention purges wait
   * until it ends (a purge mid-walk would look like a gap).
   */
  async verifyInSlices(options: { sliceRows?: number; pause?: () => Promise<void> } = {}): Promise<VerifyResult> {
    const pause = options.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
    this.verifying++;
    try {
      const walk = this.walkChain(Math.max(1, options.sliceRows ?? 2000));
      for (;;) {
        const step = walk.next();
        if (step.done) return step.value;
        await pause();
        if (this.closed) throw new Error('the journal was closed during verification');
      }
    } finally {
      this.verifying--;
    }
  }

  /** The chain walk, one slice of rows per step. */
  private *walkChain(sliceRows: number): Generator<undefined, VerifyResult, undefined> {
    const meta = readMeta(this.db);
    const walker = chainWalker(Number(meta.get('anchor_seq') ?? 0), meta.get('anchor_hash') ?? GENESIS_HASH);
    for (;;) {
      let rows: SqliteEventRow[];
      try {
        rows = this.statements.rowsAfter.all(walker.lastSeq, sliceRows) as SqliteEventRow[];
        for (const raw of rows) {
          const problem = walker.next(raw);
          if (problem) return { ok: false, checked: walker.count, firstBadSeq: problem === 'seqGap' ? walker.lastSeq + 1 : raw.seq, problem };
        }
      } catch (error) {
        if (!isCorruptionError(error)) throw error;
        return { ok: false, checked: walker.count, firstBadSeq: walker.lastSeq + 1, problem: 'unreadable' };
      }
      if (rows.length < sliceRows) break;
      yield;
    }
    // Rows HQ acknowledged cannot have vanished from the head end.
    const acked = this.ackedSeq();
    if (acked > walker.lastSeq) return { ok: false, checked: walker.count, firstBadSeq: walker.lastSeq + 1, problem: 'headBehindAcknowledged' };
    return { ok: true, checked: walker.count, headSeq: walker.lastSeq, headHash: walker.lastHash };
  }

  /** SQLite's full `integrity_check`: 'ok' or the first problems it lists. */
  integrityCheck(): string {
    const result = this.db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    return result.map((r) => r.integrity_check).join('; ');
  }

  stats(): JournalStats {
    const head = this.readHead();
    const acked = this.ackedSeq();
    const count = (this.statements.count.get() as { n: number }).n;
    const pending = (this.statements.pendingCount.get(acked) as { n: number }).n;
    const oldest = this.statements.oldestPending.get(acked) as { occurred_at: string } | undefined;
    const meta = readMeta(this.db);
    return {
      count,
      headSeq: head.seq,
      headHash: head.hash,
      ackedSeq: acked,
      pending,
      oldestPendingAt: oldest?.occurred_at ?? null,
      oldestPendingAgeMs: oldest ? Math.max(0, this.clock.now() - Date.parse(oldest.occurred_at)) : null,
      health: this.health,
      predecessor: meta.get('predecessor') ?? null,
    };
  }

  /** Rows after `afterSeq`, in order, at most `limit`. */
  pending(afterSeq: number, limit: number): JournalRow[] {
    return (this.statements.pendingRows.all(afterSeq, limit) as SqliteEventRow[]).map(fromSqlite);
  }

  /** The last few rows, oldest first (CLI `tail`). */
  tail(limit: number): JournalRow[] {
    return (this.statements.tailRows.all(limit) as SqliteEventRow[]).map(fromSqlite).reverse();
  }

  /** Events by type over the whole journal, for the technicians' diagnostics bundle (counts only, issue 8). */
  countByType(): Record<string, number> {
    const rows = this.db.prepare('SELECT type, count(*) AS n FROM events GROUP BY type').all() as { type: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.type, r.n]));
  }

  /** The newest events of some types, newest first (captured cards, crash recoveries for service mode). */
  recentOfTypes(types: readonly JournalEventType[], limit: number): JournalRow[] {
    if (types.length === 0) return [];
    const marks = types.map(() => '?').join(', ');
    return (this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE type IN (${marks}) ORDER BY seq DESC LIMIT ?`).all(...types, limit) as SqliteEventRow[]).map(fromSqlite);
  }

  ackedSeq(): number {
    return (this.statements.cursor.get() as { acked_seq: number }).acked_seq;
  }

  /**
   * Advances the sync cursor from HQ's answer only (issue 6) and keeps HQ's
   * receipt. The receipt's head hash must be our own row's hash: HQ
   * acknowledging a different history is refused. Never moves backwards.
   */
  markAcknowledged(seq: number, receipt: JournalReceipt): AcknowledgeResult {
    if (!JournalReceipt.safeParse(receipt).success || receipt.ackedThrough !== seq) return { ok: false, code: 'badReceipt' };
    const record = this.db.transaction((): AcknowledgeResult => {
      const current = this.ackedSeq();
      const row = this.statements.hashAt.get(seq) as { hash: string } | undefined;
      const meta = readMeta(this.db);
      const hash = row?.hash ?? (Number(meta.get('anchor_seq')) === seq ? meta.get('anchor_hash') : undefined);
      if (hash === undefined) return { ok: false, code: seq > this.readHead().seq ? 'beyondHead' : 'hashMismatch' };
      if (hash !== receipt.headHash) return { ok: false, code: 'hashMismatch' };
      this.statements.insertReceipt.run(receipt.ackedThrough, receipt.headHash, receipt.issuedAt, receipt.signature, this.nowIso());
      if (seq > current) this.statements.advanceCursor.run(seq, hash, this.nowIso());
      return { ok: true, ackedSeq: Math.max(seq, current) };
    });
    // A journal that cannot write (full, read-only) cannot record HQ's
    // receipt either: the rows stay pending and are sent again later, which
    // HQ answers idempotently (issue 6).
    try {
      return record.immediate();
    } catch (error) {
      return { ok: false, code: this.noteWriteFailure(error).fault };
    }
  }

  /** A write SQLite refused: remembered as the journal's health, which takes the kiosk out of service. */
  private noteWriteFailure(error: unknown): { fault: JournalWriteFault; code: string } {
    const fault = classifySqliteError(error);
    this.writeFault = fault;
    this.checkDisk();
    this.emitHealthIfChanged();
    return fault;
  }

  receipts(limit = 20): StoredReceipt[] {
    return (this.statements.receipts.all(limit) as { acked_through: number; head_hash: string; issued_at: string; signature: string; received_at: string }[])
      .map((r) => ({ kioskId: this.options.kioskId, ackedThrough: r.acked_through, headHash: r.head_hash, issuedAt: r.issued_at, signature: r.signature, receivedAt: r.received_at }));
  }

  /**
   * Retention (issue 6): deletes events HQ acknowledged that are older than
   * `olderThanMs`. Never an unacknowledged event (a trigger refuses that
   * too), never the head (its seq must not be reused). Deletes a prefix only,
   * and records the last deleted row as the chain's new anchor.
   */
  purge(options: { olderThanMs: number }): { purged: number } {
    // Moving the anchor under a running verifyInSlices would look like a gap; the next purge catches up.
    if (this.verifying > 0) return { purged: 0 };
    const cutoff = new Date(this.clock.now() - options.olderThanMs).toISOString();
    return this.db.transaction(() => {
      const limit = Math.min(this.ackedSeq(), this.readHead().seq - 1);
      const young = this.statements.firstYoungAtOrBelow.get(limit, cutoff) as { s: number | null };
      const lastToDelete = young.s === null ? limit : young.s - 1;
      const anchor = this.statements.hashAt.get(lastToDelete) as { hash: string } | undefined;
      if (!anchor) return { purged: 0 };
      const { changes } = this.statements.deleteThrough.run(lastToDelete);
      const setMeta = this.db.prepare('INSERT OR REPLACE INTO journal_meta (key, value) VALUES (?, ?)');
      setMeta.run('anchor_seq', String(lastToDelete));
      setMeta.run('anchor_hash', anchor.hash);
      return { purged: changes };
    }).immediate();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try { this.db.close(); } catch { /* closing twice or a damaged handle */ }
  }

  private checkDisk(): void {
    this.appendsSinceDiskCheck = 0;
    try {
      this.freeBytes = this.freeBytesOf(dirname(this.path));
    } catch {
      this.freeBytes = null;
    }
  }

  private nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private emitHealthIfChanged(): void {
    const health = this.health;
    if (health.state === this.lastHealth) return;
    this.lastHealth = health.state;
    this.events.emit('healthChanged', health);
  }

  /**
   * Changes the size cap (`PRAGMA max_page_count`; SQLite never lowers it
   * below the current size). A technician freeing space, or a test making
   * the disk "full", goes through here.
   */
  setSizeLimit(maxPages: number): number {
    return this.db.pragma(`max_page_count = ${Math.floor(maxPages)}`, { simple: true }) as number;
  }

  /** Re-checks free space now (the kiosk core may poll this while out of service). */
  refreshHealth(): JournalHealth {
    this.checkDisk();
    this.emitHealthIfChanged();
    return this.health;
  }

}

function readMeta(db: Database.Database): Map<string, string> {
  return new Map((db.prepare('SELECT key, value FROM journal_meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
}

function prepareStatements(db: Database.Database, readonly: boolean) {
  const select = {
    head: db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1'),
    count: db.prepare('SELECT count(*) AS n FROM events'),
    cursor: db.prepare('SELECT acked_seq FROM sync_cursor WHERE id = 1'),
    pendingCount: db.prepare('SELECT count(*) AS n FROM events WHERE seq > ?'),
    oldestPending: db.prepare('SELECT occurred_at FROM events WHERE seq > ? ORDER BY seq LIMIT 1'),
    pendingRows: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`),
    tailRows: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY seq DESC LIMIT ?`),
    rowsAfter: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`),
    hashAt: db.prepare('SELECT hash FROM events WHERE seq = ?'),
    receipts: db.prepare('SELECT acked_through, head_hash, issued_at, signature, received_at FROM receipts ORDER BY acked_through DESC LIMIT ?'),
    firstYoungAtOrBelow: db.prepare('SELECT min(seq) AS s FROM events WHERE seq <= ? AND occurred_at >= ?'),
  };
  // A read-only handle cannot prepare writes; `append` refuses before it would use them.
  return { ...select, ...(readonly ? ({} as ReturnType<typeof writeStatements>) : writeStatements(db)) };
}

function writeStatements(db: Database.Database) {
  return {
    insert: db.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertReceipt: db.prepare('INSERT OR REPLACE INTO receipts (acked_through, head_hash, issued_at, signature, received_at) VALUES (?, ?, ?, ?, ?)'),
    advanceCursor: db.prepare('UPDATE sync_cursor SET acked_seq = ?, acked_hash = ?, updated_at = ? WHERE id = 1'),
    deleteThrough: db.prepare('DELETE FROM events WHERE seq <= ?'),
    appendTransaction: null as unknown as Database.Transaction<(event: ParsedJournalEvent) => JournalRow>,
  };
}
