import type { Migration } from '../../../server-kit/db/migrate';

/**
 * The bureau's records (docs/bureau.md):
 * - `bureau_lenders`: member lenders; a lender without a public key is on
 *   record (its contracts are shown) but cannot call the bureau;
 * - `bureau_contracts`: each lender's contracts, keyed by the lender's own
 *   reference, each carrying the identity the lender registered it with and
 *   the matching keys derived from it (a person is whoever the keys match,
 *   as at a real bureau: there is no person table to drift from the
 *   lenders' data);
 * - `bureau_enquiries`: every enquiry, with the asker, purpose, time and
 *   the subject's keys, so later answers about the same person list it;
 * - `bureau_request_nonces`: the replay guard of lender requests.
 * Table names carry `bureau_` so a database shared with HQ by mistake
 * cannot mix the two.
 */
export const bureauCore: Migration = {
  id: '001_bureau_core',
  sql: `
CREATE TABLE bureau_lenders (
  lender_id text PRIMARY KEY CHECK (lender_id ~ '^[A-Z0-9][A-Z0-9-]{2,31}$'),
  name text NOT NULL,
  public_key text,
  enrolled_at timestamptz
);

CREATE TABLE bureau_contracts (
  lender_id text NOT NULL REFERENCES bureau_lenders (lender_id),
  contract_ref text NOT NULL,
  name_kanji text NOT NULL,
  name_kana text NOT NULL,
  name_key text NOT NULL,
  date_of_birth date NOT NULL,
  phone_key text,
  address text,
  address_key text,
  kind text NOT NULL CHECK (kind IN ('consumerLoan', 'cardCashing', 'bankCardLoan', 'mortgage', 'autoLoan')),
  credit_limit bigint NOT NULL CHECK (credit_limit >= 0),
  balance bigint NOT NULL CHECK (balance >= 0),
  opened_on date NOT NULL,
  closed_on date,
  delinquent_since date,
  registered_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (lender_id, contract_ref),
  CHECK (phone_key IS NOT NULL OR address_key IS NOT NULL),
  CHECK (closed_on IS NULL OR closed_on >= opened_on)
);
CREATE INDEX bureau_contracts_person ON bureau_contracts (name_key, date_of_birth);

CREATE TABLE bureau_enquiries (
  enquiry_id uuid PRIMARY KEY,
  lender_id text NOT NULL REFERENCES bureau_lenders (lender_id),
  purpose text NOT NULL CHECK (purpose IN ('newApplication', 'limitIncrease', 'periodicReview')),
  asked_at timestamptz NOT NULL,
  name_kanji text NOT NULL,
  name_key text NOT NULL,
  date_of_birth date NOT NULL,
  phone_key text,
  address_key text,
  contracts_found integer NOT NULL CHECK (contracts_found >= 0),
  CHECK (phone_key IS NOT NULL OR address_key IS NOT NULL)
);
CREATE INDEX bureau_enquiries_person ON bureau_enquiries (name_key, date_of_birth, asked_at);

CREATE TABLE bureau_request_nonces (
  lender_id text NOT NULL REFERENCES bureau_lenders (lender_id),
  nonce text NOT NULL,
  seen_at timestamptz NOT NULL,
  PRIMARY KEY (lender_id, nonce)
);
CREATE INDEX bureau_request_nonces_seen ON bureau_request_nonces (seen_at);
`,
};
