/**
 * `npm run hq -- journal archive --before YYYY-MM --out DIR` (issue 19,
 * "Bounded growth"): each month's `journal_events` partition before the
 * given month is written as gzip-compressed NDJSON (one row a line, hashes
 * in hex as kiosks send them) with a manifest holding its SHA-256, read back
 * and verified (digest, row count per kiosk against the database, every
 * row's hash and chain link), and only then detached and dropped.
 *
 * Refused: the current month or a later one (rows still arrive), a month
 * with tamper alerts not yet acknowledged (rows under investigation stay
 * in the database), a month with rows still in the DEFAULT partition
 * (housekeeping moves them first). Idempotent: a month whose partition is
 * gone is reported as already archived; a rerun after a crash between the
 * write and the drop finds the same file and carries on.
 *
 * The files are the journal from then on: 貸金業法 19条 books and
 * 犯罪収益移転防止法 7条 transaction records must still be kept for their
 * periods (docs/hq.md, "Bounded growth"); archiving moves them, it does
 * not end their retention.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import type { Db, Queryable } from '../../server-kit/db/db';
import { findChainBreak, type JournalRow } from '../../shared/journal';
import { journalMonthOf, journalMonthRange, journalPartitionMonths, journalPartitionName, type JournalMonth } from './journal-partitions';

export const ARCHIVE_FORMAT = 'hq-journal-archive/1';
const PAGE = 5_000;

export interface ArchivedRow extends JournalRow {
  receivedAt: string;
}

export interface KioskRange {
  kioskId: string;
  rows: number;
  firstSeq: number;
  lastSeq: number;
  /** The first row's prevHash: where this month continues the kiosk's chain from the month before. */
  fromHash: string;
  headHash: string;
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  month: JournalMonth;
  partition: string;
  receivedFrom: string;
  receivedBefore: string;
  rows: number;
  file: string;
  /** SHA-256 of the .ndjson.gz file, hex. */
  sha256: string;
  kiosks: KioskRange[];
}

export type ArchiveOutcome =
  | { outcome: 'archived'; month: JournalMonth; file: string; manifest: string; rows: number }
  | { outcome: 'alreadyArchived'; month: JournalMonth }
  | { outcome: 'refused'; month: JournalMonth; reason: 'currentOrLaterMonth' | 'openAlerts' | 'rowsInDefault' | 'fileDiffers' | 'verifyFailed'; message: string };

export function archiveFileNames(month: JournalMonth): { data: string; manifest: string } {
  return { data: `journal-${month}.ndjson.gz`, manifest: `journal-${month}.manifest.json` };
}

/** Every month with a partition before `before`, oldest first; stops at the first refusal. */
export async function archiveJournalBefore(db: Db, before: JournalMonth, outDir: string, now: Date): Promise<ArchiveOutcome[]> {
  if (before > journalMonthOf(now)) {
    return [{ outcome: 'refused', month: before, reason: 'currentOrLaterMonth', message: `--before ${before} would include the current month ${journalMonthOf(now)} / 当月以降は保管できません` }];
  }
  const outcomes: ArchiveOutcome[] = [];
  for (const month of (await journalPartitionMonths(db)).filter((m) => m < before)) {
    const outcome = await archiveJournalMonth(db, month, outDir, now);
    outcomes.push(outcome);
    if (outcome.outcome === 'refused') break;
  }
  return outcomes;
}

function refuse(month: JournalMonth, reason: Extract<ArchiveOutcome, { outcome: 'refused' }>['reason'], message: string): ArchiveOutcome {
  return { outcome: 'refused', month, reason, message };
}

