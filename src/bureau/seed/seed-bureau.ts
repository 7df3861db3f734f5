/**
 * The bureau's demo records, consistent with the demo cast
 * (src/shared/demo/demo-people.ts) and HQ's seed (src/hq/seed/seed-demo.ts):
 *
 * | person     | lender        | kind         | limit      | balance    | note                                   |
 * | 山田 太郎  | DEMO-LENDER   | consumerLoan |    500,000 |    120,000 | HQ's account                           |
 * |            | AOBA-BANK     | mortgage     | 30,000,000 | 21,600,000 | excluded from the total-volume rule    |
 * | 佐藤 花子  | DEMO-LENDER   | consumerLoan |    300,000 |     80,000 | HQ's account                           |
 * |            | MIDORI-CREDIT | consumerLoan |    500,000 |    400,000 | \ 700,000 at other lenders, as HQ's   |
 * |            | KAEDE-FINANCE | consumerLoan |    300,000 |    300,000 | / record says: at the cap             |
 * | 鈴木 一郎  | DEMO-LENDER   | consumerLoan |    200,000 |    150,000 | HQ's account (suspended there)         |
 * | 田中 次郎  | DEMO-LENDER   | consumerLoan |    300,000 |          0 | HQ's account                           |
 * | 高橋 美咲  | DEMO-LENDER   | consumerLoan |    200,000 |     30,000 | HQ's account                           |
 * | 中村 健太  | MIDORI-CREDIT | consumerLoan |    400,000 |    372,000 | delinquent since 2026-01-27            |
 * |            | SAKURA-CARD   | cardCashing  |    100,000 |          0 |                                        |
 * | 小林 由美  | SAKURA-CARD   | cardCashing  |    300,000 |    260,000 | would declare 200,000 at other lenders;|
 * |            | KAEDE-FINANCE | consumerLoan |    500,000 |    330,000 | the bureau counts 590,000              |
 * |            | AOBA-BANK     | bankCardLoan |  1,000,000 |    400,000 | excluded                               |
 * |            | HIKARI-AUTO   | autoLoan     |  2,000,000 |  1,150,000 | excluded                               |
 *
 * DEMO-LENDER is the lender that runs the kiosks (src/shared/demo/
 * demo-lenders.ts); its contract references are HQ's member numbers and
 * its figures are HQ's seed accounts (a unit test holds the two together).
 * The other lenders are on record without keys: their contracts are shown,
 * they cannot call.
 *
 * 中村 健太 and 小林 由美 are bureau-only on purpose: nobody at HQ holds
 * their cards, so they are not in demo-people.ts (which feeds the card and
 * document simulators). They exist to be asked about: a delinquency on
 * record, and a bureau balance that differs from what the person would
 * declare at the kiosk. An HQ seed that wants them as customers moves them
 * to demo-people.ts then.
 */
import { demoPerson } from '../../shared/demo/demo-people';
import { DEMO_LENDER_ID } from '../../shared/demo/demo-lenders';
import type { ProductKind } from '../../shared/bureau-api/product-kinds';
import type { Subject } from '../../shared/bureau-api/subject';
import type { Db, Queryable } from '../../server-kit/db/db';
import { addLenderOnRecord } from '../lenders/lender-admin';
import { writeContract } from '../records/contracts';

export const BUREAU_DEMO_LENDERS = [
  { lenderId: DEMO_LENDER_ID, name: 'デモ消費者金融 (the kiosks\' lender)' },
  { lenderId: 'MIDORI-CREDIT', name: 'みどりクレジット' },
  { lenderId: 'KAEDE-FINANCE', name: 'かえでファイナンス' },
  { lenderId: 'SAKURA-CARD', name: 'さくらカード' },
  { lenderId: 'AOBA-BANK', name: 'あおば銀行' },
  { lenderId: 'HIKARI-AUTO', name: 'ひかりオートローン' },
] as const;

type DemoLenderId = (typeof BUREAU_DEMO_LENDERS)[number]['lenderId'];

export interface BureauDemoContract {
  lenderId: DemoLenderId;
  contractRef: string;
  kind: ProductKind;
  limit: number;
  balance: number;
  openedOn: string;
  delinquentSince?: string;
}

export interface BureauDemoPerson {
  key: string;
  subject: Subject;
  contracts: BureauDemoContract[];
  /** What the person would declare as borrowing at other lenders, where that is the point of the record. */
  wouldDeclareAtOtherLenders?: number;
}

/** A cast member's identity as HQ holds it: name, date of birth and address from demo-people.ts (the cast has no phone numbers). */
function castSubject(key: string): Subject {
  const person = demoPerson(key);
  return { nameKanji: person.nameKanji, nameKana: person.nameKana, dateOfBirth: person.dateOfBirth, address: person.address };
}

