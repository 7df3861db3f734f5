import { SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { KioskCore, type ExitRequest } from '../../../src/main/kiosk-core';
import { DEFAULT_FLOW_TIMING } from '../../../src/main/flows/ports';
import type { MemberNumberKey, PinKey, ServiceAction, ViewModel } from '../../../src/shared/bridge';
import type { OperatorSummary } from '../../../src/shared/hq-api';
import { captureLogger, secretsScanText } from '../../support/capture-logger';
import { FakeCardReader, FakeHq, FakeIdScanner, fakeJournal, LICENCE, FakePrinter } from '../../support/fake-flow-ports';
import { FakeControl, FakeStaffHq, FakeTechnician, STAFF, TAKAHASHI_FOUND, TECHNICIAN } from '../../support/fake-service-ports';

/**
 * Service mode through the core (issue 8), with stand-in ports and a
 * simulated clock: the operator log-in, the staff unlock path, the
 * technician's self-tests and exit, card removal and the faster timeout,
 * and the permission checks on every action.
 */
const SESSION = '00000000-0000-4000-8000-00000000000a';
const FIELDS = { name: 'match', dateOfBirth: 'match', documentNumber: 'match', expiry: 'valid', scannerChecks: 'passed' } as const;

function kiosk() {
  const clock = new SimulatedClock();
  const hq = new FakeHq();
  const reader = new FakeCardReader();
  const scanner = new FakeIdScanner();
  const journal = fakeJournal();
  const staffHq = new FakeStaffHq();
  const technician = new FakeTechnician();
  const control = new FakeControl();
  const log = captureLogger();
  const views: ViewModel[] = [];
  const exits: ExitRequest[] = [];
  const core = new KioskCore({
    logger: log.logger, clock,
    ports: { cardReader: reader, idScanner: scanner, printer: new FakePrinter(), hq, journal: journal.port },
    service: { staffHq, technician, control },
  });
  core.onView((v) => views.push(v));
  core.onExitRequest((r) => exits.push(r));
  core.start();
  const settle = async () => { for (let i = 0; i < 20; i++) await Promise.resolve(); await new Promise((r) => setImmediate(r)); };
  const view = () => core.view.view;
  const page = () => { const v = view(); if (v.screen !== 'service') throw new Error(`not a service screen: ${v.screen}`); return v.page; };
  const pin = async (digits: string) => {
    for (const d of digits) core.handleIntent({ type: 'pinKey', key: d as PinKey }, 'test');
    core.handleIntent({ type: 'pinKey', key: 'enter' }, 'test');
    await settle();
  };
  const act = async (action: ServiceAction) => { const accepted = core.handleIntent({ type: 'serviceAction', action }, 'test'); await settle(); return accepted; };
  const key = async (k: string) => { core.handleIntent({ type: 'memberNumberKey', key: k as MemberNumberKey }, 'test'); await settle(); };
  const exportTo = async (index: number) => { const accepted = core.handleIntent({ type: 'chooseExportTarget', index }, 'test'); await settle(); return accepted; };
  const advance = async (ms: number, step = 1000) => { for (let t = 0; t < ms; t += step) { clock.increment(step); await settle(); } };
  const login = async (operator: OperatorSummary, pinDigits: string) => {
    reader.card = { ok: true, cardNumber: operator.role === 'staff' ? '9000000001' : '9000000002' };
    hq.auth.push({ outcome: 'ok', sessionId: SESSION, holder: operator });
    core.cardInserted();
    await settle();
    await pin(pinDigits);
  };
  return { core, clock, hq, reader, scanner, journal, staffHq, technician, control, log, views, exits, view, page, pin, act, key, exportTo, advance, settle, login };
}

describe('service mode', () => {
  it('opens the staff menu after HQ authenticates a staff card and PIN, with the card held at the slot', async () => {
    const k = kiosk();
    await k.login(STAFF, '1357');
    expect(k.view()).toMatchObject({ screen: 'service', role: 'staff', staffId: 'STAFF-ITO', page: { page: 'staffMenu' } });
    expect(k.page()).toMatchObject({ actions: ['lookupByCard', 'lookupByMemberNumber', 'viewCapturedCards', 'takeOutOfService', 'logout'] });
    expect(k.reader.moves).toEqual(['eject']);
    const types = k.journal.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['identification.result', 'staff.loggedIn', 'session.started']));
    expect(k.journal.events.find((e) => e.type === 'session.started')).toMatchObject({ actor: { kind: 'staff', staffId: 'STAFF-ITO' }, payload: { kind: 'staff' } });
  });

  it('unlocks a customer found by a full-width member number: per-field result, confirmation, step away, the customer\'s PIN twice', async () => {
    const k = kiosk();
    await k.login(STAFF, '1357');
    k.staffHq.lookups.push(TAKAHASHI_FOUND);
    k.staffHq.verifies.push({ decision: 'mismatch', fields: { ...FIELDS, name: 'mismatch' }, reasons: ['nameMismatch'] }, { decision: 'verified', fields: FIELDS, reasons: [], cardLocked: true });
    k.staffHq.confirms.push({ outcome: 'confirmed' });
    k.staffHq.unlocks.push({ outcome: 'lockCleared', wasLocked: true });
    k.staffHq.resets.push({ outcome: 'weakPin', reason: 'sequential' }, { outcome: 'pinChanged', lockCleared: false });
    k.scanner.scans.push({ ok: true, document: LICENCE }, { ok: true, document: LICENCE });

    await k.act('lookupByMemberNumber');
    for (const d of '１０００００００') await k.key(d);
    await k.key('enter');
    expect(k.page()).toMatchObject({ page: 'memberNumber', entered: '10000000' });
    expect(k.view()).toMatchObject({ banner: 'memberNumberIncomplete' });
    await k.key('5');
    await k.key('enter');
    expect(k.staffHq.lookedUpBy).toEqual([{ kind: 'memberNumber', memberNumber: '100000005' }]);
    expect(k.page()).toMatchObject({ page: 'customer', customer: { nameKanji: '高橋 美咲', locked: true }, identity: null, actions: ['scanIdentity', 'finishCustomer'] });

    // Unlocking before the document is checked is not on the screen, so it is refused.
    expect(await k.act('unlockAndSetPin')).toBe(false);
    expect(k.journal.events.at(-1)).toMatchObject({ type: 'bridge.intentRefused', payload: { intent: 'serviceAction', reason: 'notAllowedInState' } });

    await k.act('scanIdentity');
    expect(k.page()).toMatchObject({ page: 'customer', identity: { decision: 'mismatch', fields: { name: 'mismatch' } }, actions: ['scanIdentity', 'finishCustomer'] });
    expect(k.view()).toMatchObject({ banner: 'identityMismatch' });
    await k.act('scanIdentity');
    expect(k.page()).toMatchObject({ identity: { decision: 'verified', documentKind: 'driversLicence' }, actions: ['scanIdentity', 'confirmIdentity', 'finishCustomer'] });
    await k.act('confirmIdentity');
    expect(k.page()).toMatchObject({ confirmed: true, actions: ['scanIdentity', 'unlockAndSetPin', 'finishCustomer'] });
    await k.act('unlockAndSetPin');
    expect(k.page()).toMatchObject({ page: 'stepAway', actions: ['customerReady', 'back'] });
    await k.act('customerReady');
    // The customer's own, ordinary PIN screen: nothing of the staff screen around it.
    expect(k.view()).toEqual({ screen: 'pinEntry', purpose: 'newPin', digits: 0, length: 4, message: null, offerForgotPin: false });
    await k.pin('1234');
    await k.pin('1234');
    expect(k.view()).toMatchObject({ screen: 'pinEntry', purpose: 'newPin', message: 'weakSequential' });
    await k.pin('4815');
    expect(k.view()).toMatchObject({ screen: 'pinEntry', purpose: 'confirmNewPin' });
    await k.pin('4815');
    expect(k.page()).toMatchObject({ page: 'customer', customer: { locked: false } });
    expect(k.view()).toMatchObject({ banner: 'pinChanged' });
    expect(k.staffHq.pinsSeen).toEqual(['1234', '4815']);

    const staffActions = k.journal.events.filter((e) => e.type === 'staff.action').map((e) => e.payload);
    expect(staffActions.map((p) => p.action)).toEqual(['customerLookedUp', 'identityRefused', 'identityChecked', 'identityConfirmed', 'lockCleared', 'pinReset']);
    expect(staffActions.every((p) => p.targetMaskedCard === '400000******0051')).toBe(true);
    expect(k.journal.events.filter((e) => e.type === 'staff.action').every((e) => e.actor.kind === 'staff' && e.actor.staffId === 'STAFF-ITO')).toBe(true);
    expect(k.journal.events.map((e) => e.type)).toEqual(expect.arrayContaining(['lock.cleared', 'pin.reset', 'document.scanned']));
    const everything = secretsScanText(k.views, k.journal.events) + k.log.contentText();
    for (const secret of ['4815', '1357', '9000000001', '309012345620']) expect(everything).not.toContain(secret);
  });

  it('shows staff why a suspended account cannot be unlocked', async () => {
    const k = kiosk();
    await k.login(STAFF, '1357');
    k.staffHq.lookups.push({ outcome: 'found', customer: { ...TAKAHASHI_FOUND.outcome === 'found' ? TAKAHASHI_FOUND.customer : (null as never), suspended: true } });
    k.staffHq.verifies.push({ decision: 'verified', fields: FIELDS, reasons: [], cardLocked: false });
    k.staffHq.confirms.push({ outcome: 'confirmed' });
    k.staffHq.unlocks.push({ outcome: 'refused', reason: 'accountSuspended' });
    k.scanner.scans.push({ ok: true, document: LICENCE });
    await k.act('lookupByMemberNumber');
    for (const d of '100000005') await k.key(d);
    await k.key('enter');
    expect(k.page()).toMatchObject({ customer: { suspended: true } });
    await k.act('scanIdentity');
    await k.act('confirmIdentity');
    await k.act('unlockAndSetPin');
    expect(k.view()).toMatchObject({ banner: 'accountSuspended', page: { page: 'customer' } });
    expect(k.journal.events.filter((e) => e.type === 'staff.action').at(-1)?.payload).toMatchObject({ action: 'unlockRefused', note: 'accountSuspended' });
  });

  it('looks a customer up by the customer\'s card: the staff card is taken without logging out, the customer\'s card is read and held', async () => {
    const k = kiosk();
    await k.login(STAFF, '1357');
    k.staffHq.lookups.push(TAKAHASHI_FOUND);
    await k.act('lookupByCard');
    expect(k.page()).toMatchObject({ page: 'swapCard', purpose: 'customerCard', stage: 'takeOwnCard' });
    k.core.cardRemoved();
    await k.settle();
    expect(k.page()).toMatchObject({ page: 'swapCard', stage: 'insertCard' });
    expect(k.reader.accepting).toBe(true);
    k.reader.card = { ok: true, cardNumber: '4000000000000051' };
    k.core.cardInserted();
    await k.settle();
    expect(k.staffHq.lookedUpBy).toEqual([{ kind: 'card', cardNumber: '4000000000000051' }]);
    expect(k.page()).toMatchObject({ page: 'customer', customer: { cardMasked: '400000******0051' } });
    // Taking the customer's card does not log the staff member out.
    k.core.cardRemoved();
    await k.settle();
    expect(k.page()).toMatchObject({ page: 'customer' });
    expect(JSON.stringify(k.journal.events)).not.toContain('4000000000000051');
  });

  it('logs out when the operator takes the card, and journals why', async () => {
    const k = kiosk();
    await k.login(STAFF, '1357');
    k.core.cardRemoved();
    await k.settle();
    expect(k.view().screen).toBe('idle');
    expect(k.journal.events.find((e) => e.type === 'staff.loggedOut')?.payload).toEqual({ reason: 'cardRemoved' });
    expect(k.journal.events.find((e) => e.type === 'session.ended')?.payload).toEqual({ reason: 'loggedOut' });
    const sessionId = k.journal.events.find((e) => e.type === 'session.started')?.sessionId;
    expect(k.hq.ended).toEqual([sessionId]);
  });

  it('times out faster than a customer session, asks for the card, and captures it if left', async () => {
    const k = kiosk();
    await k.login(TECHNICIAN, '2468');
    await k.advance(DEFAULT_FLOW_TIMING.serviceInactivityMs);
    expect(k.core.view.inactivity).toEqual({ secondsLeft: DEFAULT_FLOW_TIMING.serviceInactivityWarningSeconds });
    expect(DEFAULT_FLOW_TIMING.serviceInactivityMs).toBeLessThan(DEFAULT_FLOW_TIMING.inactivityMs);
    await k.advance(DEFAULT_FLOW_TIMING.serviceInactivityWarningSeconds * 1000);
    expect(k.view()).toMatchObject({ screen: 'takeCard' });
    expect(k.journal.events.find((e) => e.type === 'technician.loggedOut')?.payload).toEqual({ reason: 'timeout' });
    await k.advance(DEFAULT_FLOW_TIMING.takeCardSeconds * 1000);
    expect(k.reader.moves).toEqual(['eject', 'capture']);
    expect(k.journal.events.find((e) => e.type === 'card.captured')).toMatchObject({ actor: { kind: 'technician' }, payload: { reason: 'notTaken' } });
    expect(k.view().screen).toBe('idle');
  });

  it('refuses a staff action to a technician and a technician action to staff, journaling the refusal', async () => {
    const k = kiosk();
    await k.login(TECHNICIAN, '2468');
    expect(await k.act('lookupByCard')).toBe(false);
    expect(k.view()).toMatchObject({ banner: 'notPermitted', page: { page: 'technicianMenu' } });
    expect(k.journal.events.at(-1)).toMatchObject({ type: 'technician.action', actor: { kind: 'technician', technicianId: 'TECH-WATANABE' }, payload: { action: 'permissionRefused', note: 'refused lookupByCard' } });
    k.core.cardRemoved();
    await k.settle();
    const s = kiosk();
    await s.login(STAFF, '1357');
    expect(await s.act('exitApp')).toBe(false);
    expect(await s.act('viewDevices')).toBe(false);
    expect(s.exits).toEqual([]);
    expect(s.page()).toMatchObject({ page: 'staffMenu' });
  });

  it('refuses service intents outside service mode (a customer card cannot open it)', async () => {
    const k = kiosk();
    k.hq.auth.push({ outcome: 'ok', sessionId: SESSION, holder: { kind: 'customer', cardMasked: '******0001', nameKanji: '山田 太郎', nameKana: 'ヤマダ タロウ', creditLimit: 500_000, balance: 0, available: 500_000 } });
    k.core.cardInserted();
    await k.settle();
    await k.pin('7391');
    expect(k.view().screen).toBe('menu');
    expect(await k.act('viewDevices')).toBe(false);
    expect(k.core.handleIntent({ type: 'memberNumberKey', key: '1' }, 'test')).toBe(false);
    expect(k.view().screen).toBe('menu');
  });

  it('runs technician self-tests, records each with its result, and uses a test card for the capture test', async () => {
    const k = kiosk();
    await k.login(TECHNICIAN, '2468');
    await k.act('viewDevices');
    expect(k.page()).toMatchObject({ page: 'devices', heldCard: 'own', ledSupported: true, portsPresent: [{ path: '/dev/ttyUSB0' }] });
    expect(k.page()).toMatchObject({ actions: expect.not.arrayContaining(['testCapture']) });
    k.technician.testResults.set('eject', { ok: false, detail: 'commandErrorCode mediaJam: move to exit failed' });
    await k.act('testReaderStatus');
    await k.act('testEject');
    expect(k.page()).toMatchObject({ selfTests: [{ test: 'eject', ok: false, detail: expect.stringContaining('mediaJam') }, { test: 'readerStatus', ok: true }] });
    expect(k.view()).toMatchObject({ banner: 'testFailed' });
    await k.act('useTestCard');
    k.core.cardRemoved();
    await k.settle();
    k.reader.card = { ok: false, reason: 'unreadable' };
    k.core.cardInserted();
    await k.settle();
    expect(k.page()).toMatchObject({ page: 'devices', heldCard: 'test', actions: expect.arrayContaining(['testCapture']) });
    await k.act('testCapture');
    expect(k.page()).toMatchObject({ heldCard: 'none' });
    expect(k.technician.tests).toEqual(['readerStatus', 'eject', 'capture']);
    const actions = k.journal.events.filter((e) => e.type === 'technician.action').map((e) => e.payload);
    expect(actions).toEqual(expect.arrayContaining([
      { action: 'selfTest', device: 'cardReader', test: 'eject', passed: false },
      { action: 'selfTest', device: 'cardReader', test: 'capture', passed: true },
    ]));
    expect(k.journal.events.find((e) => e.type === 'card.captured')?.payload).toEqual({ reason: 'technicianTest' });
  });

  it('does not take the kiosk out of service when the journal cannot record it, and ends the operator session with the card given back', async () => {
    const k = kiosk();
    await k.login(TECHNICIAN, '2468');
    expect(k.page()).toMatchObject({ page: 'technicianMenu' });
    k.journal.failing = true;
    await k.act('takeOutOfService');
    expect(k.control.changes).toEqual([]);
    expect(k.view()).toMatchObject({ screen: 'takeCard' });
  });

  it('asks HQ for no staff PIN re-set the journal cannot record first', async () => {
    const k = kiosk();
    await k.login(STAFF, '1357');
    k.staffHq.lookups.push(TAKAHASHI_FOUND);
    k.staffHq.verifies.push({ decision: 'verified', fields: FIELDS, reasons: [], cardLocked: true });
    k.staffHq.confirms.push({ outcome: 'confirmed' });
    k.staffHq.unlocks.push({ outcome: 'lockCleared', wasLocked: true });
    k.scanner.scans.push({ ok: true, document: LICENCE });
    await k.act('lookupByMemberNumber');
    for (const d of '100000005') await k.key(d);
    await k.key('enter');
    await k.act('scanIdentity');
    await k.act('confirmIdentity');
    await k.act('unlockAndSetPin');
    await k.act('customerReady');
    await k.pin('4815');
    k.journal.failing = true;
    await k.pin('4815');
    expect(k.staffHq.calls).not.toContain('resetPin');
    expect(k.staffHq.pinsSeen).toEqual([]);
    // The staff card still at the slot is given back, as at any log-out.
    expect(k.view()).toMatchObject({ screen: 'takeCard' });
  });

  it('takes the kiosk out of service and back, exports and uploads a bundle, and exits only after confirmation', async () => {
    const k = kiosk();
    await k.login(TECHNICIAN, '2468');
    expect(await k.act('takeOutOfService')).toBe(true);
    expect(k.control.changes).toEqual([true]);
    k.core.goOutOfService('technician');
    await k.settle();
    expect(k.view()).toMatchObject({ outOfService: true, page: { actions: expect.arrayContaining(['returnToService']) } });
    // Not before the list is on screen.
    expect(await k.exportTo(1)).toBe(false);
    await k.act('exportDiagnostics');
    expect(k.page()).toEqual({
      page: 'exportTarget',
      targets: [{ kind: 'kiosk', label: '/data/diagnostics', freeMb: 1000 }, { kind: 'removable', label: '/media/tech/USBSTICK', freeMb: 7000 }],
      actions: ['back'],
    });
    // An index past the list does nothing; the drive does.
    await k.exportTo(5);
    expect(k.page()).toMatchObject({ page: 'exportTarget' });
    expect(await k.exportTo(1)).toBe(true);
    expect(k.view()).toMatchObject({ banner: 'exported', exportedTo: '/media/tech/USBSTICK/bundle.json' });
    expect(k.technician.writtenTo).toEqual(['/media/tech/USBSTICK']);
    await k.act('uploadDiagnostics');
    expect(k.view()).toMatchObject({ banner: 'uploaded' });
    expect(k.staffHq.uploads).toHaveLength(1);
    await k.act('exitApp');
    expect(k.page()).toMatchObject({ page: 'confirm', what: 'exit' });
    expect(k.exits).toEqual([]);
    await k.act('confirm');
    await k.settle();
    expect(k.exits).toEqual([{ kind: 'exit', technicianId: 'TECH-WATANABE' }]);
    expect(k.journal.events.filter((e) => e.type === 'technician.action').map((e) => e.payload.action)).toEqual(
      expect.arrayContaining(['outOfServiceSet', 'diagnosticsExported', 'diagnosticsUploaded', 'appExit']));
    // The technician left the kiosk out of service: it stays so.
    expect(k.view()).toMatchObject({ screen: 'outOfService', reason: 'technician' });
  });

  it('lets a technician in while the kiosk is out of service, and sends a customer card back with a notice', async () => {
    const k = kiosk();
    k.core.goOutOfService('technician');
    await k.settle();
    expect(k.reader.accepting).toBe(true);
    k.reader.card = { ok: true, cardNumber: '4000000001' };
    k.hq.identify.push({ outcome: 'cardIdentified', sessionId: SESSION, cardMasked: '******0001' });
    k.core.cardInserted();
    await k.settle();
    expect(k.view()).toMatchObject({ screen: 'notice', kind: 'notInService' });
    k.core.handleIntent({ type: 'choose', choice: 'finish' }, 'test');
    await k.settle();
    k.core.cardRemoved();
    await k.settle();
    await k.advance(DEFAULT_FLOW_TIMING.goodbyeMs);
    expect(k.view()).toMatchObject({ screen: 'outOfService', reason: 'technician' });

    k.reader.card = { ok: true, cardNumber: '9000000002' };
    k.hq.identify.push({ outcome: 'operatorCard' });
    k.hq.auth.push({ outcome: 'ok', sessionId: SESSION, holder: TECHNICIAN });
    k.core.cardInserted();
    await k.settle();
    expect(k.view()).toMatchObject({ screen: 'pinEntry', purpose: 'login' });
    await k.pin('2468');
    expect(k.view()).toMatchObject({ screen: 'service', outOfService: true });
    await k.act('returnToService');
    expect(k.control.changes).toEqual([false]);
    k.core.resumeService();
    await k.act('logout');
    expect(k.view()).toMatchObject({ screen: 'takeCard' });
    k.core.cardRemoved();
    await k.settle();
    expect(k.view().screen).toBe('idle');
  });
});