export async function archiveJournalMonth(db: Db, month: JournalMonth, outDir: string, now: Date): Promise<ArchiveOutcome> {
  const current = journalMonthOf(now);
  if (month >= current) return refuse(month, 'currentOrLaterMonth', `${month} is not before the current month ${current}: rows still arrive / 当月以降は保管できません`);
  const { from, to } = journalMonthRange(month);
  const partition = journalPartitionName(month);
  const inDefault = Number((await db.query<{ n: number | string }>(
    'SELECT count(*) AS n FROM journal_events_default WHERE received_at >= $1 AND received_at < $2', [from, to])).rows[0]!.n);
  if (inDefault > 0) return refuse(month, 'rowsInDefault', `${inDefault} rows of ${month} are in the DEFAULT partition; let housekeeping move them first / DEFAULT パーティションに ${month} の行があります`);
  if ((await db.query('SELECT to_regclass($1) AS t', [partition])).rows[0]!.t === null) return { outcome: 'alreadyArchived', month };

  const openAlerts = Number((await db.query<{ n: number | string }>(
    `SELECT count(*) AS n FROM journal_alerts a WHERE a.acknowledged_at IS NULL
        AND (a.raised_at < $1 OR EXISTS (SELECT 1 FROM "${partition}" p WHERE p.kiosk_id = a.kiosk_id AND p.seq = a.at_seq))`, [to])).rows[0]!.n);
  if (openAlerts > 0) return refuse(month, 'openAlerts', `${openAlerts} tamper alerts of ${month} or earlier are not acknowledged / 未確認の改ざん警告が ${openAlerts} 件あります`);

  mkdirSync(outDir, { recursive: true });
  const names = archiveFileNames(month);
  const dataPath = join(outDir, names.data);
  const manifestPath = join(outDir, names.manifest);
  const tmp = `${dataPath}.tmp`;
  const kiosks = await writeMonth(db, partition, tmp);
  const sha256 = await fileSha256(tmp);
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT, month, partition, receivedFrom: from.toISOString(), receivedBefore: to.toISOString(),
    rows: kiosks.reduce((n, k) => n + k.rows, 0), file: names.data, sha256, kiosks,
  };
  if (existsSync(dataPath)) {
    // A rerun after a crash between writing and dropping writes the very same bytes (gzip without a timestamp).
    if ((await fileSha256(dataPath)) !== sha256) {
      rmSync(tmp);
      return refuse(month, 'fileDiffers', `${dataPath} exists with other contents; move it away first / 既存のファイルと内容が異なります`);
    }
    rmSync(tmp);
  } else {
    renameSync(tmp, dataPath);
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

  const verified = await verifyJournalArchive(manifestPath);
  if (!verified.ok) return refuse(month, 'verifyFailed', `${names.data} did not verify (${verified.problem}); the partition is kept / 検証に失敗したため削除しません`);
  const dropped = await db.transaction(async (tx) => {
    await tx.query(`LOCK TABLE "${partition}" IN ACCESS EXCLUSIVE MODE`);
    if (!sameRanges(await kioskRanges(tx, partition), kiosks)) return false;
    await tx.query(`ALTER TABLE journal_events DETACH PARTITION "${partition}"`);
    await tx.query(`DROP TABLE "${partition}"`);
    return true;
  });
  if (!dropped) return refuse(month, 'verifyFailed', `${partition} changed while it was archived; the partition is kept / 保管中に行が変わったため削除しません`);
  return { outcome: 'archived', month, file: dataPath, manifest: manifestPath, rows: manifest.rows };
}

interface StoredRow {
  kiosk_id: string; seq: number | string; occurred_at: Date | string; monotonic_ms: number | string; session_id: string | null;
  type: JournalRow['type']; actor: JournalRow['actor']; payload: JournalRow['payload']; prev_hash: string; hash: string; received_at: Date | string;
}

function toArchivedRow(r: StoredRow): ArchivedRow {
  return {
    seq: Number(r.seq), occurredAt: new Date(r.occurred_at).toISOString(), monotonicMs: Number(r.monotonic_ms), kioskId: r.kiosk_id,
    sessionId: r.session_id, type: r.type, actor: r.actor, payload: r.payload, prevHash: r.prev_hash, hash: r.hash,
    receivedAt: new Date(r.received_at).toISOString(),
  };
}

/** Streams the partition, in kiosk and seq order, a page at a time, into a gzip file; returns each kiosk's range. */
async function writeMonth(db: Queryable, partition: string, path: string): Promise<KioskRange[]> {
  const kiosks: KioskRange[] = [];
  async function* lines() {
    let after: [string, number] = ['', 0];
    for (;;) {
      const page = (await db.query<StoredRow>(
        `SELECT kiosk_id, seq, occurred_at, monotonic_ms, session_id, type, actor, payload,
                encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash, received_at
           FROM "${partition}" WHERE (kiosk_id, seq) > ($1, $2) ORDER BY kiosk_id, seq LIMIT ${PAGE}`, after)).rows;
      for (const stored of page) {
        const row = toArchivedRow(stored);
        const last = kiosks.at(-1);
        if (last?.kioskId === row.kioskId) {
          last.rows++; last.lastSeq = row.seq; last.headHash = row.hash;
        } else {
          kiosks.push({ kioskId: row.kioskId, rows: 1, firstSeq: row.seq, lastSeq: row.seq, fromHash: row.prevHash, headHash: row.hash });
        }
        yield `${JSON.stringify(row)}\n`;
      }
      if (page.length < PAGE) return;
      const tail = page.at(-1)!;
      after = [tail.kiosk_id, Number(tail.seq)];
    }
  }
  await pipeline(lines, createGzip(), createWriteStream(path));
  return kiosks;
}

