import type { Migration } from '../../../server-kit/db/migrate';

/**
 * HQ's core schema (issue 5): kiosks, accounts, cards, operators, sessions,
 * replay guards, announcements and HQ's own operation log.
 *
 * Card numbers are not stored: `card_number_hmac` is an HMAC-SHA256 of the
 * number under a key derived from the server pepper (lookup without
 * keeping the PAN readable, PCI DSS 3.4), next to the masked form for
 * people. PINs are stored only as scrypt hashes of a peppered HMAC
 * (src/hq/pin/pin-hash.ts). Timestamps come from HQ's injected clock, not
 * `now()`, so a test clock governs every rule.
 */
export const core: Migration = {
  id: '001_core',
  sql: `
CREATE TABLE kiosks (
  kiosk_id text PRIMARY KEY CHECK (kiosk_id ~ '^[A-Z0-9][A-Z0-9-]{2,31}$'),
  public_key text NOT NULL,               -- Ed25519 SPKI PEM
  enabled boolean NOT NULL DEFAULT true,
  store_name text,
  calendar jsonb NOT NULL DEFAULT '{}',   -- KioskCalendar input (store hours, closed dates); announcements live below
  software_version text,
  last_contact_at timestamptz,
  out_of_service boolean,
  device_health jsonb,
  device_health_at timestamptz,
  enrolled_at timestamptz NOT NULL DEFAULT now()
);

-- Nonces of accepted kiosk requests; rows older than twice the clock-skew window are pruned.
CREATE TABLE kiosk_request_nonces (
  kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id) ON DELETE CASCADE,
  nonce text NOT NULL,
  seen_at timestamptz NOT NULL,
  PRIMARY KEY (kiosk_id, nonce)
);
CREATE INDEX kiosk_request_nonces_seen_at ON kiosk_request_nonces (seen_at);

CREATE TABLE customers (
  customer_id bigserial PRIMARY KEY,
  member_number text NOT NULL UNIQUE CHECK (member_number ~ '^[0-9]{9}$'),
  name_kanji text NOT NULL,
  name_kana text NOT NULL,
  name_latin_surname text,
  name_latin_given text,
  date_of_birth date NOT NULL,
  address text NOT NULL,
  annual_income bigint NOT NULL CHECK (annual_income >= 0),
  employment text NOT NULL CHECK (employment IN ('employed', 'selfEmployed', 'partTime', 'pensioner', 'unemployed')),
  suspended boolean NOT NULL DEFAULT false,
  credit_limit bigint NOT NULL CHECK (credit_limit >= 0),
  balance bigint NOT NULL DEFAULT 0 CHECK (balance >= 0),
  limit_changed_at timestamptz
);

-- Documents HQ holds a copy of (kind, number if any, expiry). Never an image.
CREATE TABLE identity_documents_on_file (
  document_id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
  kind text NOT NULL,
  document_number text,
  expiry_date date
);
CREATE INDEX identity_documents_on_file_customer ON identity_documents_on_file (customer_id);

-- The latest credit-bureau reading (DOMAIN.md: re-read periodically).
CREATE TABLE credit_bureau_records (
  customer_id bigint PRIMARY KEY REFERENCES customers (customer_id) ON DELETE CASCADE,
  other_lenders_borrowing bigint NOT NULL DEFAULT 0 CHECK (other_lenders_borrowing >= 0),
  delinquent boolean NOT NULL DEFAULT false,
  read_at timestamptz NOT NULL
);

CREATE TABLE operators (
  staff_id text PRIMARY KEY CHECK (staff_id ~ '^[A-Z0-9-]{3,32}$'),
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('staff', 'technician')),
  enabled boolean NOT NULL DEFAULT true
);

CREATE TABLE cards (
  card_id bigserial PRIMARY KEY,
  card_number_hmac text NOT NULL UNIQUE,
  card_masked text NOT NULL,
  card_plan text NOT NULL,
  customer_id bigint REFERENCES customers (customer_id) ON DELETE CASCADE,
  staff_id text REFERENCES operators (staff_id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('active', 'lost', 'stolen', 'expired')),
  expires_on date NOT NULL,
  pin_hash text NOT NULL,
  pin_changed_at timestamptz,
  -- Consecutive wrong PINs; never above the lock threshold (row-locked updates, src/hq/cards/card-authentication.ts).
  failed_pin_attempts integer NOT NULL DEFAULT 0 CHECK (failed_pin_attempts >= 0),
  locked_at timestamptz,
  CHECK ((customer_id IS NULL) <> (staff_id IS NULL))
);

CREATE TABLE sessions (
  session_id uuid PRIMARY KEY,
  kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id) ON DELETE CASCADE,
  card_id bigint NOT NULL REFERENCES cards (card_id) ON DELETE CASCADE,
  opened_at timestamptz NOT NULL,
  last_activity_at timestamptz NOT NULL,
  authenticated_at timestamptz,
  identity_verified_at timestamptz,
  identity_attempts integer NOT NULL DEFAULT 0,
  ended_at timestamptz
);

-- PIN-block nonces already used (issue 5: a replayed block is refused). Pruned past the block's maximum age.
CREATE TABLE pin_block_nonces (
  nonce text PRIMARY KEY,
  kiosk_id text NOT NULL,
  seen_at timestamptz NOT NULL
);
CREATE INDEX pin_block_nonces_seen_at ON pin_block_nonces (seen_at);

-- Unscheduled maintenance (DOMAIN.md); kiosk_id NULL means every kiosk.
CREATE TABLE service_announcements (
  announcement_id text PRIMARY KEY,
  kiosk_id text REFERENCES kiosks (kiosk_id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  message_ja text NOT NULL,
  message_en text NOT NULL
);

-- HQ's own record of every operation and its reason codes (issue 5: "each journaled at HQ").
-- Holds masked card numbers only.
CREATE TABLE operation_log (
  entry_id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  kiosk_id text NOT NULL,
  session_id uuid,
  operation text NOT NULL,
  outcome text NOT NULL,
  reason_codes text[] NOT NULL DEFAULT '{}',
  card_masked text,
  card_id bigint,
  detail jsonb
);
CREATE INDEX operation_log_kiosk_at ON operation_log (kiosk_id, at);
CREATE INDEX operation_log_card ON operation_log (card_id);
`,
};
