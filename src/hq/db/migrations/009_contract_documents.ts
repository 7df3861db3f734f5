import type { Migration } from '../../../server-kit/db/migrate';

/**
 * Every contract-change document HQ issues (貸金業法 art. 17; issue 14),
 * with what was printed and whether it reached the customer:
 * `pending` until the kiosk reports, then `delivered` or `notDelivered`;
 * `reissued` once staff have handed the customer a copy. Anything not
 * `delivered` or `reissued` is on staff's list (a kiosk that never reported,
 * e.g. it lost power, leaves `pending`, which is listed too).
 */
export const contractDocuments: Migration = {
  id: '009_contract_documents',
  sql: `
CREATE TABLE contract_documents (
  document_id uuid PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
  card_id bigint NOT NULL,
  card_masked text NOT NULL,
  kiosk_id text NOT NULL,
  session_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('increase', 'decrease')),
  previous_limit integer NOT NULL,
  new_limit integer NOT NULL,
  issued_at timestamptz NOT NULL,
  content jsonb NOT NULL,
  delivery text NOT NULL DEFAULT 'pending' CHECK (delivery IN ('pending', 'delivered', 'notDelivered', 'reissued')),
  delivery_failure text,
  print_attempts integer,
  delivery_reported_at timestamptz,
  reissued_at timestamptz,
  reissued_by text
);
CREATE INDEX contract_documents_to_deliver ON contract_documents (issued_at) WHERE delivery IN ('pending', 'notDelivered');
`,
};