async function kioskRanges(q: Queryable, partition: string): Promise<Omit<KioskRange, 'fromHash' | 'headHash'>[]> {
  const result = await q.query<{ kiosk_id: string; rows: number | string; first_seq: number | string; last_seq: number | string }>(
    `SELECT kiosk_id, count(*) AS rows, min(seq) AS first_seq, max(seq) AS last_seq FROM "${partition}" GROUP BY kiosk_id ORDER BY kiosk_id`);
  return result.rows.map((r) => ({ kioskId: r.kiosk_id, rows: Number(r.rows), firstSeq: Number(r.first_seq), lastSeq: Number(r.last_seq) }));
}

function sameRanges(stored: Omit<KioskRange, 'fromHash' | 'headHash'>[], written: KioskRange[]): boolean {
  return stored.length === written.length && stored.every((s, i) => {
    const w = written[i]!;
    return s.kioskId === w.kioskId && s.rows === w.rows && s.firstSeq === w.firstSeq && s.lastSeq === w.lastSeq;
  });
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Checks an archive against its manifest: the file's SHA-256, the row count
 * and each kiosk's range, and that every row's hash recomputes and links to
 * the row before it (a declared `journal.restarted` row starts a new link,
 * as ingest accepted it).
 */
export async function verifyJournalArchive(manifestPath: string): Promise<{ ok: true; rows: number } | { ok: false; problem: string }> {
  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ArchiveManifest;
  } catch (error) {
    return { ok: false, problem: `manifest unreadable: ${(error as Error).message}` };
  }
  if (manifest.format !== ARCHIVE_FORMAT) return { ok: false, problem: `unknown format ${String(manifest.format)}` };
  // The data file sits beside its manifest: a name with a path in it is not ours.
  if (typeof manifest.file !== 'string' || !/^journal-\d{4}-\d{2}\.ndjson\.gz$/.test(manifest.file)) return { ok: false, problem: 'the manifest names no archive file beside it' };
  const dataPath = join(manifestPath, '..', manifest.file);
  if (!existsSync(dataPath)) return { ok: false, problem: `${manifest.file} is missing` };
  if ((await fileSha256(dataPath)) !== manifest.sha256) return { ok: false, problem: 'SHA-256 differs from the manifest' };

  const seen: KioskRange[] = [];
  let segment: JournalRow[] = [];
  const checkSegment = (): string | null => {
    if (segment.length === 0) return null;
    const broken = findChainBreak(segment, segment[0]!.prevHash, null, sha256Hex);
    segment = [];
    return broken ? `${broken.seq}: ${broken.problem}` : null;
  };
  const lines = createInterface({ input: createReadStream(dataPath).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const { receivedAt: _receivedAt, ...row } = JSON.parse(line) as ArchivedRow;
    const last = seen.at(-1);
    if (last?.kioskId !== row.kioskId || row.type === 'journal.restarted') {
      const problem = checkSegment();
      if (problem) return { ok: false, problem: `chain broken at ${last?.kioskId ?? row.kioskId} row ${problem}` };
    }
    if (last?.kioskId === row.kioskId) {
      last.rows++; last.lastSeq = row.seq; last.headHash = row.hash;
    } else {
      seen.push({ kioskId: row.kioskId, rows: 1, firstSeq: row.seq, lastSeq: row.seq, fromHash: row.prevHash, headHash: row.hash });
    }
    segment.push(row);
  }
  const problem = checkSegment();
  if (problem) return { ok: false, problem: `chain broken at ${seen.at(-1)?.kioskId} row ${problem}` };
  if (JSON.stringify(seen) !== JSON.stringify(manifest.kiosks)) return { ok: false, problem: 'kiosk ranges differ from the manifest' };
  const rows = seen.reduce((n, k) => n + k.rows, 0);
  if (rows !== manifest.rows) return { ok: false, problem: `${rows} rows, the manifest says ${manifest.rows}` };
  return { ok: true, rows };
}
