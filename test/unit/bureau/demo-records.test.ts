/**
 * The bureau's demo records agree with HQ's demo seed: the kiosks' lender's
 * contracts are HQ's accounts, 佐藤 花子's other lenders add up to what HQ's
 * record says, and the bureau-only people show what they are there for.
 */
import { describe, expect, it } from 'vitest';
import { BUREAU_DEMO_PEOPLE, bureauDemoPerson } from '../../../src/bureau/seed/seed-bureau';
import { totalsOf, toBureauContract } from '../../../src/bureau/records/enquiries';
import { DEMO_CUSTOMERS } from '../../../src/hq/seed/seed-demo';
import { DEMO_LENDER_ID } from '../../../src/shared/demo/demo-lenders';
import { DEMO_PEOPLE } from '../../../src/shared/demo/demo-people';

function totals(key: string) {
  const person = bureauDemoPerson(key);
  return totalsOf(person.contracts.map((c) => toBureauContract({
    lender_id: c.lenderId, contract_ref: c.contractRef, kind: c.kind, credit_limit: c.limit, balance: c.balance, opened_on: c.openedOn,
    closed_on: null, delinquent_since: c.delinquentSince ?? null, updated_at: new Date(0), phone_key: null, address_key: null,
  }, DEMO_LENDER_ID)));
}

describe('bureau demo records', () => {
  it.each(DEMO_CUSTOMERS.map((c) => [c.person, c] as const))('%s: the kiosks\' lender\'s contract is HQ\'s account (member number, limit, balance)', (key, customer) => {
    const own = bureauDemoPerson(key).contracts.filter((c) => c.lenderId === DEMO_LENDER_ID);
    expect(own).toEqual([expect.objectContaining({ contractRef: customer.memberNumber, limit: customer.account.creditLimit, balance: customer.account.balance ?? 0 })]);
  });

  it.each(DEMO_CUSTOMERS.map((c) => [c.person, c] as const))('%s: what counts at other lenders is what HQ\'s record says', (key, customer) => {
    expect(totals(key).totalVolume.atOtherLenders.balance).toBe(customer.account.otherLendersBorrowing ?? 0);
  });

  it('佐藤 花子 has 700,000 yen of consumer loans at other lenders', () => {
    const t = totals('sato');
    expect(t.totalVolume.atOtherLenders).toEqual({ contracts: 2, limit: 800_000, balance: 700_000 });
    expect(bureauDemoPerson('sato').contracts.every((c) => c.kind === 'consumerLoan')).toBe(true);
  });

  it('山田 太郎\'s mortgage is on record and excluded from the total-volume rule', () => {
    expect(totals('yamada').excluded).toEqual({ contracts: 1, limit: 30_000_000, balance: 21_600_000 });
    expect(totals('yamada').totalVolume.atOtherLenders.balance).toBe(0);
  });

  it('中村 健太 has a delinquency on record', () => {
    expect(totals('nakamura').delinquentContracts).toBe(1);
  });

  it('小林 由美 would declare less than the bureau counts', () => {
    const person = bureauDemoPerson('kobayashi');
    expect(totals('kobayashi').totalVolume.atOtherLenders.balance).toBe(590_000);
    expect(person.wouldDeclareAtOtherLenders).toBe(200_000);
  });

  it('cast members are the people of demo-people.ts; the bureau-only people are not there', () => {
    for (const person of BUREAU_DEMO_PEOPLE) {
      const cast = DEMO_PEOPLE.find((p) => p.key === person.key);
      if (cast) expect(person.subject).toEqual({ nameKanji: cast.nameKanji, nameKana: cast.nameKana, dateOfBirth: cast.dateOfBirth, address: cast.address });
    }
    expect(DEMO_PEOPLE.map((p) => p.key)).not.toContain('nakamura');
    expect(DEMO_PEOPLE.map((p) => p.key)).not.toContain('kobayashi');
  });
});
