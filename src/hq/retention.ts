/**
 * Retention of HQ's working tables (issue 19, "Bounded growth"): how long
 * rows that are not the lender's books are kept, from the environment with
 * documented defaults (docs/hq.md, "Bounded growth"), and the deletes that
 * apply it. Run once across instances by housekeeping (growth-housekeeping.ts).
 *
 * Never pruned here, whatever the settings: the journal (`journal_events`,
 * archived month by month to files instead, journal-archive.ts), tamper
 * alerts, customers, cards, limit offers, contract documents, income
 * certificates, bureau registrations, identity records. They are, or back,
 * the books of 貸金業法 (Money Lending Business Act) 19条 (帳簿の備付け),
 * kept at least 10 years from the contract's last repayment date or the
 * day the claim ended (施行規則 17条), and the verification and
 * transaction records of 犯罪収益移転防止法 6条・7条 (7 years).
 *
 * The operation log records operations on contracts (limit changes, locks,
 * PIN re-sets) and may be part of those books: it is never pruned unless
 * HQ_RETAIN_OPERATION_LOG_DAYS is set, and then not below 10 years. Its age
 * is the entry's, not the contract's end, so setting it is the lender's
 * legal decision, not a default.
 */
import { pruneStatusHistory, STATUS_HISTORY_RETENTION_DAYS } from './fleet/status-history';
import type { Queryable } from '../server-kit/db/db';

export interface RetentionSettings {
  /** Kiosk sessions and console sessions, days after they ended or last saw a request. null: kept. */
  sessionsDays: number | null;
  /** Diagnostics bundles (device logs a technician uploaded), days after receipt. null: kept. */
  diagnosticsDays: number | null;
  /** `kiosk_status_history` (migration 013), days after HQ received the report; at least 8, what the console's history page draws. null: kept. */
  statusHistoryDays: number | null;
  /** The operation log: null (the default) keeps it; otherwise at least OPERATION_LOG_MIN_DAYS. */
  operationLogDays: number | null;
  /** Months after the current one with a `journal_events` partition ready. */
  journalPartitionsAhead: number;
}

/** 10 years (貸金業法施行規則 17条: at least 10 years), counted generously in days. */
export const OPERATION_LOG_MIN_DAYS = 3653;

export const DEFAULT_RETENTION: RetentionSettings = {
  sessionsDays: 90,
  diagnosticsDays: 90,
  statusHistoryDays: STATUS_HISTORY_RETENTION_DAYS,
  operationLogDays: null,
  journalPartitionsAhead: 2,
};

/** The environment variable behind each setting. */
export const RETENTION_ENV: Record<keyof RetentionSettings, string> = {
  sessionsDays: 'HQ_RETAIN_SESSIONS_DAYS',
  diagnosticsDays: 'HQ_RETAIN_DIAGNOSTICS_DAYS',
  statusHistoryDays: 'HQ_RETAIN_STATUS_HISTORY_DAYS',
  operationLogDays: 'HQ_RETAIN_OPERATION_LOG_DAYS',
  journalPartitionsAhead: 'HQ_JOURNAL_PARTITIONS_AHEAD',
};

/** Settings from the environment; a bad value throws an Error naming the variable. `off` keeps rows for ever. */
export function retentionFromEnv(env: NodeJS.ProcessEnv): RetentionSettings {
  const settings = { ...DEFAULT_RETENTION };
  const days = (key: 'sessionsDays' | 'diagnosticsDays' | 'statusHistoryDays' | 'operationLogDays', min: number) => {
    const name = RETENTION_ENV[key];
    const text = env[name];
    if (text === undefined || text === '') return;
    if (text === 'off') { settings[key] = null; return; }
    if (!/^\d{1,6}$/.test(text) || Number(text) < min) {
      throw new Error(`${name}=${text}: expected a whole number of days, at least ${min}, or "off" / ${name} は ${min} 以上の日数か off を指定してください`);
    }
    settings[key] = Number(text);
  };
  days('sessionsDays', 1);
  days('diagnosticsDays', 1);
  days('statusHistoryDays', STATUS_HISTORY_RETENTION_DAYS);
  days('operationLogDays', OPERATION_LOG_MIN_DAYS);
  const ahead = env[RETENTION_ENV.journalPartitionsAhead];
  if (ahead !== undefined && ahead !== '') {
    if (!/^\d{1,2}$/.test(ahead) || Number(ahead) < 1 || Number(ahead) > 24) {
      throw new Error(`${RETENTION_ENV.journalPartitionsAhead}=${ahead}: expected 1 to 24 months / 1〜24 の月数を指定してください`);
    }
    settings.journalPartitionsAhead = Number(ahead);
  }
  return settings;
}

export type RetentionReport = Record<'sessions' | 'consoleSessions' | 'diagnosticsBundles' | 'statusHistory' | 'operationLog', number>;

function cutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

/** Deletes what the settings say is past its retention; returns the rows deleted per table. */
export async function applyRetention(tx: Queryable, now: Date, settings: RetentionSettings): Promise<RetentionReport> {
  const report: RetentionReport = { sessions: 0, consoleSessions: 0, diagnosticsBundles: 0, statusHistory: 0, operationLog: 0 };
  if (settings.sessionsDays !== null) {
    const before = cutoff(now, settings.sessionsDays);
    // A session a limit offer or a staff assist belongs to stays: deleting it would cascade into those records.
    report.sessions = (await tx.query(
      `DELETE FROM sessions s WHERE coalesce(s.ended_at, s.last_activity_at) < $1
          AND NOT EXISTS (SELECT 1 FROM limit_offers o WHERE o.session_id = s.session_id)
          AND NOT EXISTS (SELECT 1 FROM staff_assists a WHERE a.session_id = s.session_id)`, [before])).rowCount;
    report.consoleSessions = (await tx.query('DELETE FROM console_sessions WHERE coalesce(ended_at, last_seen_at) < $1', [before])).rowCount;
  }
  if (settings.diagnosticsDays !== null) {
    report.diagnosticsBundles = (await tx.query('DELETE FROM diagnostics_bundles WHERE received_at < $1', [cutoff(now, settings.diagnosticsDays)])).rowCount;
  }
  if (settings.statusHistoryDays !== null) report.statusHistory = await pruneStatusHistory(tx, now, settings.statusHistoryDays);
  if (settings.operationLogDays !== null) {
    // Refused here too, whatever built the settings: a shorter period is below the legal minimum.
    if (settings.operationLogDays < OPERATION_LOG_MIN_DAYS) throw new Error(`operation log retention ${settings.operationLogDays} days is below ${OPERATION_LOG_MIN_DAYS}`);
    report.operationLog = (await tx.query(
      `DELETE FROM operation_log l WHERE l.at < $1
          AND NOT EXISTS (SELECT 1 FROM income_certificates c WHERE c.operation_entry_id = l.entry_id)`, [cutoff(now, settings.operationLogDays)])).rowCount;
  }
  return report;
}

