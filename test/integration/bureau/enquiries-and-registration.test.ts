/**
 * The bureau's business over real HTTP and a real store (issue 14,
 * "Bureau: enquiries recorded; registration after approval; PGlite and
 * PostgreSQL"): what an enquiry answers for each seeded person, matching
 * over the variants lenders send, an empty record for nobody, every
 * enquiry recorded and shown to the next lender, and a registration showing
 * in the next answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bureauDemoPerson } from '../../../src/bureau/seed/seed-bureau';
import type { EnquiryResponse } from '../../../src/shared/bureau-api/enquiry';
import type { Subject } from '../../../src/shared/bureau-api/subject';
import type { BureauResult } from '../../../src/shared/bureau-api/bureau-client';
import { DEMO_LENDER_ID } from '../../../src/shared/demo/demo-lenders';
import { SEED_TIME, startBureauHarness, STORES, type BureauHarness } from './bureau-harness';

function answer<T>(result: BureauResult<T>): T {
  if (!result.ok) throw new Error(`bureau call failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

const subjectOf = (key: string): Subject => bureauDemoPerson(key).subject;

describe.each(STORES)('credit bureau enquiries and registrations on %s', (kind) => {
  let bureau: BureauHarness;
  beforeAll(async () => { bureau = await startBureauHarness(kind); });
  afterAll(async () => { await bureau?.close(); });

  const enquire = async (subject: Subject, lender = bureau.demoLender, purpose: 'limitIncrease' | 'newApplication' | 'periodicReview' = 'limitIncrease') =>
    answer(await lender.client.enquire({ subject, purpose }));

  it.each([
    // person, contracts, counted (all lenders), counted at other lenders, excluded, delinquent contracts
    ['yamada', 2, 120_000, 0, 21_600_000, 0],
    ['sato', 3, 780_000, 700_000, 0, 0],
    ['suzuki', 1, 150_000, 0, 0, 0],
    ['tanaka', 1, 0, 0, 0, 0],
    ['takahashi', 1, 30_000, 0, 0, 0],
    ['nakamura', 2, 372_000, 372_000, 0, 1],
    ['kobayashi', 4, 590_000, 590_000, 1_550_000, 0],
  ] as const)('answers %s as seeded: %i contracts, %i counted, %i of it elsewhere, %i excluded, %i delinquent', async (key, contracts, counted, elsewhere, excluded, delinquent) => {
    const result = await enquire(subjectOf(key));
    expect(result.onRecord).toBe(true);
    expect(result.contracts).toHaveLength(contracts);
    expect(result.totals.totalVolume.balance).toBe(counted);
    expect(result.totals.totalVolume.atOtherLenders.balance).toBe(elsewhere);
    expect(result.totals.excluded.balance).toBe(excluded);
    expect(result.totals.delinquentContracts).toBe(delinquent);
    // The asking lender sees its own contract references and nobody else's.
    for (const c of result.contracts) {
      expect(c.ownContract).toBe(c.lenderId === DEMO_LENDER_ID);
      expect(c.contractRef === null).toBe(!c.ownContract);
      expect(c.lastUpdatedAt).toBe(SEED_TIME.toISOString());
    }
  });

  it('shows 佐藤 花子\'s two consumer loans elsewhere, each counted under the total-volume rule', async () => {
    const result = await enquire(subjectOf('sato'));
    expect(result.contracts.filter((c) => !c.ownContract)).toEqual([
      { lenderId: 'KAEDE-FINANCE', ownContract: false, contractRef: null, kind: 'consumerLoan', countsTowardTotalVolume: true, limit: 300_000, balance: 300_000, openedOn: '2022-09-20', closedOn: null, delinquent: false, delinquentSince: null, lastUpdatedAt: SEED_TIME.toISOString() },
      { lenderId: 'MIDORI-CREDIT', ownContract: false, contractRef: null, kind: 'consumerLoan', countsTowardTotalVolume: true, limit: 500_000, balance: 400_000, openedOn: '2020-02-03', closedOn: null, delinquent: false, delinquentSince: null, lastUpdatedAt: SEED_TIME.toISOString() },
    ]);
    expect(result.contracts.find((c) => c.ownContract)).toMatchObject({ contractRef: '100000002', limit: 300_000, balance: 80_000 });
  });

  it('shows 中村 健太\'s delinquency and since when; shows 山田 太郎\'s mortgage as not counted', async () => {
    const nakamura = await enquire(subjectOf('nakamura'));
    expect(nakamura.contracts.find((c) => c.lenderId === 'MIDORI-CREDIT')).toMatchObject({ delinquent: true, delinquentSince: '2026-01-27', balance: 372_000 });
    const yamada = await enquire(subjectOf('yamada'));
    expect(yamada.contracts.find((c) => c.kind === 'mortgage')).toMatchObject({ lenderId: 'AOBA-BANK', countsTowardTotalVolume: false, balance: 21_600_000 });
  });

  it('matches the name in any kana writing and the address in any usual writing', async () => {
    const sato = subjectOf('sato');
    for (const variant of [
      { ...sato, nameKana: 'さとう　はなこ' },
      { ...sato, nameKana: 'ｻﾄｳ ﾊﾅｺ', nameKanji: '佐藤花子' },
      { ...sato, address: '神奈川県横浜市西区みなとみらい２丁目２番１号' },
      { ...sato, address: '神奈川県 横浜市西区 みなとみらい2－2－1' },
    ]) {
      const result = await enquire(variant);
      expect(result.totals.totalVolume.atOtherLenders.balance, JSON.stringify(variant)).toBe(700_000);
    }
  });

  it('matches on phone or address, and widens once through the lenders\' own records', async () => {
    const nakamura = subjectOf('nakamura');
    const { address: _address, ...byPhone } = nakamura;
    const { phone: _phone, ...byAddress } = nakamura;
    expect((await enquire({ ...byPhone, phone: '+81 90-1234-5678' })).contracts).toHaveLength(2);
    expect((await enquire(byAddress)).contracts).toHaveLength(2);
    // A lender that registered only her phone number is found by an enquiry with only her address:
    // SAKURA-CARD's record ties that phone to that address.
    const kobayashi = subjectOf('kobayashi');
    const newLender = await bureau.enroll('TSUBAKI-LOAN');
    const { address: _a, ...phoneOnly } = kobayashi;
    expect(answer(await newLender.client.registerContract({ subject: phoneOnly, contract: { contractRef: 'TL-1', kind: 'consumerLoan', limit: 100_000, balance: 50_000, openedOn: '2026-05-01' } })).outcome).toBe('registered');
    const { phone: _p, ...addressOnly } = kobayashi;
    const result = await enquire(addressOnly);
    expect(result.contracts.map((c) => c.lenderId)).toContain('TSUBAKI-LOAN');
    expect(result.totals.totalVolume.atOtherLenders.balance).toBe(640_000);
  });

  it('answers an empty record, not an error, for a person it does not know; a namesake born the same day elsewhere is someone else', async () => {
    const stranger: Subject = { nameKanji: '無名 一', nameKana: 'ムメイ ハジメ', dateOfBirth: '1970-01-01', phone: '070-0000-0001' };
    const result = await enquire(stranger, bureau.demoLender, 'newApplication');
    expect(result).toMatchObject({
      onRecord: false,
      contracts: [],
      totals: { totalVolume: { contracts: 0, limit: 0, balance: 0, atOtherLenders: { contracts: 0, limit: 0, balance: 0 } }, excluded: { contracts: 0, limit: 0, balance: 0 }, delinquentContracts: 0 },
    });
    expect(result.enquiries).toEqual([{ lenderId: DEMO_LENDER_ID, purpose: 'newApplication', at: bureau.clock.now.toISOString() }]);
    const namesake: Subject = { ...subjectOf('sato'), address: '北海道札幌市中央区北1条西2-1' };
    expect((await enquire(namesake)).onRecord).toBe(false);
    const otherBirthday: Subject = { ...subjectOf('sato'), dateOfBirth: '1990-11-04' };
    expect((await enquire(otherBirthday)).onRecord).toBe(false);
  });

  it('records every enquiry (who, when, why) and shows it to the next lender, newest first, for six months', async () => {
    const person: Subject = { nameKanji: '試験 照会', nameKana: 'シケン ショウカイ', dateOfBirth: '1999-09-09', address: '東京都新宿区西新宿2-8-1' };
    const before = await bureau.count('bureau_enquiries');
    const firstAt = bureau.clock.now;
    const first = await enquire(person, bureau.demoLender, 'newApplication');
    bureau.clock.now = new Date(firstAt.getTime() + 60_000);
    try {
      const second = await enquire(person, bureau.otherLender, 'periodicReview');
      expect(second.enquiries).toEqual([
        { lenderId: 'MIDORI-CREDIT', purpose: 'periodicReview', at: bureau.clock.now.toISOString() },
        { lenderId: DEMO_LENDER_ID, purpose: 'newApplication', at: firstAt.toISOString() },
      ]);
      expect(await bureau.count('bureau_enquiries')).toBe(before + 2);
      const rows = (await bureau.db.query<{ enquiry_id: string; lender_id: string; purpose: string; contracts_found: number }>(
        'SELECT enquiry_id::text AS enquiry_id, lender_id, purpose, contracts_found FROM bureau_enquiries WHERE enquiry_id = ANY($1::uuid[]) ORDER BY asked_at',
        [[first.enquiryId, second.enquiryId]],
      )).rows;
      expect(rows).toEqual([
        { enquiry_id: first.enquiryId, lender_id: DEMO_LENDER_ID, purpose: 'newApplication', contracts_found: 0 },
        { enquiry_id: second.enquiryId, lender_id: 'MIDORI-CREDIT', purpose: 'periodicReview', contracts_found: 0 },
      ]);
      // Seven months on, those two are no longer shown; the new one is.
      bureau.clock.now = new Date(firstAt.getTime() + 213 * 24 * 3600_000);
      const later = await enquire(person, bureau.otherLender, 'limitIncrease');
      expect(later.enquiries).toEqual([{ lenderId: 'MIDORI-CREDIT', purpose: 'limitIncrease', at: bureau.clock.now.toISOString() }]);
    } finally {
      bureau.clock.now = firstAt;
    }
  });

  it('shows a registration in the next enquiry: the new limit, the time, and the totals', async () => {
    bureau.clock.now = new Date(SEED_TIME.getTime() + 3600_000);
    try {
      const registered = answer(await bureau.demoLender.client.registerContract({
        subject: subjectOf('sato'),
        contract: { contractRef: '100000002', kind: 'consumerLoan', limit: 400_000, balance: 80_000 },
      }));
      expect(registered).toEqual({ outcome: 'updated', contractRef: '100000002', lastUpdatedAt: bureau.clock.now.toISOString() });
      const seenElsewhere = await enquire(subjectOf('sato'), bureau.otherLender, 'periodicReview');
      const demoContract = seenElsewhere.contracts.find((c) => c.lenderId === DEMO_LENDER_ID);
      // openedOn was not sent: the update keeps the contract date on record.
      expect(demoContract).toMatchObject({ limit: 400_000, balance: 80_000, openedOn: '2021-06-15', contractRef: null, lastUpdatedAt: bureau.clock.now.toISOString() });
      expect(seenElsewhere.totals.totalVolume).toMatchObject({ limit: 1_200_000, balance: 780_000 });
      expect(seenElsewhere.totals.totalVolume.atOtherLenders.balance).toBe(380_000);
    } finally {
      bureau.clock.now = SEED_TIME;
    }
  });

  it('registers a new person\'s first contract, dated the day it was registered when no date is sent', async () => {
    const person: Subject = { nameKanji: '新規 登録', nameKana: 'シンキ トウロク', dateOfBirth: '2000-01-31', phone: '080-9999-0000' };
    const before = await bureau.count('bureau_contracts');
    expect(answer(await bureau.demoLender.client.registerContract({ subject: person, contract: { contractRef: '100000099', kind: 'consumerLoan', limit: 100_000, balance: 0 } })).outcome).toBe('registered');
    expect(await bureau.count('bureau_contracts')).toBe(before + 1);
    const result: EnquiryResponse = await enquire(person, bureau.otherLender, 'newApplication');
    expect(result.contracts).toEqual([expect.objectContaining({ lenderId: DEMO_LENDER_ID, limit: 100_000, openedOn: '2026-06-10', closedOn: null })]);
  });

  it('lets a lender write only its own contracts: the same reference from another lender is another contract', async () => {
    const result = answer(await bureau.otherLender.client.registerContract({
      subject: subjectOf('tanaka'),
      contract: { contractRef: '100000004', kind: 'consumerLoan', limit: 50_000, balance: 50_000, openedOn: '2026-06-01' },
    }));
    expect(result.outcome).toBe('registered');
    const tanaka = await enquire(subjectOf('tanaka'));
    expect(tanaka.contracts.find((c) => c.lenderId === DEMO_LENDER_ID)).toMatchObject({ limit: 300_000, balance: 0, contractRef: '100000004' });
    expect(tanaka.contracts.find((c) => c.lenderId === 'MIDORI-CREDIT')).toMatchObject({ limit: 50_000, balance: 50_000, contractRef: null });
  });

  it('takes a registration as the contract\'s whole state: a delinquency not sent again is cleared; a closed contract counts toward nothing', async () => {
    const nakamura = subjectOf('nakamura');
    answer(await bureau.otherLender.client.registerContract({ subject: nakamura, contract: { contractRef: 'MC-0102934', kind: 'consumerLoan', limit: 400_000, balance: 0, closedOn: '2026-06-09' } }));
    const result = await enquire(nakamura);
    expect(result.contracts.find((c) => c.lenderId === 'MIDORI-CREDIT')).toMatchObject({ delinquent: false, delinquentSince: null, closedOn: '2026-06-09', openedOn: '2022-04-12' });
    expect(result.totals.delinquentContracts).toBe(0);
    expect(result.totals.totalVolume).toMatchObject({ contracts: 1, balance: 0 });
  });

  it('refuses a closing date before the contract date on record, changing nothing', async () => {
    const kobayashi = subjectOf('kobayashi');
    const before = await enquire(kobayashi, bureau.otherLender, 'periodicReview');
    const refused = await bureau.otherLender.client.registerContract({ subject: kobayashi, contract: { contractRef: 'MC-NEW-1', kind: 'consumerLoan', limit: 1, balance: 0, openedOn: '2026-01-01', closedOn: '2025-12-31' } });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'http', status: 400, code: 'malformedRequest' } });
    // Against the stored date (the request itself carries none): the store's check, answered as the same 400.
    const sakura = await bureau.enroll('SAKURA-CARD');
    const againstStored = await sakura.client.registerContract({ subject: kobayashi, contract: { contractRef: 'SC-77-093310', kind: 'cardCashing', limit: 300_000, balance: 0, closedOn: '2020-01-01' } });
    expect(againstStored).toMatchObject({ ok: false, error: { kind: 'http', status: 400, code: 'malformedRequest' } });
    const after = await enquire(kobayashi, bureau.otherLender, 'periodicReview');
    expect(after.contracts).toEqual(before.contracts);
  });
});
