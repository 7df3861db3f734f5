/**
 * Retention (issue 19, "Bounded growth"; src/hq/retention.ts) on PGlite and
 * real PostgreSQL: only rows older than configured go, sessions that hold a
 * limit offer stay, and the journal and the books (operation log by
 * default) are never touched. Settings from the environment refuse values
 * below their minimum, the operation log's legal 10 years above all.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { GrowthHousekeeper } from '../../../src/hq/growth-housekeeping';
import { ingestBatch } from '../../../src/hq/journal-ingest/ingest-batch';
import { generateHqKeys } from '../../../src/hq/keys/hq-keys';
import { logOperation } from '../../../src/hq/operation-log';
import { applyRetention, DEFAULT_RETENTION, OPERATION_LOG_MIN_DAYS, retentionFromEnv } from '../../../src/hq/retention';
import { GENESIS_HASH } from '../../../src/shared/journal';
import { chainRows, signedBatch } from '../journal/chain-rows';
import { enrolKiosk, openHqStore, STORE_KINDS, type HqStore } from '../journal/hq-fixture';

const DAY = 86_400_000;
const now = new Date('2034-06-15T03:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

describe('retention settings from the environment', () => {
  it('has documented defaults: 90 days for working tables, the operation log kept, two partitions ahead', () => {
    expect(retentionFromEnv({})).toEqual({ sessionsDays: 90, diagnosticsDays: 90, statusHistoryDays: 8, operationLogDays: null, journalPartitionsAhead: 2 });
    expect(retentionFromEnv({ HQ_RETAIN_SESSIONS_DAYS: '30', HQ_RETAIN_DIAGNOSTICS_DAYS: 'off', HQ_RETAIN_OPERATION_LOG_DAYS: '3653', HQ_JOURNAL_PARTITIONS_AHEAD: '3' }))
      .toEqual({ sessionsDays: 30, diagnosticsDays: null, statusHistoryDays: 8, operationLogDays: 3653, journalPartitionsAhead: 3 });
  });

  it('refuses a value it cannot use, naming the variable, and the operation log below 10 years', () => {
    expect(() => retentionFromEnv({ HQ_RETAIN_SESSIONS_DAYS: 'ninety' })).toThrow(/HQ_RETAIN_SESSIONS_DAYS=ninety/);
    expect(() => retentionFromEnv({ HQ_RETAIN_SESSIONS_DAYS: '0' })).toThrow(/at least 1/);
    expect(() => retentionFromEnv({ HQ_RETAIN_OPERATION_LOG_DAYS: '365' })).toThrow(new RegExp(`HQ_RETAIN_OPERATION_LOG_DAYS=365.*at least ${OPERATION_LOG_MIN_DAYS}`));
    expect(() => retentionFromEnv({ HQ_JOURNAL_PARTITIONS_AHEAD: '0' })).toThrow(/HQ_JOURNAL_PARTITIONS_AHEAD/);
  });
});

describe.each(STORE_KINDS)('retention on %s', (kind) => {
  let store: HqStore;
  beforeEach(async () => { store = await openHqStore(kind); });
  afterEach(async () => { await store.dispose(); });

  const count = async (sql: string) => Number((await store.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`)).rows[0]!.n);

  async function populate() {
    const kiosk = await enrolKiosk(store.db, 'KIOSK-RET');
    const customer = (await store.db.query<{ id: string }>(
      `INSERT INTO customers (member_number, name_kanji, name_kana, date_of_birth, address, annual_income, employment, credit_limit)
       VALUES ('900000001', '保持 太郎', 'ホジ タロウ', '1980-01-01', '東京都', 5000000, 'employed', 300000) RETURNING customer_id AS id`)).rows[0]!.id;
    const card = (await store.db.query<{ id: string }>(
      `INSERT INTO cards (card_number_hmac, card_masked, card_plan, customer_id, status, expires_on, pin_hash)
       VALUES ('hmac-ret', '400000******0051', 'standard', $1, 'active', '2040-01-01', 'x') RETURNING card_id AS id`, [customer])).rows[0]!.id;
    const session = async (name: string, lastActivity: Date, ended: Date | null) => {
      const id = randomUUID();
      await store.db.query('INSERT INTO sessions (session_id, kiosk_id, card_id, opened_at, last_activity_at, ended_at) VALUES ($1, $2, $3, $4, $4, $5)',
        [id, kiosk.kioskId, card, lastActivity.toISOString(), ended?.toISOString() ?? null]);
      return [name, id] as const;
    };
    const sessions = Object.fromEntries([
      await session('endedLongAgo', daysAgo(120), daysAgo(119)),
      await session('idleLongAgo', daysAgo(100), null),
      await session('recent', daysAgo(10), daysAgo(10)),
      await session('withOffer', daysAgo(200), daysAgo(200)),
    ]);
    await store.db.query(`INSERT INTO limit_offers (session_id, customer_id, previous_limit, offered_limit, offered_at, expires_at) VALUES ($1, $2, 300000, 500000, $3, $3)`,
      [sessions.withOffer, customer, daysAgo(200).toISOString()]);
    const operator = (await store.db.query<{ id: string }>(
      `INSERT INTO console_operators (login, display_name, role, password_hash, created_at) VALUES ('ret', '保持', 'viewer', 'x', $1) RETURNING operator_id AS id`, [daysAgo(400).toISOString()])).rows[0]!.id;
    for (const [token, seen] of [['old', daysAgo(95)], ['new', daysAgo(1)]] as const) {
      await store.db.query('INSERT INTO console_sessions (token_hash, operator_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)', [token, operator, token, seen.toISOString()]);
    }
    await store.db.query(`INSERT INTO operators (staff_id, name, role) VALUES ('TE-RET', '技術', 'technician')`);
    for (const at of [daysAgo(91), daysAgo(89)]) {
      await store.db.query(`INSERT INTO diagnostics_bundles (kiosk_id, staff_id, received_at, bundle) VALUES ($1, 'TE-RET', $2, '{}')`, [kiosk.kioskId, at.toISOString()]);
    }
    for (const days of [4100, 3000, 5]) {
      await logOperation(store.db, { at: daysAgo(days), kioskId: kiosk.kioskId, sessionId: null, operation: 'cardAuthentication', outcome: 'ok' });
    }
    // Journal rows received four years ago (in DEFAULT or a partition, whichever): never pruned by retention.
    const rows = chainRows(kiosk.kioskId, 1, 3, GENESIS_HASH);
    await ingestBatch(store.db, kiosk.kioskId, signedBatch(kiosk.kioskId, rows, kiosk.privateKey), generateHqKeys().receiptPrivateKey, { now: () => daysAgo(1500) });
    return sessions;
  }

  it('deletes only what is older than configured and keeps the journal and the operation log by default', async () => {
    const sessions = await populate();
    const housekeeper = new GrowthHousekeeper(store.db, DEFAULT_RETENTION);
    await housekeeper.prune(now);
    expect(housekeeper.lastRetention).toEqual({ sessions: 2, consoleSessions: 1, diagnosticsBundles: 1, statusHistory: 0, operationLog: 0 });

    const left = (await store.db.query<{ session_id: string }>('SELECT session_id FROM sessions')).rows.map((r) => r.session_id).sort();
    expect(left).toEqual([sessions.recent, sessions.withOffer].sort());
    expect(await count('limit_offers')).toBe(1);
    expect((await store.db.query<{ token_hash: string }>('SELECT token_hash FROM console_sessions')).rows).toEqual([{ token_hash: 'new' }]);
    expect(await count('diagnostics_bundles')).toBe(1);
    expect(await count('operation_log')).toBe(3);
    expect(await count('journal_events')).toBe(3);
    expect(await count('journal_cursors')).toBe(1);
    expect(await count('customers')).toBe(1);
  });

  it('prunes the operation log only when configured, and only entries past the configured period', async () => {
    await populate();
    const report = await store.db.transaction((tx) => applyRetention(tx, now, { ...DEFAULT_RETENTION, operationLogDays: OPERATION_LOG_MIN_DAYS }));
    expect(report.operationLog).toBe(1);
    expect(await count('operation_log')).toBe(2);
    await expect(store.db.transaction((tx) => applyRetention(tx, now, { ...DEFAULT_RETENTION, operationLogDays: 30 }))).rejects.toThrow(/below 3653/);
    expect(await count('operation_log')).toBe(2);
  });

  it('prunes kiosk status history past its 8 days (what the history page draws), and keeps it when set off', async () => {
    const kiosk = await enrolKiosk(store.db, 'KIOSK-HIST');
    for (const days of [120, 9, 5]) {
      await store.db.query('INSERT INTO kiosk_status_history (kiosk_id, received_at, report) VALUES ($1, $2, $3)', [kiosk.kioskId, daysAgo(days).toISOString(), '{}']);
    }
    expect((await store.db.transaction((tx) => applyRetention(tx, now, { ...DEFAULT_RETENTION, statusHistoryDays: null }))).statusHistory).toBe(0);
    expect(await count('kiosk_status_history')).toBe(3);
    expect((await store.db.transaction((tx) => applyRetention(tx, now, DEFAULT_RETENTION))).statusHistory).toBe(2);
    expect(await count('kiosk_status_history')).toBe(1);
  });
});