export const BUREAU_DEMO_PEOPLE: readonly BureauDemoPerson[] = [
  {
    key: 'yamada', subject: castSubject('yamada'),
    contracts: [
      { lenderId: DEMO_LENDER_ID, contractRef: '100000001', kind: 'consumerLoan', limit: 500_000, balance: 120_000, openedOn: '2019-04-01' },
      { lenderId: 'AOBA-BANK', contractRef: 'M-2018-004417', kind: 'mortgage', limit: 30_000_000, balance: 21_600_000, openedOn: '2018-10-01' },
    ],
  },
  {
    key: 'sato', subject: castSubject('sato'),
    contracts: [
      { lenderId: DEMO_LENDER_ID, contractRef: '100000002', kind: 'consumerLoan', limit: 300_000, balance: 80_000, openedOn: '2021-06-15' },
      { lenderId: 'MIDORI-CREDIT', contractRef: 'MC-0088213', kind: 'consumerLoan', limit: 500_000, balance: 400_000, openedOn: '2020-02-03' },
      { lenderId: 'KAEDE-FINANCE', contractRef: 'KF-5521907', kind: 'consumerLoan', limit: 300_000, balance: 300_000, openedOn: '2022-09-20' },
    ],
  },
  {
    key: 'suzuki', subject: castSubject('suzuki'),
    contracts: [{ lenderId: DEMO_LENDER_ID, contractRef: '100000003', kind: 'consumerLoan', limit: 200_000, balance: 150_000, openedOn: '2017-11-11' }],
  },
  {
    key: 'tanaka', subject: castSubject('tanaka'),
    contracts: [{ lenderId: DEMO_LENDER_ID, contractRef: '100000004', kind: 'consumerLoan', limit: 300_000, balance: 0, openedOn: '2016-05-30' }],
  },
  {
    key: 'takahashi', subject: castSubject('takahashi'),
    contracts: [{ lenderId: DEMO_LENDER_ID, contractRef: '100000005', kind: 'consumerLoan', limit: 200_000, balance: 30_000, openedOn: '2023-03-01' }],
  },
  {
    key: 'nakamura',
    subject: { nameKanji: '中村 健太', nameKana: 'ナカムラ ケンタ', dateOfBirth: '1987-05-18', phone: '090-1234-5678', address: '埼玉県さいたま市大宮区桜木町1-7-5' },
    contracts: [
      // Overdue since 2026-01-27, 61 days by 2026-03-29: registered as a delinquency (異動).
      { lenderId: 'MIDORI-CREDIT', contractRef: 'MC-0102934', kind: 'consumerLoan', limit: 400_000, balance: 372_000, openedOn: '2022-04-12', delinquentSince: '2026-01-27' },
      { lenderId: 'SAKURA-CARD', contractRef: 'SC-77-001245', kind: 'cardCashing', limit: 100_000, balance: 0, openedOn: '2019-08-01' },
    ],
  },
  {
    key: 'kobayashi',
    subject: { nameKanji: '小林 由美', nameKana: 'コバヤシ ユミ', dateOfBirth: '1992-08-09', phone: '080-2345-6789', address: '千葉県千葉市中央区富士見2-3-1' },
    wouldDeclareAtOtherLenders: 200_000,
    contracts: [
      { lenderId: 'SAKURA-CARD', contractRef: 'SC-77-093310', kind: 'cardCashing', limit: 300_000, balance: 260_000, openedOn: '2021-01-18' },
      { lenderId: 'KAEDE-FINANCE', contractRef: 'KF-6630184', kind: 'consumerLoan', limit: 500_000, balance: 330_000, openedOn: '2023-07-07' },
      { lenderId: 'AOBA-BANK', contractRef: 'CL-2020-118', kind: 'bankCardLoan', limit: 1_000_000, balance: 400_000, openedOn: '2020-11-02' },
      { lenderId: 'HIKARI-AUTO', contractRef: 'HA-24-55120', kind: 'autoLoan', limit: 2_000_000, balance: 1_150_000, openedOn: '2024-04-25' },
    ],
  },
];

export function bureauDemoPerson(key: string): BureauDemoPerson {
  const person = BUREAU_DEMO_PEOPLE.find((p) => p.key === key);
  if (!person) throw new Error(`no bureau demo person ${key}`);
  return person;
}

export async function hasContracts(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bureau_contracts');
  return (rows[0]?.n ?? 0) > 0;
}

/** Deletes every contract and enquiry; lenders (and their keys) stay. */
export async function clearRecords(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM bureau_enquiries');
    await tx.query('DELETE FROM bureau_contracts');
  });
}

/** Loads the demo records when the bureau holds no contract yet; false when records were already there. */
export async function seedBureauDemo(db: Db, options: { now?: Date } = {}): Promise<boolean> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    if (await hasContracts(tx)) return false;
    for (const lender of BUREAU_DEMO_LENDERS) await addLenderOnRecord(tx, lender);
    for (const person of BUREAU_DEMO_PEOPLE) {
      for (const { lenderId, ...contract } of person.contracts) {
        await writeContract(tx, lenderId, { subject: person.subject, contract }, now);
      }
    }
    return true;
  });
}
