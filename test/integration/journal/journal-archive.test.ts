/**
 * `npm run hq -- journal archive` (issue 19, "Bounded growth"), on PGlite
 * and real PostgreSQL: refusals (current month, open tamper alerts, bad
 * arguments), a verifiable file, the partition dropped, idempotent reruns,
 * and a tampered file that no longer verifies.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GrowthHousekeeper } from '../../../src/hq/growth-housekeeping';
import { ingestBatch } from '../../../src/hq/journal-ingest/ingest-batch';
import { archiveJournalBefore, archiveJournalMonth, verifyJournalArchive, type ArchiveManifest } from '../../../src/hq/journal-ingest/journal-archive';
import { runJournalCommand } from '../../../src/hq/journal-ingest/journal-command';
import { acknowledgeJournalAlert, openJournalAlerts } from '../../../src/hq/journal-ingest/journal-positions';
import { generateHqKeys } from '../../../src/hq/keys/hq-keys';
import { DEFAULT_RETENTION } from '../../../src/hq/retention';
import { GENESIS_HASH, type JournalRow } from '../../../src/shared/journal';
import { chainRows, signedBatch } from './chain-rows';
import { enrolKiosk, openHqStore, STORE_KINDS, type EnrolledKiosk, type HqStore } from './hq-fixture';

const hqKeys = generateHqKeys();

describe.each(STORE_KINDS)('journal archive on %s', (kind) => {
  let store: HqStore;
  let kiosk: EnrolledKiosk;
  let out: string;
  let january: JournalRow[];
  const now = new Date('2033-02-10T12:00:00+09:00');

  const ingestAt = (rows: JournalRow[], at: string, key = kiosk.privateKey) =>
    ingestBatch(store.db, kiosk.kioskId, signedBatch(kiosk.kioskId, rows, key), hqKeys.receiptPrivateKey, { now: () => new Date(at) });
  const rowCount = async () => Number((await store.db.query<{ n: string }>('SELECT count(*) AS n FROM journal_events WHERE kiosk_id = $1', [kiosk.kioskId])).rows[0]!.n);
  const partitionExists = async (name: string) => (await store.db.query('SELECT to_regclass($1) AS t', [name])).rows[0]!.t !== null;

  beforeEach(async () => {
    store = await openHqStore(kind);
    out = mkdtempSync(join(tmpdir(), 'journal-archive-'));
    kiosk = await enrolKiosk(store.db, 'KIOSK-ARCH');
    await new GrowthHousekeeper(store.db, DEFAULT_RETENTION).prune(new Date('2033-01-01T00:00:00+09:00'));
    january = chainRows(kiosk.kioskId, 1, 5, GENESIS_HASH);
    expect(await ingestAt(january, '2033-01-20T10:00:00+09:00')).toMatchObject({ outcome: 'accepted', inserted: 5 });
    expect(await ingestAt(chainRows(kiosk.kioskId, 6, 4, january.at(-1)!.hash), '2033-02-03T10:00:00+09:00')).toMatchObject({ outcome: 'accepted', inserted: 4 });
  });
  afterEach(async () => { await store.dispose(); rmSync(out, { recursive: true, force: true }); });

  it('refuses the current month, or a --before that would include it, and writes nothing', async () => {
    expect(await archiveJournalBefore(store.db, '2033-03', out, now)).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'currentOrLaterMonth' })]);
    expect(await archiveJournalMonth(store.db, '2033-02', out, now)).toMatchObject({ outcome: 'refused', reason: 'currentOrLaterMonth' });
    expect(readdirSync(out)).toEqual([]);
    expect(await rowCount()).toBe(9);
  });

  it('refuses a month with an unacknowledged tamper alert, then archives once it is acknowledged', async () => {
    const stranger = generateKeyPairSync('ed25519').privateKey;
    expect(await ingestAt(chainRows(kiosk.kioskId, 10, 1, GENESIS_HASH), '2033-01-25T10:00:00+09:00', stranger)).toMatchObject({ outcome: 'refused', reason: 'badSignature' });
    // Months before (the partitions the migration made for the real clock's months, empty) go first; January stops it.
    expect((await archiveJournalBefore(store.db, '2033-02', out, now)).at(-1)).toMatchObject({ month: '2033-01', outcome: 'refused', reason: 'openAlerts' });
    expect(await partitionExists('journal_events_2033_01')).toBe(true);
    expect(readdirSync(out).filter((f) => f.includes('2033'))).toEqual([]);

    const [alert] = await openJournalAlerts(store.db, kiosk.kioskId);
    expect(await acknowledgeJournalAlert(store.db, alert!.id, now, { adminToken: true })).toBe(true);
    expect((await archiveJournalBefore(store.db, '2033-02', out, now)).at(-1)).toMatchObject({ outcome: 'archived', month: '2033-01', rows: 5 });
  });

  it('writes a verifiable compressed file with a manifest, drops the partition, and a rerun is a no-op', async () => {
    const result = await runJournalCommand(store.db, 'archive', { before: '2033-02', out }, now);
    expect(result.exitCode).toBe(0);
    expect(result.output).toMatch(/^2033-01: 保管して削除しました \/ archived 5 rows/m);
    const manifestPath = join(out, 'journal-2033-01.manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ArchiveManifest;
    expect(manifest).toMatchObject({ month: '2033-01', rows: 5, file: 'journal-2033-01.ndjson.gz', kiosks: [{ kioskId: kiosk.kioskId, rows: 5, firstSeq: 1, lastSeq: 5, fromHash: GENESIS_HASH, headHash: january.at(-1)!.hash }] });
    expect(await verifyJournalArchive(manifestPath)).toEqual({ ok: true, rows: 5 });
    const lines = gunzipSync(readFileSync(join(out, manifest.file))).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as JournalRow & { receivedAt: string });
    expect(lines.map(({ receivedAt: _r, ...row }) => row)).toEqual(january);

    expect(await partitionExists('journal_events_2033_01')).toBe(false);
    expect(await rowCount()).toBe(4);
    // Ingest goes on after the drop.
    expect(await ingestAt(chainRows(kiosk.kioskId, 10, 2, (await lastHash())), '2033-02-10T13:00:00+09:00')).toMatchObject({ outcome: 'accepted', inserted: 2 });

    expect(await runJournalCommand(store.db, 'archive', { before: '2033-02', out }, now)).toEqual({ exitCode: 0, output: '2033-02 より前の月はありません / no journal month before 2033-02 to archive\n' });
    expect(await archiveJournalMonth(store.db, '2033-01', out, now)).toEqual({ outcome: 'alreadyArchived', month: '2033-01' });
  });

  it('finds a tampered archive: bytes changed, or a row edited with the digest recomputed', async () => {
    await archiveJournalBefore(store.db, '2033-02', out, now);
    const manifestPath = join(out, 'journal-2033-01.manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ArchiveManifest;
    const data = join(out, manifest.file);

    const copy = mkdtempSync(join(tmpdir(), 'journal-archive-tampered-'));
    try {
      copyFileSync(manifestPath, join(copy, 'm.json'));
      const bytes = readFileSync(data);
      bytes[bytes.length - 12] = bytes[bytes.length - 12]! ^ 0xff;
      writeFileSync(join(copy, manifest.file), bytes);
      expect(await verifyJournalArchive(join(copy, 'm.json'))).toEqual({ ok: false, problem: 'SHA-256 differs from the manifest' });

      const edited = gunzipSync(readFileSync(data)).toString('utf8').replace('"cardsRemoved":3', '"cardsRemoved":30');
      const regzipped = gzipSync(Buffer.from(edited, 'utf8'));
      writeFileSync(join(copy, manifest.file), regzipped);
      writeFileSync(join(copy, 'm.json'), JSON.stringify({ ...manifest, sha256: createHash('sha256').update(regzipped).digest('hex') }));
      expect(await verifyJournalArchive(join(copy, 'm.json'))).toMatchObject({ ok: false, problem: expect.stringMatching(/chain broken at KIOSK-ARCH row 3: hashMismatch/) });
      writeFileSync(join(copy, 'm.json'), JSON.stringify({ ...manifest, file: '../journal-2033-01.ndjson.gz' }));
      expect(await verifyJournalArchive(join(copy, 'm.json'))).toMatchObject({ ok: false, problem: expect.stringMatching(/names no archive file/) });
      writeFileSync(join(copy, 'm.json'), JSON.stringify(manifest));
      rmSync(join(copy, manifest.file));
      expect(await verifyJournalArchive(join(copy, 'm.json'))).toMatchObject({ ok: false, problem: expect.stringMatching(/missing/) });
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('refuses bad arguments with a clear message and touches nothing', async () => {
    expect(await runJournalCommand(store.db, 'purge', { before: '2033-01', out }, now)).toMatchObject({ exitCode: 2, output: expect.stringMatching(/the one subcommand is archive/) });
    expect(await runJournalCommand(store.db, 'archive', { before: '2033-13', out }, now)).toMatchObject({ exitCode: 2, output: expect.stringMatching(/--before YYYY-MM/) });
    expect(await runJournalCommand(store.db, 'archive', { out }, now)).toMatchObject({ exitCode: 2 });
    expect(await runJournalCommand(store.db, 'archive', { before: '2033-02' }, now)).toMatchObject({ exitCode: 2, output: expect.stringMatching(/--out DIR is required/) });
    expect(await runJournalCommand(store.db, 'archive', { before: '2033-03', out }, now)).toMatchObject({ exitCode: 1, output: expect.stringMatching(/refused \(currentOrLaterMonth\)/) });
    expect(existsSync(join(out, 'journal-2033-01.ndjson.gz'))).toBe(false);
    expect(await rowCount()).toBe(9);
  });

  async function lastHash(): Promise<string> {
    return (await store.db.query<{ h: string }>("SELECT encode(head_hash, 'hex') AS h FROM journal_cursors WHERE kiosk_id = $1", [kiosk.kioskId])).rows[0]!.h;
  }
});
