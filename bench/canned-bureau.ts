/**
 * A credit bureau answered in-process (a `fetch` for HQ's bureau link): an
 * empty record for every enquiry, "updated" for every registration. What a
 * bench compares the real bureau round trip against; never used outside
 * bench/.
 */
import { randomUUID } from 'node:crypto';

export const cannedBureauFetch: typeof fetch = async (input, init) => {
  const path = new URL(typeof input === 'string' || input instanceof URL ? input : input.url).pathname;
  const now = new Date().toISOString();
  const zero = { contracts: 0, limit: 0, balance: 0 };
  const body = path === '/v1/contracts'
    ? { outcome: 'updated', contractRef: (JSON.parse(new TextDecoder().decode(init?.body as Uint8Array)) as { contract: { contractRef: string } }).contract.contractRef, lastUpdatedAt: now }
    : { enquiryId: randomUUID(), answeredAt: now, onRecord: false, contracts: [], totals: { totalVolume: { ...zero, atOtherLenders: zero }, excluded: zero, delinquentContracts: 0 }, enquiries: [] };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
};
