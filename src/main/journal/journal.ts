/**
 * The kiosk's offline journal (issue 6; ARCHITECTURE.md, "Journal and sync"):
 * one SQLite row per event, hash-chained, durable before `append` returns
 * (WAL with `synchronous=FULL`: journal-connection.ts).
 *
 * The parts: journal-connection.ts (opening the file), quarantine.ts (a
 * damaged file moved aside, salvaged, a successor seeded), journal-chain.ts
 * (the row after the head, the chain walk), journal-acknowledgement.ts
 * (HQ's acknowledgements and receipts, retention purge), journal-health.ts
 * (write faults and free space), journal-statements.ts (prepared
 * statements); this class puts them together.
 */
import type Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { checkJournalEvent, type JournalEvent, type JournalEventType, type JournalRow, type ParsedJournalEvent } from '../../shared/journal';
import type { JournalReceipt } from '../../shared/hq-api/journal-ingest';
import { TypedEmitter } from '../../shared/events/typed-emitter';
import { purgeAcknowledged, readReceipts, recordAcknowledgement, type AcknowledgeResult, type StoredReceipt } from './journal-acknowledgement';
import { insertChainedRow, walkChain, type ChainSource, type VerifyResult } from './journal-chain';
import { connectJournal, JournalCorruptAtOpen, JournalOpenError } from './journal-connection';
import { JournalHealthTracker, type JournalHealth, type JournalWriteFault } from './journal-health';
import { systemJournalClock, type JournalClock, type JournalOptions } from './journal-options';
import { EVENT_COLUMNS, fromSqlite, type SqliteEventRow } from './journal-rows';
import { prepareStatements, readAckedSeq, readHead, readMeta, type JournalStatements } from './journal-statements';
import { quarantineJournalFile, salvageJournal, seedSuccessor, type QuarantinedJournal } from './quarantine';

export { JournalOpenError } from './journal-connection';
export { systemJournalClock, type JournalClock, type JournalOptions } from './journal-options';
export type { AcknowledgeResult, StoredReceipt } from './journal-acknowledgement';
export type { VerifyResult } from './journal-chain';

export type AppendError =
  | { code: 'invalidEvent'; problems: string[] }
  | { code: 'closed' }
  | { code: JournalWriteFault; sqliteCode: string };

export type AppendResult = { ok: true; seq: number; hash: string } | { ok: false; error: AppendError };

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

export class Journal {
  private db!: Database.Database;
  private statements!: JournalStatements;
  private readonly clock: JournalClock;
  private readonly healthTracker: JournalHealthTracker;
  private closed = false;
  /** Running verifyInSlices walks; purges wait while any runs. */
  private verifying = 0;
  /** Seq of the successor's first event when it must skip over seqs the damaged file may have used. */
  private nextSeqOverride: number | null = null;
  /** A listener's failure is not the journal's: the emitter's rule (shared/events/typed-emitter.ts). */
  private readonly events: TypedEmitter<{ healthChanged: JournalHealth; appended: JournalRow }>;
  /** The quarantine that happened at the last open, if any, for the kiosk core to show. */
  quarantined: QuarantinedJournal | null = null;

  private constructor(readonly path: string, private readonly options: JournalOptions) {
    this.clock = options.clock ?? systemJournalClock;
    this.events = new TypedEmitter(options.onListenerError);
    this.healthTracker = new JournalHealthTracker({
      dir: dirname(path),
      ...(options.diskFreeFloorBytes === undefined ? {} : { floorBytes: options.diskFreeFloorBytes }),
      ...(options.diskCheckEvery === undefined ? {} : { checkEvery: options.diskCheckEvery }),
      ...(options.freeBytes === undefined ? {} : { freeBytes: options.freeBytes }),
      onChange: (health) => this.events.emit('healthChanged', health),
    });
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
    const code = this.healthTracker.writeFault?.code ?? 'SQLITE_CORRUPT';
    try { this.db.close(); } catch { /* already unusable */ }
    // The damaged file's fault is not the successor's: left set, it would
    // refuse the successor's first entry (journal.restarted) as corrupt, and
    // every retry would quarantine a good successor.
    this.healthTracker.clearWriteFault();
    try {
      this.replaceDamaged(new JournalCorruptAtOpen('corrupt', code));
    } catch (error) {
      this.healthTracker.noteWriteFailure({ code });
      throw error;
    } finally {
      this.healthTracker.emitIfChanged();
    }
  }

