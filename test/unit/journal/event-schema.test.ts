import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, checkJournalEvent, JOURNAL_EVENT_TYPES, JOURNAL_PAYLOADS, JournalRow, SafeText } from '../../../src/shared/journal';
import { maskCardNumber } from '../../../src/shared/domain/card-number';
import { ALL_EXAMPLES, EXAMPLES } from './event-examples';

const cardNumber = fc.oneof(
  fc.stringMatching(/^\d{10}$/),
  fc.stringMatching(/^\d{15}$/),
  fc.stringMatching(/^\d{16}$/),
);

/** Every string-valued path in an event, so each can be replaced by something forbidden. */
function stringPaths(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...path, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

function withValueAt<T>(value: T, path: string[], replacement: unknown): T {
  const copy = structuredClone(value) as Record<string, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[path.at(-1)!] = replacement;
  return copy as T;
}

describe('journal event schemas', () => {
  it('has a valid example for every event type, and the examples pass', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...JOURNAL_EVENT_TYPES].sort());
    for (const event of ALL_EXAMPLES) expect(checkJournalEvent(event), event.type).toMatchObject({ ok: true });
  });

  it('refuses an unknown event type', () => {
    expect(checkJournalEvent({ type: 'card.photocopied', actor: { kind: 'system' }, payload: {} })).toEqual({ ok: false, problems: ['type: not a journal event type'] });
  });

  it.each(['pin', 'pinBlock', 'track2', 'track1', 'cardNumber', 'image', 'documentImage'])('refuses a payload with a %s field on every event type', (field) => {
    for (const event of ALL_EXAMPLES) {
      const check = checkJournalEvent({ ...event, payload: { ...event.payload, [field]: '1234' } });
      expect(check.ok, `${event.type}.${field}`).toBe(false);
    }
  });

  it('keeps an income certificate by kind and year only: no holder name or income figure fits (issue 14)', () => {
    const payload = EXAMPLES['limit.reviewRequested'].payload as Record<string, unknown>;
    expect(JOURNAL_PAYLOADS['limit.reviewRequested'].safeParse(payload).success).toBe(true);
    for (const extra of [{ holderName: '山田 太郎' }, { annualIncome: 5_200_000 }, { issueDate: '2026-01-20' }]) {
      const withExtra = { ...payload, incomeCertificate: { kind: 'withholdingSlip', incomeYear: 2025, ...extra } };
      expect(JOURNAL_PAYLOADS['limit.reviewRequested'].safeParse(withExtra).success).toBe(false);
    }
  });

  it('refuses unknown fields on the event and on the actor', () => {
    const event = EXAMPLES['card.read'];
    expect(checkJournalEvent({ ...event, pin: '1234' })).toMatchObject({ ok: false, problems: ['pin: unknown field'] });
    expect(checkJournalEvent({ ...event, actor: { ...event.actor, pinBlock: '0412AC...' } }).ok).toBe(false);
  });

  it('refuses an unmasked card number in every string field of every event', () => {
    fc.assert(fc.property(cardNumber, fc.constantFrom(...ALL_EXAMPLES), (pan, event) => {
      for (const path of stringPaths(event)) {
        if (path[0] === 'type') continue;
        const check = checkJournalEvent(withValueAt(event, path, pan));
        if (check.ok) throw new Error(`${event.type} accepted a card number at ${path.join('.')}`);
      }
    }), { numRuns: 60 });
  });

  it('accepts a masked card number made by maskCardNumber, and nothing that shows more digits', () => {
    fc.assert(fc.property(cardNumber, (pan) => {
      const masked = maskCardNumber(pan);
      expect(checkJournalEvent({ ...EXAMPLES['card.read'], payload: { maskedCard: masked } }).ok).toBe(true);
      // One more clear digit than the rule allows.
      const leaky = pan.length === 10 ? pan.slice(0, 1) + masked.slice(1) : masked.slice(0, 6) + pan[6] + masked.slice(7);
      expect(checkJournalEvent({ ...EXAMPLES['card.read'], payload: { maskedCard: leaky } }).ok).toBe(false);
    }));
  });

  it('refuses track data, digit runs split by spaces or hyphens and full-width digits in free text', () => {
    for (const text of [';4000000000000051=25121010000000000000?', '%B4000000000000051^YAMADA/TARO^2512', '4000 0000 0000 0051', '4000-0000-0000-0051', '４０００００００００００００００５１', 'x\u0000y']) {
      expect(SafeText.safeParse(text).success, text).toBe(false);
      expect(checkJournalEvent({ ...EXAMPLES['technician.action'], payload: { action: 'deviceReset', note: text } }).ok).toBe(false);
    }
    expect(SafeText.safeParse('reset after jam, error E12 cleared 3 times').success).toBe(true);
  });

  it('refuses a masked document number that shows more than its last 4 characters', () => {
    const scanned = EXAMPLES['document.scanned'];
    expect(checkJournalEvent({ ...scanned, payload: { ...scanned.payload, maskedNumber: '123456781234' } }).ok).toBe(false);
    expect(checkJournalEvent({ ...scanned, payload: { ...scanned.payload, maskedNumber: '*******81234' } }).ok).toBe(false);
  });

  it('never echoes the refused value in its problems', () => {
    const check = checkJournalEvent({ ...EXAMPLES['card.read'], payload: { maskedCard: '4000000000000051' } });
    expect(check.ok).toBe(false);
    expect(JSON.stringify(check)).not.toContain('4000000000000051');
  });

  it('validates stored rows with the payload schema of their type (what HQ checks)', () => {
    const row = {
      seq: 1, occurredAt: '2025-01-06T01:02:03.004Z', monotonicMs: 5, kioskId: 'K-001', sessionId: null,
      type: 'card.read', actor: { kind: 'system' }, payload: { maskedCard: '400000******0051' }, prevHash: '0'.repeat(64), hash: 'a'.repeat(64),
    };
    expect(JournalRow.safeParse(row).success).toBe(true);
    expect(JournalRow.safeParse({ ...row, payload: { maskedCard: '4000000000000051' } }).success).toBe(false);
    expect(JournalRow.safeParse({ ...row, extra: 1 }).success).toBe(false);
    expect(JournalRow.safeParse({ ...row, occurredAt: '2025-01-06T10:02:03+09:00' }).success).toBe(false);
  });

  it('has a strict payload schema for every type', () => {
    for (const type of JOURNAL_EVENT_TYPES) {
      const example = EXAMPLES[type].payload;
      expect(JOURNAL_PAYLOADS[type].safeParse({ ...example, unexpected: true }).success, type).toBe(false);
    }
  });
});

describe('canonical JSON', () => {
  it('encodes the same value the same way whatever the key order', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const shuffled = JSON.parse(JSON.stringify(value), function (_key, v) {
        if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).reverse());
        return v;
      });
      expect(canonicalJson(shuffled)).toBe(canonicalJson(value));
      expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
    }));
  });

  it('sorts keys, drops undefined members and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined })).toBe('{"a":[true,null,"x"],"b":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson({ f: () => 1 })).toThrow();
  });
});

describe('chain input', () => {
  it('is exactly the canonical JSON of the row without its hash, with or without pre-encoded parts', async () => {
    const { chainInput } = await import('../../../src/shared/journal');
    for (const event of ALL_EXAMPLES) {
      const row = {
        seq: 7, occurredAt: '2025-01-06T01:02:03.004Z', monotonicMs: 99, kioskId: 'K-001', sessionId: event.sessionId ?? null,
        type: event.type, actor: event.actor, payload: event.payload as Record<string, unknown>, prevHash: 'b'.repeat(64),
      };
      expect(chainInput(row)).toBe(canonicalJson(row));
      expect(chainInput(row, { actor: canonicalJson(row.actor), payload: canonicalJson(row.payload) })).toBe(canonicalJson(row));
    }
  });
});
