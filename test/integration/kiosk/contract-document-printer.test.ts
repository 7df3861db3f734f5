/**
 * Issue 14: the contract-change document (貸金業法 art. 17) end to end
 * below the screen. The composed kiosk (real journal, real drivers) with
 * its printer on a real pty (socat; the ESC/POS simulator on the other
 * end, serialport on both) against a real HQ on loopback (PGlite).
 * - Paper out before the change: HQ is never asked; the limit stays.
 * - Paper out part way through the document after HQ approved: retried,
 *   journaled, and HQ records the document as not delivered (staff's list).
 * - Paper back: the next change prints whole, and HQ records it delivered.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composeKiosk } from '../../../src/main/compose-kiosk';
import { parseConfig } from '../../../src/main/config/load-config';
import { loadOrCreateKioskKey } from '../../../src/main/keys/kiosk-key';
import { demoTracks } from '../../../src/devices/card-reader/simulator/demo-card';
import { PRINTER_BAUD_RATES, PrinterSimulator } from '../../../src/devices/printer';
import { SerialTransport } from '../../../src/devices/transport/serial-transport';
import { enrollKiosk } from '../../../src/hq/accounts/account-admin';
import type { PinKey, ViewModel } from '../../../src/shared/bridge';
import { captureLogger, secretsScanText } from '../../support/capture-logger';
import { openPtyPair } from '../../support/pty-pair';
import { tempDir } from '../../unit/journal/journal-fixture';
import { startHarness, WEDNESDAY_NOON_TOKYO, type HqHarness } from '../hq/hq-harness';

const TIMING = { noticeMs: 300, goodbyeMs: 200, tickMs: 100, takeCardSeconds: 30, documentPrintRetryMs: 50, documentPrintAttempts: 2, takeDocumentMs: 60_000 };

let hq: HqHarness;
beforeAll(async () => { hq = await startHarness('pglite', { seed: true, bureau: true }); }, 60_000);
afterAll(async () => { await hq?.close(); });
const cleanups: (() => unknown)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

async function start() {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  const simulator = new PrinterSimulator({ transport: new SerialTransport({ path: pair.devicePath, baudRate: 9600, baudRates: PRINTER_BAUD_RATES }) });
  await simulator.start();
  cleanups.push(() => simulator.stop());
  const temp = tempDir();
  cleanups.push(() => temp.remove());
  const kioskId = 'KIOSK-DOC-1';
  const key = loadOrCreateKioskKey(`${temp.dir}/kiosk-ed25519.pem`);
  await enrollKiosk(hq.db, { kioskId, publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  const log = captureLogger();
  const config = parseConfig({ kioskId, dataDir: temp.dir, hq: { url: hq.url, timeoutMs: 5000 }, devices: { printer: { kind: 'serial', path: pair.hostPath } } });
  const kiosk = await composeKiosk({ config, logger: log.logger, host: 'web', hqProbeSeconds: 3600, journalProbeSeconds: 5, timing: TIMING });
  cleanups.push(() => kiosk.close());
  kiosk.simulation.clock.setNow(WEDNESDAY_NOON_TOKYO);
  await kiosk.simulation.refresh();
  expect(kiosk.simulation.printer).toBeNull();
  const view = () => kiosk.core.view.view;
  const until = (predicate: (v: ViewModel['view']) => boolean, what: string) =>
    expect.poll(() => predicate(view()) || `${what}; now ${JSON.stringify(view())}`, { timeout: 15_000 }).toBe(true);
  await until((v) => v.screen === 'idle', 'idle');
  const intent = (raw: unknown) => kiosk.core.handleIntent(raw, 'test');
  const card = await hq.newCustomerCard({ creditLimit: 300_000, annualIncome: 6_000_000 });
  // What the entries say (type, actor, payload); the hash chain's hex is not content.
  const journalText = () => secretsScanText(kiosk.journal.recentOfTypes(
    ['limit.changeNotConfirmed', 'contractDocument.printFailed', 'contractDocument.printed', 'contractDocument.notDelivered', 'limit.reviewDecided', 'card.read'], 100)
    .map((r) => ({ type: r.type, actor: r.actor, payload: r.payload })));
  const events = (type: Parameters<typeof kiosk.journal.recentOfTypes>[0][number]) => kiosk.journal.recentOfTypes([type], 20).map((r) => r.payload);
  return {
    kiosk, simulator, card, view, until, journalText, events,
    async login() {
      kiosk.simulation.cardReader!.insertCard(demoTracks(card.cardNumber));
      await until((v) => v.screen === 'pinEntry', 'PIN entry');
      for (const d of card.pin) intent({ type: 'pinKey', key: d as PinKey });
      intent({ type: 'pinKey', key: 'enter' });
      await until((v) => v.screen === 'menu', 'menu');
    },
    async askIncrease(amountYen: number) {
      intent({ type: 'choose', choice: 'limitIncrease' });
      await until((v) => v.screen === 'amountEntry', 'amount entry');
      intent({ type: 'setAmount', amountYen });
      intent({ type: 'choose', choice: 'confirm' });
      await until((v) => v.screen === 'declarations', 'declarations');
      intent({ type: 'declare', annualIncomeYen: 6_000_000, employment: 'employee', otherBorrowingYen: 0 });
    },
    choose: (choice: string) => intent({ type: 'choose', choice }),
  };
}

const storedLimit = async (customerId: number) =>
  Number((await hq.db.query<{ credit_limit: number }>('SELECT credit_limit FROM customers WHERE customer_id = $1', [customerId])).rows[0]!.credit_limit);
const documentsOf = async (customerId: number) =>
  (await hq.db.query<{ delivery: string; delivery_failure: string | null; print_attempts: number | null; new_limit: number }>(
    'SELECT delivery, delivery_failure, print_attempts, new_limit FROM contract_documents WHERE customer_id = $1 ORDER BY issued_at', [customerId])).rows;

describe('the contract-change document through the printer on a real pty', () => {
  it('refuses the change with paper out, records undelivered when the paper ends mid-document, and prints whole when paper is back', async () => {
    const k = await start();
    await k.login();

    // 1. Paper out before the change: HQ is not asked, the limit stays.
    k.simulator.setPaper('out');
    await k.askIncrease(400_000);
    await k.until((v) => v.screen === 'notice' && v.kind === 'printerUnavailable', 'printer unavailable');
    expect(k.events('limit.changeNotConfirmed')).toEqual([{ change: 'increase', printer: 'paperOut' }]);
    expect(await storedLimit(k.card.customerId)).toBe(300_000);
    expect(await documentsOf(k.card.customerId)).toEqual([]);
    k.choose('continue');
    await k.until((v) => v.screen === 'menu', 'menu again');

    // 2. Paper loaded, but the roll ends three lines into the document: HQ approved, the document is not delivered.
    k.simulator.setPaper('full');
    k.simulator.runOutOfPaperAfter(3);
    await k.askIncrease(400_000);
    await k.until((v) => v.screen === 'documentSlip', 'document slip');
    expect(k.view()).toMatchObject({ screen: 'documentSlip', delivered: false });
    expect(await storedLimit(k.card.customerId)).toBe(400_000);
    expect(k.events('contractDocument.printFailed').map((p) => p.failure)).toEqual(['paperOut', 'paperOut']);
    expect(k.events('contractDocument.notDelivered')).toEqual([expect.objectContaining({ kind: 'increase', attempts: 2, failure: 'paperOut' })]);
    await expect.poll(() => documentsOf(k.card.customerId)).toEqual([{ delivery: 'notDelivered', delivery_failure: 'paperOut', print_attempts: 2, new_limit: 400_000 }]);
    // What reached the paper: the start of the document, never cut.
    expect(k.simulator.printed().at(-1)).toMatchObject({ cut: false });
    expect(k.simulator.printed().at(-1)?.text).toContain('極度額変更のお知らせ');
    k.choose('continue');
    await k.until((v) => v.screen === 'limitResult', 'result');
    k.choose('continue');
    await k.until((v) => v.screen === 'menu', 'menu');

    // 3. Paper back: the next increase prints whole and cut, read back from the simulator; HQ records it delivered.
    k.simulator.setPaper('full');
    await k.askIncrease(450_000);
    await k.until((v) => v.screen === 'documentSlip', 'document slip');
    expect(k.view()).toMatchObject({ delivered: true });
    const slip = k.simulator.printed().at(-1)!;
    expect(slip.cut).toBe(true);
    expect(slip.text).toContain('変更前の極度額　400,000円');
    expect(slip.text).toContain('変更後の極度額　450,000円');
    expect(slip.text).toContain(`${k.card.cardNumber.slice(0, 6)}******${k.card.cardNumber.slice(-4)}`);
    await expect.poll(async () => (await documentsOf(k.card.customerId)).map((d) => d.delivery)).toEqual(['notDelivered', 'delivered']);

    // Nothing of the card number or PIN in the journal.
    const text = k.journalText();
    expect(text).not.toContain(k.card.cardNumber);
    expect(text).not.toContain(k.card.pin);
  });
});
