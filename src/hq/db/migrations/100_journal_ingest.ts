import type { Migration } from '../../../server-kit/db/migrate';

/**
 * HQ's copy of every kiosk's journal (issue 6, "Sync"): the events, one
 * cursor per kiosk (high-water mark and the hash of that row, so the next
 * batch must continue the chain), and tamper alerts for the fleet view.
 *
 * `journal_events` has no foreign key to `kiosks`: rows are only inserted
 * while the kiosk's cursor row (which has one) is locked, and a per-row
 * check would slow the bulk insert for nothing.
 */
export const journalIngest: Migration = {
  id: '100_journal_ingest',
  sql: `
CREATE TABLE journal_cursors (
  kiosk_id        text PRIMARY KEY REFERENCES kiosks (kiosk_id),
  high_water_mark bigint NOT NULL DEFAULT 0 CHECK (high_water_mark >= 0),
  head_hash       text   NOT NULL CHECK (head_hash ~ '^[0-9a-f]{64}$'),
  event_count     bigint NOT NULL DEFAULT 0,
  last_batch_at   timestamptz
);

CREATE TABLE journal_events (
  kiosk_id     text        NOT NULL,
  seq          bigint      NOT NULL CHECK (seq > 0),
  occurred_at  timestamptz NOT NULL,
  monotonic_ms bigint      NOT NULL,
  session_id   text,
  type         text        NOT NULL,
  actor        jsonb       NOT NULL,
  payload      jsonb       NOT NULL,
  prev_hash    text        NOT NULL,
  hash         text        NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kiosk_id, seq)
);
CREATE INDEX journal_events_type_time ON journal_events (type, occurred_at);

CREATE TABLE journal_alerts (
  alert_id        bigserial PRIMARY KEY,
  kiosk_id        text NOT NULL REFERENCES kiosks (kiosk_id),
  kind            text NOT NULL CHECK (kind IN ('brokenChain', 'badSignature', 'batchMismatch', 'historyConflict', 'declaredGap')),
  at_seq          bigint,
  detail          text NOT NULL,
  raised_at       timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz
);
CREATE INDEX journal_alerts_open ON journal_alerts (kiosk_id) WHERE acknowledged_at IS NULL;
`,
};
