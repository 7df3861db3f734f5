/**
 * Issue 12: no operation without its journal entry. The whole composed
 * kiosk (real journal on disk, simulated CRT-310 and ID scanner behind the
 * real drivers) against a real HQ on loopback (PGlite, demo seed). For each
 * entry that precedes an HQ operation, the journal turns read-only the
 * moment that entry is appended (SQLITE_READONLY, as a read-only mount
 * gives), and the test shows: HQ never received the operation, the session
 * ended with the card given back, and the kiosk went out of service for the
 * journal.
 */
import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composeKiosk, type ComposedKiosk } from '../../../src/main/compose-kiosk';
import { parseConfig } from '../../../src/main/config/load-config';
import { loadOrCreateKioskKey } from '../../../src/main/keys/kiosk-key';
import { demoTracks } from '../../../src/devices/card-reader/simulator/demo-card';
import type { PinKey, ServiceAction, ViewModel } from '../../../src/shared/bridge';
import type { JournalEvent } from '../../../src/shared/journal';
import { captureLogger } from '../../support/capture-logger';
import { tempDir } from '../../unit/journal/journal-fixture';
import { startHarness, WEDNESDAY_NOON_TOKYO, type HqHarness } from '../hq/hq-harness';
import { enrollKiosk } from '../../../src/hq/accounts/account-admin';

const TIMING = { noticeMs: 300, goodbyeMs: 200, tickMs: 100, takeCardSeconds: 30 };

let hq: HqHarness;
/** Paths of every request the kiosk sent to HQ (recorded at the kiosk's real fetch). */
const sent: string[] = [];
const realFetch = globalThis.fetch;

beforeAll(async () => {
  hq = await startHarness('pglite', { seed: true });
  globalThis.fetch = (input, init) => {
    sent.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
    return realFetch(input, init);
  };
}, 60_000);

afterAll(async () => {
  globalThis.fetch = realFetch;
  await hq?.close();
});

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

let kioskCount = 0;

