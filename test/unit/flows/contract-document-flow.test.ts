/**
 * The contract-change document in the customer flow (貸金業法 art. 17,
 * issue 14; src/main/flows/customer/contract-document.ts): no change is
 * asked of HQ while the printer cannot print, and a document that fails to
 * print after the change is retried, journaled and reported undelivered.
 */
import { SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { KioskCore } from '../../../src/main/kiosk-core';
import { DEFAULT_FLOW_TIMING } from '../../../src/main/flows/ports';
import { captureLogger, secretsScanText } from '../../support/capture-logger';
import { contractDocument, FakeCardReader, FakeHq, FakeIdScanner, fakeJournal, FakePrinter, YAMADA } from '../../support/fake-flow-ports';

const SESSION = '00000000-0000-4000-8000-000000000000';
const CARD = '4000000001';
const PIN = '7391';

async function loggedIn() {
  const clock = new SimulatedClock();
  const hq = new FakeHq();
  const reader = new FakeCardReader();
  reader.card = { ok: true, cardNumber: CARD };
  const printer = new FakePrinter();
  const journal = fakeJournal();
  const core = new KioskCore({
    logger: captureLogger().logger, ports: { cardReader: reader, idScanner: new FakeIdScanner(), printer, hq, journal: journal.port }, clock,
    hoursToday: () => ({ open: '09:00', close: '22:00' }),
  });
  core.start();
  const settle = async () => { for (let i = 0; i < 20; i++) await Promise.resolve(); await new Promise((r) => setImmediate(r)); };
  const intent = async (i: Parameters<KioskCore['handleIntent']>[0]) => { core.handleIntent(i, 'test'); await settle(); };
  const advance = async (ms: number) => { for (let t = 0; t < ms; t += 500) { clock.increment(500); await settle(); } };
  hq.auth.push({ outcome: 'ok', sessionId: SESSION, holder: YAMADA });
  core.cardInserted();
  await settle();
  for (const d of PIN) core.handleIntent({ type: 'pinKey', key: d as '0' }, 'test');
  await intent({ type: 'pinKey', key: 'enter' });
  expect(core.view.view.screen).toBe('menu');
  const view = () => core.view.view;
  const types = () => journal.events.map((e) => e.type);
  const payloadsOf = (type: string) => journal.events.filter((e) => e.type === type).map((e) => e.payload);
  /** The increase up to HQ's review (amount, declarations). */
  const askIncrease = async (amountYen = 600_000) => {
    await intent({ type: 'choose', choice: 'limitIncrease' });
    await intent({ type: 'setAmount', amountYen });
    await intent({ type: 'choose', choice: 'confirm' });
    await intent({ type: 'declare', annualIncomeYen: 4_800_000, employment: 'employee', otherBorrowingYen: 0 });
  };
  return { core, clock, hq, printer, journal, view, types, payloadsOf, intent, advance, askIncrease };
}

const APPROVED = { outcome: 'approved' as const, previousLimit: 500_000, creditLimit: 600_000, approvedLimit: 600_000, reasons: [], contractDocument: contractDocument('increase', 500_000, 600_000) };

describe('the contract-change document (art. 17) in the limit flow', () => {
  it.each([
    ['paper out', 'paperOut'],
    ['cover open', 'coverOpen'],
    ['offline', 'offline'],
    ['a fault', 'hardwareError'],
  ] as const)('does not ask HQ for an increase when the printer reports %s: counter or call centre, journaled', async (_, reason) => {
    const k = await loggedIn();
    k.printer.readiness_ = [{ ready: false, reason }];
    await k.askIncrease();
    expect(k.hq.calls).not.toContain('reviewLimitIncrease');
    expect(k.view()).toMatchObject({ screen: 'notice', kind: 'printerUnavailable', choices: ['continue', 'finish'], callCentre: { number: '0120-24-0365' } });
    expect(k.payloadsOf('limit.changeNotConfirmed')).toEqual([{ change: 'increase', printer: reason }]);
    expect(k.types()).not.toContain('limit.reviewRequested');
    await k.intent({ type: 'choose', choice: 'continue' });
    expect(k.view()).toMatchObject({ screen: 'menu', creditLimit: 500_000 });
  });

  it('counts a printer port that throws as a fault: the increase is not asked for', async () => {
    const k = await loggedIn();
    k.printer.readiness = () => Promise.reject(new Error('port gone'));
    await k.askIncrease();
    expect(k.hq.calls).not.toContain('reviewLimitIncrease');
    expect(k.payloadsOf('limit.changeNotConfirmed')).toEqual([{ change: 'increase', printer: 'hardwareError' }]);
  });

  it('does not accept a partial offer, or decrease, while the printer cannot print', async () => {
    const k = await loggedIn();
    k.hq.increase.push({ outcome: 'partiallyApproved', previousLimit: 500_000, creditLimit: 500_000, approvedLimit: 550_000, offerExpiresAt: '2026-11-24T03:05:00.000Z', reasons: ['reducedToTotalVolumeCap'] });
    await k.askIncrease();
    expect(k.view()).toMatchObject({ screen: 'limitResult', outcome: 'partiallyApproved' });
    k.printer.readiness_ = [{ ready: false, reason: 'coverOpen' }];
    await k.intent({ type: 'choose', choice: 'acceptOffer' });
    expect(k.hq.calls).not.toContain('answerLimitOffer');
    expect(k.view()).toMatchObject({ screen: 'notice', kind: 'printerUnavailable' });
    await k.intent({ type: 'choose', choice: 'continue' });
    await k.intent({ type: 'choose', choice: 'limitDecrease' });
    await k.intent({ type: 'setAmount', amountYen: 300_000 });
    await k.intent({ type: 'choose', choice: 'confirm' });
    await k.intent({ type: 'choose', choice: 'confirm' });
    expect(k.hq.calls).not.toContain('decreaseLimit');
    expect(k.payloadsOf('limit.changeNotConfirmed')).toEqual([{ change: 'offerAcceptance', printer: 'coverOpen' }, { change: 'decrease', printer: 'coverOpen' }]);
  });

  it('prints the document after an approval, reports it delivered, asks the customer to take it, then shows the result', async () => {
    const k = await loggedIn();
    k.hq.increase.push(APPROVED);
    await k.askIncrease();
    expect(k.printer.printed).toEqual([APPROVED.contractDocument]);
    expect(k.hq.deliveryReports).toEqual([{ documentId: APPROVED.contractDocument.documentId, delivered: true, attempts: 1 }]);
    expect(k.view()).toEqual({ screen: 'documentSlip', delivered: true, choices: ['continue'], callCentre: null });
    expect(k.payloadsOf('contractDocument.printed')).toEqual([{ documentId: APPROVED.contractDocument.documentId, kind: 'increase', attempts: 1 }]);
    await k.intent({ type: 'choose', choice: 'continue' });
    expect(k.view()).toMatchObject({ screen: 'limitResult', outcome: 'approved', creditLimit: 600_000 });
  });

  it('moves on by itself when the slip is not acknowledged', async () => {
    const k = await loggedIn();
    k.hq.increase.push(APPROVED);
    await k.askIncrease();
    expect(k.view().screen).toBe('documentSlip');
    await k.advance(DEFAULT_FLOW_TIMING.takeDocumentMs - 1000);
    expect(k.view().screen).toBe('documentSlip');
    await k.advance(1000);
    expect(k.view()).toMatchObject({ screen: 'limitResult', outcome: 'approved' });
  });

  it('retries a failed print after a pause, and reports the document delivered on the try that worked', async () => {
    const k = await loggedIn();
    k.hq.increase.push(APPROVED);
    k.printer.prints = [{ ok: false, failure: 'paperOut', started: true }, { ok: true }];
    await k.askIncrease();
    expect(k.view()).toMatchObject({ screen: 'busy', task: 'printingDocument' });
    expect(k.printer.printed).toEqual([]);
    await k.advance(DEFAULT_FLOW_TIMING.documentPrintRetryMs);
    expect(k.printer.printed).toHaveLength(1);
    expect(k.payloadsOf('contractDocument.printFailed')).toEqual([{ documentId: APPROVED.contractDocument.documentId, kind: 'increase', attempt: 1, failure: 'paperOut', started: true }]);
    expect(k.hq.deliveryReports).toEqual([{ documentId: APPROVED.contractDocument.documentId, delivered: true, attempts: 2 }]);
    expect(k.view()).toMatchObject({ screen: 'documentSlip', delivered: true });
  });

  it('gives up after the bounded tries: journaled, reported not delivered, the customer told to ask the counter or call', async () => {
    const k = await loggedIn();
    k.hq.increase.push(APPROVED);
    k.printer.prints = [{ ok: false, failure: 'paperOut', started: true }, { ok: false, failure: 'paperOut', started: false }, new Error('printer port threw')];
    await k.askIncrease();
    await k.advance(DEFAULT_FLOW_TIMING.documentPrintRetryMs * (DEFAULT_FLOW_TIMING.documentPrintAttempts - 1));
    expect(k.payloadsOf('contractDocument.printFailed').map((p) => (p as { attempt: number }).attempt)).toEqual([1, 2, 3]);
    expect(k.payloadsOf('contractDocument.notDelivered')).toEqual([{ documentId: APPROVED.contractDocument.documentId, kind: 'increase', attempts: 3, failure: 'hardwareError' }]);
    expect(k.hq.deliveryReports).toEqual([{ documentId: APPROVED.contractDocument.documentId, delivered: false, attempts: 3, failure: 'hardwareError' }]);
    expect(k.view()).toMatchObject({ screen: 'documentSlip', delivered: false, callCentre: { number: '0120-24-0365' } });
    // The limit did change at HQ: the result says so.
    await k.intent({ type: 'choose', choice: 'continue' });
    expect(k.view()).toMatchObject({ screen: 'limitResult', outcome: 'approved', creditLimit: 600_000 });
  });

  it('journals a report HQ did not take, and still gives the customer the slip', async () => {
    const k = await loggedIn();
    k.hq.increase.push(APPROVED);
    k.hq.deliveryAnswers.push(new Error('HQ away'));
    await k.askIncrease();
    expect(k.payloadsOf('contractDocument.reportFailed')).toEqual([{ documentId: APPROVED.contractDocument.documentId, delivered: true }]);
    expect(k.view()).toMatchObject({ screen: 'documentSlip', delivered: true });
  });

  it('never journals the card number, the PIN or the document text', async () => {
    const k = await loggedIn();
    k.hq.increase.push(APPROVED);
    k.printer.prints = [{ ok: false, failure: 'coverOpen', started: false }, { ok: true }];
    await k.askIncrease();
    await k.advance(DEFAULT_FLOW_TIMING.documentPrintRetryMs);
    const text = secretsScanText(k.journal.events);
    expect(k.types()).toEqual(expect.arrayContaining(['contractDocument.printFailed', 'contractDocument.printed']));
    expect(text).not.toContain(CARD);
    expect(text).not.toContain(PIN);
    expect(text).not.toContain('山田');
    expect(text).not.toContain('極度額');
  });
});