  private openOrReplace(): void {
    try {
      this.connect();
    } catch (error) {
      if (this.options.readonly) throw error;
      if (!(error instanceof JournalCorruptAtOpen)) throw error;
      this.replaceDamaged(error);
    }
    this.healthTracker.checkDisk();
    this.healthTracker.settle();
  }

  private connect(): void {
    const db = connectJournal(this.path, this.options, this.clock);
    this.db = db;
    this.statements = prepareStatements(db, this.options.readonly === true);
    if (this.options.readonly !== true) this.statements.appendTransaction = db.transaction((event: ParsedJournalEvent) => this.insertRow(event));
  }

  /** Moves the damaged file aside, salvages what still verifies into a successor, and journals the restart. */
  private replaceDamaged(cause: JournalCorruptAtOpen): void {
    const quarantined = quarantineJournalFile(this.path, new Date(this.clock.now()));
    const salvage = salvageJournal(quarantined.path);
    this.connect();
    const successor = seedSuccessor(this.db, quarantined, salvage, this.clock);
    this.nextSeqOverride = successor.nextSeqOverride;
    this.quarantined = quarantined;
    const result = this.append({
      type: 'journal.restarted',
      actor: { kind: 'system' },
      payload: { reason: cause.reason, ...successor.restarted },
    });
    if (!result.ok) throw new JournalOpenError('cannotOpen', `cannot start a successor journal (${result.error.code})`);
  }

  get health(): JournalHealth {
    return this.healthTracker.health;
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
    const writeFault = this.healthTracker.writeFault;
    if (writeFault?.fault === 'corrupt') return { ok: false, error: { code: 'corrupt', sqliteCode: writeFault.code } };

    this.healthTracker.countAppend();
    let row: JournalRow;
    try {
      row = this.statements.appendTransaction.immediate(check.event);
    } catch (error) {
      const fault = this.healthTracker.noteWriteFailure(error);
      return { ok: false, error: { code: fault.fault, sqliteCode: fault.code } };
    }
    this.nextSeqOverride = null;
    if (this.healthTracker.writeFault) this.healthTracker.clearWriteFault();
    this.healthTracker.emitIfChanged();
    this.events.emit('appended', row);
    return { ok: true, seq: row.seq, hash: row.hash };
  }

  /** Runs inside the append's `BEGIN IMMEDIATE` (journal-chain.ts). */
  private insertRow(event: ParsedJournalEvent): JournalRow {
    return insertChainedRow(this.db, this.statements, event, { kioskId: this.options.kioskId, clock: this.clock, nextSeqOverride: this.nextSeqOverride });
  }

  /** Re-walks the chain from its anchor and names the first row that does not continue it. */
  verify(): VerifyResult {
    const walk = walkChain(this.chainSource(), 10_000);
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
      const walk = walkChain(this.chainSource(), Math.max(1, options.sliceRows ?? 2000));
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

  /** The chain walk's reads, of the database as it is at each read. */
  private chainSource(): ChainSource {
    return {
      meta: () => readMeta(this.db),
      rowsAfter: (seq, limit) => this.statements.rowsAfter.all(seq, limit) as SqliteEventRow[],
      ackedSeq: () => this.ackedSeq(),
    };
  }

  /** SQLite's full `integrity_check`: 'ok' or the first problems it lists. */
  integrityCheck(): string {
    const result = this.db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    return result.map((r) => r.integrity_check).join('; ');
  }

  stats(): JournalStats {
    const head = readHead(this.db, this.statements);
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

  /** The file's `schema_version` (oldest code that may open it) and `schema_level` (journal-schema.ts), for the updater. */
  schemaOnDisk(): { version: number; level: number } {
    const meta = readMeta(this.db);
    return { version: Number(meta.get('schema_version') ?? 1), level: Number(meta.get('schema_level') ?? 1) };
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
    return readAckedSeq(this.statements);
  }

  /**
   * Advances the sync cursor from HQ's answer only (issue 6) and keeps HQ's
   * receipt. The receipt's head hash must be our own row's hash: HQ
   * acknowledging a different history is refused. Never moves backwards.
   */
  markAcknowledged(seq: number, receipt: JournalReceipt): AcknowledgeResult {
    return recordAcknowledgement(this.db, this.statements, this.clock, seq, receipt, (error) => this.healthTracker.noteWriteFailure(error));
  }

  receipts(limit = 20): StoredReceipt[] {
    return readReceipts(this.statements, this.options.kioskId, limit);
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
    return purgeAcknowledged(this.db, this.statements, cutoff);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try { this.db.close(); } catch { /* closing twice or a damaged handle */ }
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
    this.healthTracker.checkDisk();
    this.healthTracker.emitIfChanged();
    return this.health;
  }
}
