/** What identity matching compares with: the customer's names, date of birth and the documents HQ holds (never an image). */
import type { CustomerRecord } from '../cards/card-records';
import type { Queryable } from '../../server-kit/db/db';
import type { DocumentOnFile, IdentityRecord } from './identity-match';

export interface StoredDocumentOnFile extends DocumentOnFile {
  /** The operator session that registered it after a staff check (migration 005); null for documents from the account's opening. */
  recordedSession: string | null;
}

export async function readDocumentsOnFile(q: Queryable, customerId: number): Promise<StoredDocumentOnFile[]> {
  const { rows } = await q.query<{ kind: string; document_number: string | null; recorded_session: string | null }>(
    'SELECT kind, document_number, recorded_session FROM identity_documents_on_file WHERE customer_id = $1 ORDER BY document_id', [customerId]);
  return rows.map((r) => ({ kind: r.kind, documentNumber: r.document_number, recordedSession: r.recorded_session }));
}

export function identityRecordOf(customer: CustomerRecord, documentsOnFile: readonly DocumentOnFile[]): IdentityRecord {
  return {
    nameKanji: customer.nameKanji,
    nameKana: customer.nameKana,
    nameLatin: customer.nameLatinSurname ? { surname: customer.nameLatinSurname, givenNames: customer.nameLatinGiven ?? '' } : null,
    dateOfBirth: customer.dateOfBirth,
    documentsOnFile,
  };
}