async function start() {
  const temp = tempDir();
  cleanups.push(() => temp.remove());
  const kioskId = `KIOSK-JBH-${++kioskCount}`;
  const key = loadOrCreateKioskKey(`${temp.dir}/kiosk-ed25519.pem`);
  await enrollKiosk(hq.db, { kioskId, publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  const log = captureLogger();
  const config = parseConfig({ kioskId, dataDir: temp.dir, hq: { url: hq.url, timeoutMs: 5000 } });
  const kiosk = await composeKiosk({ config, logger: log.logger, host: 'web', hqProbeSeconds: 3600, journalProbeSeconds: 0.2, timing: TIMING });
  cleanups.push(() => kiosk.close());
  // Inside opening hours whatever the hour of the run (HQ's clock is the harness's).
  kiosk.simulation.clock.setNow(WEDNESDAY_NOON_TOKYO);
  await kiosk.simulation.refresh();
  await expect.poll(() => kiosk.core.view.view.screen, { timeout: 10_000 }).toBe('idle');
  return drive(kiosk);
}

function drive(kiosk: ComposedKiosk) {
  const view = () => kiosk.core.view.view;
  const db = (kiosk.journal as unknown as { db: Database.Database }).db;
  const intent = (raw: unknown) => kiosk.core.handleIntent(raw, 'test');
  const until = (predicate: (v: ViewModel['view']) => boolean, what: string) =>
    expect.poll(() => predicate(view()) || `${what}; now ${JSON.stringify(view())}`, { timeout: 10_000 }).toBe(true);
  return {
    kiosk,
    view,
    until,
    /** The next append of this type meets a read-only journal: the real SQLITE_READONLY path. */
    failOn(type: JournalEvent['type']) {
      const append = kiosk.journal.append.bind(kiosk.journal);
      kiosk.journal.append = (event) => {
        if (event.type === type) db.pragma('query_only = ON');
        return append(event);
      };
    },
    insert(cardNumber: string) {
      const reader = kiosk.simulation.cardReader;
      if (!reader) throw new Error('no simulated reader');
      // The driver reports it (XFS MediaInserted) and the composition tells the core.
      reader.insertCard(demoTracks(cardNumber));
    },
    async pin(digits: string) {
      for (const d of digits) intent({ type: 'pinKey', key: d as PinKey });
      intent({ type: 'pinKey', key: 'enter' });
    },
    choose: (choice: string) => intent({ type: 'choose', choice }),
    act: (action: ServiceAction) => intent({ type: 'serviceAction', action }),
    present: (documentId: string) => kiosk.simulation.idScanner?.present(documentId),
    /** What must hold after a refused entry: no such HQ call, the card back at the slot, then out of service for the journal. */
    async endsWithoutCalling(path: string, sentBefore: number) {
      await until((v) => v.screen === 'takeCard' || v.screen === 'notice', 'the session winds down');
      await until((v) => v.screen === 'takeCard', 'the card is given back');
      const reader = kiosk.simulation.cardReader;
      expect(reader?.removeCard()).toBe(true);
      await until((v) => v.screen === 'outOfService' && v.reason === 'journalUnavailable', 'out of service for the journal');
      expect(sent.slice(sentBefore)).not.toContain(path);
    },
  };
}

describe('an HQ operation whose journal entry cannot be committed never starts', () => {
  it('card.read refused: HQ never sees the card and PIN', async () => {
    const k = await start();
    const before = sent.length;
    k.failOn('card.read');
    k.insert('4000000001');
    await k.endsWithoutCalling('/v1/card/authenticate', before);
    expect(sent.slice(before)).not.toContain('/v1/card/identify');
  });

  it('document.scanned refused: HQ is not asked to compare the document', async () => {
    const k = await start();
    k.insert('4000000001');
    await k.until((v) => v.screen === 'pinEntry', 'PIN entry');
    k.choose('forgotPin');
    await k.until((v) => v.screen === 'documentScan', 'document scan');
    const before = sent.length;
    k.failOn('document.scanned');
    await k.present('yamada-licence');
    await k.endsWithoutCalling('/v1/identity/verify', before);
  });

  it('pin.resetRequested refused: the new PIN never leaves the kiosk', async () => {
    const k = await start();
    k.insert('4000000001');
    await k.until((v) => v.screen === 'pinEntry', 'PIN entry');
    k.choose('forgotPin');
    await k.until((v) => v.screen === 'documentScan', 'document scan');
    await k.present('yamada-licence');
    await k.until((v) => v.screen === 'pinEntry' && v.purpose === 'newPin', 'new PIN');
    const before = sent.length;
    k.failOn('pin.resetRequested');
    await k.pin('4815');
    await k.until((v) => v.screen === 'pinEntry' && v.purpose === 'confirmNewPin', 'confirm PIN');
    await k.pin('4815');
    await k.endsWithoutCalling('/v1/pin/reset', before);
  });

  it('limit.reviewRequested refused: HQ does not review the increase', async () => {
    const k = await start();
    k.insert('4000000001');
    await k.until((v) => v.screen === 'pinEntry', 'PIN entry');
    await k.pin('7391');
    await k.until((v) => v.screen === 'menu', 'menu');
    k.choose('limitIncrease');
    await k.until((v) => v.screen === 'amountEntry', 'amount');
    k.kiosk.core.handleIntent({ type: 'setAmount', amountYen: 600_000 }, 'test');
    k.choose('confirm');
    await k.until((v) => v.screen === 'declarations', 'declarations');
    const before = sent.length;
    k.failOn('limit.reviewRequested');
    k.kiosk.core.handleIntent({ type: 'declare', annualIncomeYen: 6_000_000, employment: 'employee', otherBorrowingYen: 0 }, 'test');
    await k.endsWithoutCalling('/v1/limit/increase', before);
  });

  it('limit.decreaseRequested refused: HQ does not lower the limit', async () => {
    const k = await start();
    k.insert('4000000001');
    await k.until((v) => v.screen === 'pinEntry', 'PIN entry');
    await k.pin('7391');
    await k.until((v) => v.screen === 'menu', 'menu');
    k.choose('limitDecrease');
    await k.until((v) => v.screen === 'amountEntry', 'amount');
    k.kiosk.core.handleIntent({ type: 'setAmount', amountYen: 300_000 }, 'test');
    k.choose('confirm');
    await k.until((v) => v.screen === 'confirmDecrease', 'confirm decrease');
    const before = sent.length;
    k.failOn('limit.decreaseRequested');
    k.choose('confirm');
    await k.endsWithoutCalling('/v1/limit/decrease', before);
  });

  it('staff: document.scanned refused: HQ is not asked to verify, the operator is logged out and the kiosk stops', async () => {
    const k = await start();
    k.insert('9000000001');
    await k.until((v) => v.screen === 'pinEntry', 'PIN entry');
    await k.pin('1357');
    await k.until((v) => v.screen === 'service' && v.page.page === 'staffMenu', 'staff menu');
    k.act('lookupByCard');
    await k.until((v) => v.screen === 'service' && v.page.page === 'swapCard' && v.page.stage === 'takeOwnCard', 'take own card');
    k.kiosk.simulation.cardReader?.removeCard();
    await k.until((v) => v.screen === 'service' && v.page.page === 'swapCard' && v.page.stage === 'insertCard', 'insert the customer card');
    k.insert('4000000000000051');
    await k.until((v) => v.screen === 'service' && v.page.page === 'customer', 'customer found');
    const before = sent.length;
    k.failOn('document.scanned');
    k.act('scanIdentity');
    await k.present('takahashi-mynumber');
    await k.until((v) => v.screen === 'takeCard', 'the customer card is given back');
    k.kiosk.simulation.cardReader?.removeCard();
    await k.until((v) => v.screen === 'outOfService' && v.reason === 'journalUnavailable', 'out of service for the journal');
    expect(sent.slice(before)).not.toContain('/v1/staff/identity/verify');
  });
});
