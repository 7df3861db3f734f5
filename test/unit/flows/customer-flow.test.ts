import { SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { KioskCore } from '../../../src/main/kiosk-core';
import { DEFAULT_FLOW_TIMING } from '../../../src/main/flows/ports';
import type { PinKey, ViewModel } from '../../../src/shared/bridge';
import type { VerifyIdentityResponse } from '../../../src/shared/hq-api';
import { HqUnavailableError } from '../../../src/main/flows/ports';
import { captureLogger, secretsScanText } from '../../support/capture-logger';
import { contractDocument, FakeCardReader, FakeHq, FakeIdScanner, fakeJournal, FakePrinter, LICENCE, YAMADA } from '../../support/fake-flow-ports';
import type { IncomeCertificate } from '../../../src/shared/domain/income-certificate';

const VERIFIED: VerifyIdentityResponse = { decision: 'verified', cardLocked: true };

function kiosk(extra: Partial<ConstructorParameters<typeof KioskCore>[0]> = {}) {
  const clock = new SimulatedClock();
  const hq = new FakeHq();
  const reader = new FakeCardReader();
  const scanner = new FakeIdScanner();
  const printer = new FakePrinter();
  const journal = fakeJournal();
  const log = captureLogger();
  const views: ViewModel[] = [];
  const core = new KioskCore({ logger: log.logger, ports: { cardReader: reader, idScanner: scanner, printer, hq, journal: journal.port }, clock, hoursToday: () => ({ open: '09:00', close: '22:00' }), ...extra });
  core.onView((v) => views.push(v));
  core.start();
  const settle = async () => { for (let i = 0; i < 20; i++) await Promise.resolve(); await new Promise((r) => setImmediate(r)); };
  const view = () => core.view.view;
  const pin = async (digits: string) => {
    for (const d of digits) core.handleIntent({ type: 'pinKey', key: d as PinKey }, 'test');
    core.handleIntent({ type: 'pinKey', key: 'enter' }, 'test');
    await settle();
  };
  const choose = async (choice: string) => { core.handleIntent({ type: 'choose', choice }, 'test'); await settle(); };
  const insert = async () => { core.cardInserted(); await settle(); };
  const advance = async (ms: number, step = 1000) => { for (let t = 0; t < ms; t += step) { clock.increment(step); await settle(); } };
  return { core, clock, hq, reader, scanner, printer, journal, log, views, view, pin, choose, insert, settle, advance };
}

describe('customer flow', () => {
  it.each([
    ['after the deadline', '2026-11-24T12:30:00Z', true],
    ['before the deadline', '2026-11-24T12:29:59Z', false],
  ])('says increases have closed for today before an amount is chosen (%s)', async (_, at, closed) => {
    const k = kiosk({ increaseDeadline: () => '2026-11-24T12:30:00.000Z', now: () => Date.parse(at) });
    k.hq.auth.push({ outcome: 'ok', sessionId: '00000000-0000-4000-8000-000000000000', holder: YAMADA });
    await k.insert();
    await k.pin('7391');
    await k.choose('limitIncrease');
    if (closed) expect(k.view()).toMatchObject({ screen: 'notice', kind: 'limitRefusedNearClosing', choices: ['continue', 'finish'] });
    else expect(k.view()).toMatchObject({ screen: 'amountEntry', direction: 'increase' });
    expect(k.hq.calls).not.toContain('reviewLimitIncrease');
  });

  it('logs in with card and PIN, shows the menu with masked card and limits, and returns the card', async () => {
    const k = kiosk();
    expect(k.view().screen).toBe('idle');
    expect(k.reader.accepting).toBe(true);
    k.hq.auth.push({ outcome: 'ok', sessionId: '00000000-0000-4000-8000-000000000000', holder: YAMADA });
    await k.insert();
    expect(k.view()).toMatchObject({ screen: 'pinEntry', purpose: 'login', digits: 0, offerForgotPin: true });
    k.core.handleIntent({ type: 'pinKey', key: '７' }, 'test');
    expect(k.view()).toMatchObject({ screen: 'pinEntry', digits: 1 });
    await k.pin('391');
    expect(k.hq.pinsSeen).toEqual(['7391']);
    expect(k.view()).toMatchObject({ screen: 'menu', maskedCard: '******0001', creditLimit: 500_000, available: 380_000 });
    await k.choose('finish');
    expect(k.reader.moves).toEqual(['eject']);
    expect(k.view()).toMatchObject({ screen: 'takeCard', secondsLeft: DEFAULT_FLOW_TIMING.takeCardSeconds });
    k.core.cardRemoved();
    await k.settle();
    expect(k.view().screen).toBe('goodbye');
    await k.advance(DEFAULT_FLOW_TIMING.goodbyeMs);
    expect(k.view().screen).toBe('idle');
    expect(k.journal.events.map((e) => e.type)).toEqual([
      'card.inserted', 'card.read', 'identification.result', 'session.started', 'card.ejected', 'card.taken', 'session.ended',
    ]);
  });

  it('says the PIN is wrong without any count of remaining tries, and never journals or shows digits', async () => {
    const k = kiosk();
    k.hq.auth.push({ outcome: 'wrongPin' }, { outcome: 'wrongPin' });
    await k.insert();
    await k.pin('1111');
    expect(k.view()).toMatchObject({ screen: 'pinEntry', message: 'wrongPin', digits: 0 });
    await k.pin('2222');
    expect(k.view()).toMatchObject({ screen: 'pinEntry', message: 'wrongPin' });
    const everything = secretsScanText(k.views, k.journal.events) + k.log.contentText();
    for (const secret of ['1111', '2222', '4000000001']) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/remaining|tries|attempts left/i);
  });

  it('offers to clear a lock with an identity document, then sets a new PIN twice and refuses a weak one', async () => {
    const k = kiosk();
    k.hq.auth.push({ outcome: 'locked' });
    k.hq.identify.push({ outcome: 'cardIdentified', sessionId: '00000000-0000-4000-8000-000000000000', cardMasked: '400000******0051' });
    k.scanner.scans.push({ ok: false, reason: 'unreadable' }, { ok: true, document: LICENCE });
    k.hq.verify.push(VERIFIED);
    k.hq.reset.push({ outcome: 'weakPin', reason: 'sequential' }, { outcome: 'pinChanged', lockCleared: true });
    await k.insert();
    await k.pin('9046');
    expect(k.view()).toMatchObject({ screen: 'notice', kind: 'accountLocked', choices: ['clearLock', 'finish'] });
    await k.choose('clearLock');
    expect(k.view()).toMatchObject({ screen: 'documentScan', state: 'unreadable', attempt: 2 });
    await k.choose('retry');
    expect(k.view()).toMatchObject({ screen: 'pinEntry', purpose: 'newPin', offerForgotPin: false });
    await k.pin('4815');
    expect(k.view()).toMatchObject({ screen: 'pinEntry', purpose: 'confirmNewPin' });
    await k.pin('4816');
    expect(k.view()).toMatchObject({ screen: 'pinEntry', purpose: 'newPin', message: 'pinsDidNotMatch' });
    await k.pin('1234');
    await k.pin('1234');
    expect(k.view()).toMatchObject({ screen: 'pinEntry', purpose: 'newPin', message: 'weakSequential' });
    await k.pin('4815');
    await k.pin('4815');
    expect(k.view()).toMatchObject({ screen: 'notice', kind: 'lockClearedAndPinChanged', choices: ['finish'] });
    expect(k.hq.pinsSeen).toEqual(['9046', '1234', '4815']);
    const types = k.journal.events.map((e) => e.type);
    expect(types).toContain('document.scanned');
    expect(types).toContain('lock.cleared');
    expect(types.filter((t) => t === 'pin.reset')).toHaveLength(2);
    await k.choose('finish');
    expect(k.view().screen).toBe('takeCard');
  });

  it.each([
    ['notAcceptedHere', 'documentNotAccepted'],
    ['expired', 'documentExpired'],
    ['unreadable', 'documentUnreadable'],
    ['tryStaff', 'tooManyAttempts'],
    ['contactUs', 'accountSuspended'],
  ] as const)('refuses a document HQ does not accept (%s) with the %s notice, journaling only the class', async (reason, kind) => {
    const k = kiosk();
    k.hq.auth.push({ outcome: 'locked' });
    k.hq.identify.push({ outcome: 'cardIdentified', sessionId: '00000000-0000-4000-8000-000000000000', cardMasked: '******0001' });
    k.scanner.scans.push({ ok: true, document: LICENCE });
    k.hq.verify.push({ decision: 'notAccepted', reason });
    await k.insert();
    await k.pin('0000');
    await k.choose('clearLock');
    expect(k.view()).toEqual({ screen: 'notice', kind, choices: ['finish'], callCentre: expect.objectContaining({ number: '0120-24-0365' }) });
    const result = k.journal.events.filter((e) => e.type === 'identification.result').at(-1);
    expect(result?.payload).toMatchObject({ method: 'cardAndDocument' });
    expect(JSON.stringify(k.journal.events)).not.toContain(LICENCE.documentNumber);
    expect(k.hq.calls).not.toContain('resetPin');
  });

  it.each([
    ['suspended', { outcome: 'suspended' }, 'accountSuspended', ['eject']],
    ['expired', { outcome: 'expired' }, 'cardExpired', ['eject']],
    ['unknown', { outcome: 'unknownCard' }, 'cardUnknown', ['eject']],
  ] as const)('a %s card gets its notice and comes back', async (_label, answer, kind, moves) => {
    const k = kiosk();
    k.hq.auth.push(answer);
    await k.insert();
    await k.pin('5173');
    expect(k.view()).toMatchObject({ screen: 'notice', kind });
    await k.choose('finish');
    expect(k.reader.moves).toEqual(moves);
  });

  it('captures a card reported lost and tells the customer to call', async () => {
    const k = kiosk();
    k.hq.auth.push({ outcome: 'captureCard', reason: 'lost' });
    await k.insert();
    await k.pin('6620');
    expect(k.reader.moves).toEqual(['capture']);
    expect(k.view()).toMatchObject({ screen: 'notice', kind: 'cardCaptured' });
    expect(k.journal.events.find((e) => e.type === 'card.captured')?.payload).toEqual({ reason: 'lostOrStolen' });
  });

  it('captures a card not taken in time', async () => {
    const k = kiosk();
    k.hq.auth.push({ outcome: 'ok', sessionId: '00000000-0000-4000-8000-000000000000', holder: YAMADA });
    await k.insert();
    await k.pin('7391');
    await k.choose('finish');
    await k.advance(DEFAULT_FLOW_TIMING.takeCardSeconds * 1000);
    expect(k.reader.moves).toEqual(['eject', 'capture']);
    expect(k.journal.events.find((e) => e.type === 'card.captured')?.payload).toEqual({ reason: 'notTaken' });
  });

  it('warns on inactivity with a countdown, a touch resets it, and silence ends the session with the card returned', async () => {
    const k = kiosk();
    await k.insert();
    await k.advance(DEFAULT_FLOW_TIMING.inactivityMs);
    expect(k.core.view.inactivity).toEqual({ secondsLeft: DEFAULT_FLOW_TIMING.inactivityWarningSeconds });
    k.core.handleIntent({ type: 'touch' }, 'test');
    await k.settle();
    expect(k.core.view.inactivity).toBeNull();
    await k.advance(DEFAULT_FLOW_TIMING.inactivityMs + DEFAULT_FLOW_TIMING.inactivityWarningSeconds * 1000);
    expect(k.view()).toMatchObject({ screen: 'notice', kind: 'sessionTimedOut' });
    await k.advance(DEFAULT_FLOW_TIMING.noticeMs);
    expect(k.reader.moves).toEqual(['eject']);
    expect(k.journal.events.some((e) => e.type === 'session.timedOut')).toBe(true);
  });

  it('gives the card back with a clear message when HQ goes down mid-session', async () => {
    const k = kiosk();
    k.hq.auth.push(new HqUnavailableError('timeout', 'no answer in 8000 ms'));
    await k.insert();
    await k.pin('7391');
    expect(k.view()).toMatchObject({ screen: 'notice', kind: 'hqUnavailable' });
    await k.advance(DEFAULT_FLOW_TIMING.noticeMs);
    expect(k.reader.moves).toEqual(['eject']);
    expect(k.journal.events.find((e) => e.type === 'session.aborted')?.payload).toEqual({ reason: 'hqUnavailable' });
  });

  const SLIP: IncomeCertificate = { kind: 'withholdingSlip', holderName: '山田 太郎', incomeYear: 2025, issueDate: '2026-01-20', annualIncome: 5_200_000 };

  it('reviews a limit increase: certificate required, scanned, then approved', async () => {
    const k = kiosk();
    k.hq.auth.push({ outcome: 'ok', sessionId: '00000000-0000-4000-8000-000000000000', holder: YAMADA });
    k.hq.increase.push(
      { outcome: 'documentsRequired', previousLimit: 500_000, creditLimit: 500_000, reasons: ['incomeCertificateRequired'] },
      { outcome: 'approved', previousLimit: 500_000, creditLimit: 800_000, approvedLimit: 800_000, reasons: [] },
    );
    k.scanner.certificates.push({ ok: true, certificate: SLIP });
    await k.insert();
    await k.pin('7391');
    await k.choose('limitIncrease');
    expect(k.view()).toMatchObject({ screen: 'amountEntry', direction: 'increase', currentLimit: 500_000, min: 510_000, max: 5_000_000, step: 10_000 });
    expect(k.core.handleIntent({ type: 'setAmount', amountYen: 805_000 }, 'test')).toBe(false);
    k.core.handleIntent({ type: 'setAmount', amountYen: 800_000 }, 'test');
    await k.choose('confirm');
    expect(k.view().screen).toBe('declarations');
    k.core.handleIntent({ type: 'declare', annualIncomeYen: 4_800_000, employment: 'employee', otherBorrowingYen: 0 }, 'test');
    await k.settle();
    expect(k.view()).toMatchObject({ screen: 'certificateChoice' });
    k.core.handleIntent({ type: 'chooseCertificate', kind: 'withholdingSlip' }, 'test');
    await k.settle();
    expect(k.view()).toMatchObject({ screen: 'limitResult', outcome: 'approved', requestedLimit: 800_000, creditLimit: 800_000 });
    expect(k.hq.declarationsSeen).toEqual([
      { annualIncome: 4_800_000, employment: 'employee', otherLendersBorrowing: 0 },
      { annualIncome: 4_800_000, employment: 'employee', otherLendersBorrowing: 0 },
    ]);
    // The certificate's content goes to HQ with the second review; the journal names only its kind and year.
    expect(k.hq.certificatesSeen).toEqual([null, SLIP]);
    const requested = k.journal.events.filter((e) => e.type === 'limit.reviewRequested').map((e) => e.payload);
    expect(requested[1]).toEqual({ requestedLimitYen: 800_000, currentLimitYen: 500_000, incomeCertificateProvided: true, incomeCertificate: { kind: 'withholdingSlip', incomeYear: 2025 } });
    expect(JSON.stringify(k.journal.events)).not.toMatch(/山田 太郎|5200000/);
    await k.choose('continue');
    expect(k.view()).toMatchObject({ screen: 'menu', creditLimit: 800_000 });
  });

  it('asks again, saying why, when HQ refuses the certificate, and sends the next one in its place', async () => {
    const k = kiosk();
    k.hq.auth.push({ outcome: 'ok', sessionId: '00000000-0000-4000-8000-000000000000', holder: YAMADA });
    const someoneElses = { ...SLIP, holderName: '木村 拓也' };
    k.hq.increase.push(
      { outcome: 'documentsRequired', previousLimit: 500_000, creditLimit: 500_000, reasons: ['incomeCertificateRequired'] },
      { outcome: 'documentsRequired', previousLimit: 500_000, creditLimit: 500_000, reasons: ['certificateNameMismatch'] },
      { outcome: 'approved', previousLimit: 500_000, creditLimit: 800_000, approvedLimit: 800_000, reasons: [] },
    );
    k.scanner.certificates.push({ ok: true, certificate: someoneElses }, { ok: true, certificate: SLIP });
    await k.insert();
    await k.pin('7391');
    await k.choose('limitIncrease');
    k.core.handleIntent({ type: 'setAmount', amountYen: 800_000 }, 'test');
    await k.choose('confirm');
    k.core.handleIntent({ type: 'declare', annualIncomeYen: 4_800_000, employment: 'employee', otherBorrowingYen: 0 }, 'test');
    await k.settle();
    expect(k.view()).toMatchObject({ screen: 'certificateChoice', refusal: null });
    expect((k.view() as { choices: string[] }).choices).toHaveLength(7);
    k.core.handleIntent({ type: 'chooseCertificate', kind: 'withholdingSlip' }, 'test');
    await k.settle();
    expect(k.view()).toMatchObject({ screen: 'certificateChoice', refusal: 'certificateNameMismatch' });
    k.core.handleIntent({ type: 'chooseCertificate', kind: 'withholdingSlip' }, 'test');
    await k.settle();
    expect(k.view()).toMatchObject({ screen: 'limitResult', outcome: 'approved', creditLimit: 800_000 });
    expect(k.hq.certificatesSeen).toEqual([null, someoneElses, SLIP]);
  });

  it('decreases a limit after the customer confirms the warning', async () => {
    const k = kiosk();
    k.hq.auth.push({ outcome: 'ok', sessionId: '00000000-0000-4000-8000-000000000000', holder: YAMADA });
    k.hq.decrease.push({ outcome: 'decreased', previousLimit: 500_000, creditLimit: 300_000, raisingAgainNeedsReview: true, contractDocument: contractDocument('decrease', 500_000, 300_000) });
    await k.insert();
    await k.pin('7391');
    await k.choose('limitDecrease');
    k.core.handleIntent({ type: 'setAmount', amountYen: 300_000 }, 'test');
    await k.choose('confirm');
    expect(k.view()).toEqual({ screen: 'confirmDecrease', currentLimit: 500_000, newLimit: 300_000 });
    await k.choose('confirm');
    // Art. 17: the decrease's document first, then the warning that raising it again needs a review.
    expect(k.view()).toMatchObject({ screen: 'documentSlip', delivered: true });
    await k.choose('continue');
    expect(k.view()).toMatchObject({ screen: 'notice', kind: 'limitDecreased' });
    expect(k.journal.events.find((e) => e.type === 'limit.decreased')?.payload).toEqual({ fromLimitYen: 500_000, toLimitYen: 300_000 });
  });

  it('finishes a session politely when maintenance starts, then goes out of service', async () => {
    const k = kiosk();
    k.hq.auth.push({ outcome: 'ok', sessionId: '00000000-0000-4000-8000-000000000000', holder: YAMADA });
    await k.insert();
    await k.pin('7391');
    k.core.goOutOfService('maintenance', '2026-11-23T22:00:00.000Z');
    await k.settle();
    expect(k.view()).toMatchObject({ screen: 'notice', kind: 'maintenanceStarting' });
    await k.choose('finish');
    k.core.cardRemoved();
    await k.settle();
    await k.advance(DEFAULT_FLOW_TIMING.goodbyeMs);
    expect(k.view()).toMatchObject({ screen: 'outOfService', reason: 'maintenance' });
  });

  it('ignores PIN keys outside PIN screens and journals the refusal', async () => {
    const k = kiosk();
    expect(k.core.handleIntent({ type: 'pinKey', key: '1' }, 'test')).toBe(false);
    expect(k.journal.events.at(-1)).toMatchObject({ type: 'bridge.intentRefused', payload: { intent: 'pinKey', reason: 'notAllowedInState' } });
  });

  it('resets the language to Japanese for the next customer', async () => {
    const k = kiosk();
    k.core.handleIntent({ type: 'setLocale', locale: 'en' }, 'test');
    k.hq.auth.push({ outcome: 'suspended' });
    await k.insert();
    expect(k.core.view.locale).toBe('en');
    await k.pin('5173');
    await k.choose('finish');
    k.core.cardRemoved();
    await k.settle();
    await k.advance(DEFAULT_FLOW_TIMING.goodbyeMs);
    expect(k.core.view).toMatchObject({ locale: 'ja', view: { screen: 'idle' } });
  });

  it('tells the customer the review cannot be completed now when HQ had no credit-bureau answer (bureauUnavailable)', async () => {
    const k = kiosk();
    k.hq.auth.push({ outcome: 'ok', sessionId: '00000000-0000-4000-8000-000000000000', holder: YAMADA });
    k.hq.increase.push({ outcome: 'refused', previousLimit: 500_000, creditLimit: 500_000, reasons: ['bureauUnavailable'] });
    await k.insert();
    await k.pin('7391');
    await k.choose('limitIncrease');
    k.core.handleIntent({ type: 'setAmount', amountYen: 600_000 }, 'test');
    await k.choose('confirm');
    k.core.handleIntent({ type: 'declare', annualIncomeYen: 4_800_000, employment: 'employee', otherBorrowingYen: 0 }, 'test');
    await k.settle();
    expect(k.view()).toMatchObject({ screen: 'notice', kind: 'limitReviewUnavailable', choices: ['continue', 'finish'] });
    const decided = k.journal.events.filter((e) => e.type === 'limit.reviewDecided').map((e) => e.payload);
    expect(decided).toEqual([{ decision: 'notReviewed', reasonCodes: ['bureauUnavailable'] }]);
  });

  describe('a partial approval is an offer (issue 14: consent)', () => {
    async function toOffer() {
      const k = kiosk();
      k.hq.auth.push({ outcome: 'ok', sessionId: '00000000-0000-4000-8000-000000000000', holder: YAMADA });
      k.hq.increase.push({ outcome: 'partiallyApproved', previousLimit: 500_000, creditLimit: 500_000, approvedLimit: 600_000, offerExpiresAt: '2026-11-24T03:05:00.000Z', reasons: ['reducedToTotalVolumeCap'] });
      await k.insert();
      await k.pin('7391');
      await k.choose('limitIncrease');
      k.core.handleIntent({ type: 'setAmount', amountYen: 800_000 }, 'test');
      await k.choose('confirm');
      k.core.handleIntent({ type: 'declare', annualIncomeYen: 1_800_000, employment: 'employee', otherBorrowingYen: 0 }, 'test');
      await k.settle();
      expect(k.view()).toEqual({ screen: 'limitResult', outcome: 'partiallyApproved', requestedLimit: 800_000, creditLimit: 600_000, choices: ['acceptOffer', 'declineOffer'], callCentre: null });
      return k;
    }

    it('changes the limit only when the customer accepts', async () => {
      const k = await toOffer();
      k.hq.offerAnswers.push({ outcome: 'accepted', previousLimit: 500_000, creditLimit: 600_000, contractDocument: contractDocument('increase', 500_000, 600_000) });
      await k.choose('acceptOffer');
      expect(k.view()).toMatchObject({ screen: 'documentSlip', delivered: true });
      await k.choose('continue');
      expect(k.view()).toMatchObject({ screen: 'limitResult', outcome: 'approved', creditLimit: 600_000 });
      await k.choose('continue');
      expect(k.view()).toMatchObject({ screen: 'menu', creditLimit: 600_000 });
      const payloads = k.journal.events.filter((e) => e.type === 'limit.offerAnswered' || e.type === 'limit.offerResult').map((e) => [e.type, e.payload]);
      expect(payloads).toEqual([['limit.offerAnswered', { accepted: true, offeredLimitYen: 600_000 }], ['limit.offerResult', { outcome: 'accepted', creditLimitYen: 600_000 }]]);
    });

    it('leaves the limit as it was when the customer declines, and back at the menu', async () => {
      const k = await toOffer();
      k.hq.offerAnswers.push({ outcome: 'declined', creditLimit: 500_000 });
      await k.choose('declineOffer');
      expect(k.view()).toMatchObject({ screen: 'menu', creditLimit: 500_000 });
      expect(k.journal.events.find((e) => e.type === 'limit.offerResult')?.payload).toEqual({ outcome: 'declined', creditLimitYen: 500_000 });
    });

    it('declines and gives the card back when the customer cancels on the offer', async () => {
      const k = await toOffer();
      k.hq.offerAnswers.push({ outcome: 'declined', creditLimit: 500_000 });
      k.core.handleIntent({ type: 'cancel' }, 'test');
      await k.settle();
      expect(k.view().screen).toBe('takeCard');
      expect(k.journal.events.find((e) => e.type === 'limit.offerAnswered')?.payload).toEqual({ accepted: false, offeredLimitYen: 600_000 });
    });

    it('tells the customer an offer HQ no longer holds has expired, limit unchanged', async () => {
      const k = await toOffer();
      k.hq.offerAnswers.push({ outcome: 'noOffer', creditLimit: 500_000 });
      await k.choose('acceptOffer');
      expect(k.view()).toMatchObject({ screen: 'notice', kind: 'limitOfferExpired' });
    });

    it('does not send an answer the journal cannot record first', async () => {
      const k = await toOffer();
      k.journal.failing = true;
      await k.choose('acceptOffer');
      expect(k.hq.calls).not.toContain('answerLimitOffer');
      expect(k.view()).toMatchObject({ screen: 'notice', kind: 'deviceFault' });
    });
  });
});
