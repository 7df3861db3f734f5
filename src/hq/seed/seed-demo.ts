/**
 * Demo data (issue 5, "Demo data"): exactly the cast of the issue's table.
 * Names, dates of birth, addresses and documents come from
 * src/shared/demo/demo-people.ts (the ID-scanner simulator scans the same
 * documents). The PINs are here and nowhere else: they are for the demo
 * only, and the project's leak check ignores src/hq/**\/seed*.
 *
 * | card             | PIN  | who        | state                  |
 * | 4000000001       | 7391 | 山田 太郎  | normal                 |
 * | 4000000002       | 8264 | 佐藤 花子  | at the total-volume cap|
 * | 4000000003       | 5173 | 鈴木 一郎  | suspended              |
 * | 4000000004       | 6620 | 田中 次郎  | card reported lost     |
 * | 4000000000000051 | 9046 | 高橋 美咲  | locked                 |
 * | 9000000001       | 1357 | 伊藤 (staff)      |                 |
 * | 9000000002       | 2468 | 渡辺 (technician) |                 |
 */
import { demoPerson, type DemoPerson } from '../../shared/demo/demo-people';
import type { Db, Queryable } from '../../server-kit/db/db';
import type { DerivedKeys } from '../keys/derived-keys';
import { createCustomer, createOperator, issueCard, type NewCustomer } from '../accounts/account-admin';

export interface DemoCustomer {
  person: string;
  pin: string;
  memberNumber: string;
  account: Pick<NewCustomer, 'annualIncome' | 'employment' | 'creditLimit' | 'balance' | 'suspended' | 'otherLendersBorrowing' | 'delinquent'>;
  card: { status?: 'active' | 'lost'; locked?: boolean };
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  { person: 'yamada', pin: '7391', memberNumber: '100000001', account: { annualIncome: 4_800_000, employment: 'employed', creditLimit: 500_000, balance: 120_000, otherLendersBorrowing: 0 }, card: {} },
  // 300,000 + 700,000 at other lenders = 1,000,000 = one third of 3,000,000: at the 総量規制 cap.
  { person: 'sato', pin: '8264', memberNumber: '100000002', account: { annualIncome: 3_000_000, employment: 'employed', creditLimit: 300_000, balance: 80_000, otherLendersBorrowing: 700_000 }, card: {} },
  { person: 'suzuki', pin: '5173', memberNumber: '100000003', account: { annualIncome: 3_600_000, employment: 'selfEmployed', creditLimit: 200_000, balance: 150_000, suspended: true }, card: {} },
  { person: 'tanaka', pin: '6620', memberNumber: '100000004', account: { annualIncome: 4_200_000, employment: 'employed', creditLimit: 300_000, balance: 0 }, card: { status: 'lost' } },
  { person: 'takahashi', pin: '9046', memberNumber: '100000005', account: { annualIncome: 3_300_000, employment: 'partTime', creditLimit: 200_000, balance: 30_000 }, card: { locked: true } },
];

const DEMO_OPERATORS = [
  { person: 'ito', pin: '1357', staffId: 'STAFF-ITO', role: 'staff' as const },
  { person: 'watanabe', pin: '2468', staffId: 'TECH-WATANABE', role: 'technician' as const },
];

/** Documents HQ keeps on file: one per kind and number, the latest expiry (the expired licence in the cast is a re-issue's old copy). */
function documentsOnFile(person: DemoPerson): NewCustomer['documentsOnFile'] {
  const byKey = new Map<string, { kind: string; documentNumber?: string; expiryDate: string }>();
  for (const d of person.documents) {
    const key = `${d.kind}:${d.documentNumber ?? ''}`;
    const seen = byKey.get(key);
    if (!seen || seen.expiryDate < d.expiryDate) byKey.set(key, { kind: d.kind, ...(d.documentNumber ? { documentNumber: d.documentNumber } : {}), expiryDate: d.expiryDate });
  }
  return [...byKey.values()];
}

export async function isSeeded(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cards');
  return (rows[0]?.n ?? 0) > 0;
}

/** Deletes every account, card, operator, session and operation-log row (kiosks and journals stay). */
export async function clearAccounts(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM sessions');
    await tx.query('DELETE FROM cards');
    await tx.query('DELETE FROM operators');
    await tx.query('DELETE FROM customers');
    await tx.query('DELETE FROM operation_log');
    await tx.query('DELETE FROM pin_block_nonces');
  });
}

/**
 * Loads the cast when no card exists yet; returns false when data was already there.
 * `lockThreshold` puts 高橋's counter at the policy's count, as a real lock would.
 */
export async function seedDemoData(db: Db, derived: DerivedKeys, options: { lockThreshold: number; now?: Date }): Promise<boolean> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    if (await isSeeded(tx)) return false;
    for (const demo of DEMO_CUSTOMERS) {
      const person = demoPerson(demo.person);
      const customerId = await createCustomer(tx, {
        memberNumber: demo.memberNumber,
        nameKanji: person.nameKanji,
        nameKana: person.nameKana,
        nameLatin: person.nameLatin,
        dateOfBirth: person.dateOfBirth,
        address: person.address,
        ...demo.account,
        documentsOnFile: documentsOnFile(person),
      }, now);
      await issueCard(tx, derived, {
        cardNumber: person.cardNumber!,
        pin: Buffer.from(demo.pin, 'latin1'),
        holder: { customerId },
        status: demo.card.status ?? 'active',
        failedPinAttempts: demo.card.locked ? options.lockThreshold : 0,
        lockedAt: demo.card.locked ? now : null,
      });
    }
    for (const demo of DEMO_OPERATORS) {
      const person = demoPerson(demo.person);
      await createOperator(tx, { staffId: demo.staffId, name: person.nameKanji, role: demo.role });
      await issueCard(tx, derived, { cardNumber: person.cardNumber!, pin: Buffer.from(demo.pin, 'latin1'), holder: { staffId: demo.staffId }, cardPlan: 'operator' });
    }
    return true;
  });
}

export const DEMO_KIOSK_ID = 'KIOSK-DEMO-01';

/** A demo card's PIN, for tests and demos: the PINs stay in this one file. */
export function demoPin(personKey: string): string {
  const found = DEMO_CUSTOMERS.find((c) => c.person === personKey) ?? DEMO_OPERATORS.find((o) => o.person === personKey);
  if (!found) throw new Error(`no demo card for ${personKey}`);
  return found.pin;
}
