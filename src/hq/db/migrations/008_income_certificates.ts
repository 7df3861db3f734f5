import type { Migration } from '../../../server-kit/db/migrate';

/**
 * The income certificates handed in at a machine, kept with the review they
 * were presented to (issue 14). Money Lending Business Act art. 13(3): the
 * lender must actually receive the certificate; art. 13(4): it must record
 * its investigation and keep the record. The content is kept, never an
 * image. A refused certificate is kept too, with why (a certificate in
 * another person's name is the evidence of the attempt).
 * `operation_entry_id` is the review's row in operation_log.
 */
export const incomeCertificates: Migration = {
  id: '008_income_certificates',
  sql: `
CREATE TABLE income_certificates (
  certificate_id bigserial PRIMARY KEY,
  operation_entry_id bigint NOT NULL REFERENCES operation_log (entry_id),
  customer_id bigint NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
  session_id uuid NOT NULL,
  received_at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('withholdingSlip', 'taxReturn', 'payslips', 'pensionNotice', 'taxCertificate', 'paymentRecord', 'businessStatement')),
  holder_name text NOT NULL,
  income_year integer NOT NULL,
  issue_date date,
  annual_income bigint NOT NULL CHECK (annual_income >= 0),
  verdict text NOT NULL CHECK (verdict IN ('accepted', 'certificateNameMismatch', 'certificateTooOld', 'certificateUnreadable'))
);
CREATE INDEX income_certificates_customer ON income_certificates (customer_id, received_at);
CREATE INDEX income_certificates_operation ON income_certificates (operation_entry_id);
`,
};
