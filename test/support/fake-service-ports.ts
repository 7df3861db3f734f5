/**
 * Stand-ins for service mode's ports (issue 8), for unit tests of the
 * service machine and the core's permission checks. Integration and
 * end-to-end tests use the real HQ, devices and journal instead.
 */
import type { SelfTestName } from '../../src/shared/bridge';
import type { DiagnosticsBundle, KioskHealth } from '../../src/shared/diagnostics/diagnostics-bundle';
import type { OperatorSummary, StaffConfirmIdentityResponse, StaffLookupResponse, StaffResetPinResponse, StaffUnlockResponse, StaffVerifyIdentityResponse } from '../../src/shared/hq-api';
import { HqUnavailableError } from '../../src/main/flows/ports';
import type { CaptureRecord, ExportTarget, KioskControlPort, StaffHqPort, TechnicianPort } from '../../src/main/flows/operator/operator-ports';
import type { SoftPinPad } from '../../src/main/flows/soft-pin-pad';

export const STAFF: OperatorSummary = {
  kind: 'operator', cardMasked: '******0001', staffId: 'STAFF-ITO', name: '伊藤 誠', role: 'staff',
  permissions: ['viewJournal', 'unlockCustomerAccount', 'resetCustomerPin', 'takeOutOfService', 'handleCapturedCards'],
};

export const TECHNICIAN: OperatorSummary = {
  kind: 'operator', cardMasked: '******0002', staffId: 'TECH-WATANABE', name: '渡辺 健', role: 'technician',
  permissions: ['viewJournal', 'runDiagnostics', 'serviceDevices', 'replenishSupplies', 'takeOutOfService', 'handleCapturedCards'],
};

export const TAKAHASHI_FOUND: StaffLookupResponse = {
  outcome: 'found',
  customer: { cardMasked: '400000******0051', memberNumber: '100000005', nameKanji: '高橋 美咲', nameKana: 'タカハシ ミサキ', locked: true, identityLocked: false, suspended: false, cardStatus: 'active' },
};

type Script<T> = Array<T | Error>;

export class FakeStaffHq implements StaffHqPort {
  lookups: Script<StaffLookupResponse> = [];
  verifies: Script<StaffVerifyIdentityResponse> = [];
  confirms: Script<StaffConfirmIdentityResponse> = [];
  unlocks: Script<StaffUnlockResponse> = [];
  resets: Script<StaffResetPinResponse> = [];
  calls: string[] = [];
  lookedUpBy: unknown[] = [];
  pinsSeen: string[] = [];
  uploads: DiagnosticsBundle[] = [];

  #next<T>(name: string, script: Script<T>): Promise<T> {
    this.calls.push(name);
    const item = script.shift();
    if (item === undefined) return Promise.reject(new HqUnavailableError('unreachable', `no scripted answer for ${name}`));
    return item instanceof Error ? Promise.reject(item) : Promise.resolve(item);
  }

  lookup(_sessionId: string, by: unknown) { this.lookedUpBy.push(by); return this.#next('lookup', this.lookups); }
  verifyIdentity() { return this.#next('verifyIdentity', this.verifies); }
  confirmIdentity() { return this.#next('confirmIdentity', this.confirms); }
  clearLock() { return this.#next('clearLock', this.unlocks); }
  async resetPin(_s: string, pin: SoftPinPad) {
    this.pinsSeen.push(await pin.consume((d) => d.toString('latin1')));
    return this.#next('resetPin', this.resets);
  }
  async uploadDiagnostics(_s: string, bundle: DiagnosticsBundle) { this.calls.push('uploadDiagnostics'); this.uploads.push(bundle); return { bundleId: '1' }; }
}

export const HEALTH: KioskHealth = {
  journal: { count: 1, headSeq: 1, ackedSeq: 1, pending: 0, oldestPendingAt: null, health: 'ok', integrity: null },
  sync: { state: 'idle', pending: 0, lastSuccessAt: null, lastErrorAt: null, lastError: null, tamperAlert: null },
  diskFreeMb: 1000, hq: { reachable: true, latencyMs: 2, clockSkewMs: 0, checkedAt: '2026-06-10T03:00:00.000Z', keysPinned: false },
  appVersion: '0.1.0', os: 'Linux', node: 'v22', uptimeSeconds: 5, crashRecoveries: [], crashCounts: { processCrashes: 0, rendererFailures: 0 }, outOfService: { available: true, reasons: [] },
};

export class FakeTechnician implements TechnicianPort {
  tests: SelfTestName[] = [];
  testResults = new Map<SelfTestName, { ok: boolean; detail: string }>();
  retained = 2;
  written: DiagnosticsBundle[] = [];
  async portsPresent() { return { ports: [{ kind: 'serial' as const, path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001', manufacturer: 'FTDI', product: null }], error: null }; }
  deviceReports() {
    return [{ name: 'cardReader' as const, model: 'CRT-310', endpoint: 'sim', state: 'online', firmware: 'V1.0', capabilities: { led: true }, counters: { commands: 3 }, status: { device: 'online' } }];
  }
  ledSupported() { return true; }
  async selfTest(test: SelfTestName) { this.tests.push(test); return this.testResults.get(test) ?? { ok: true, detail: `${test} ok` }; }
  traffic() { return [{ at: '2026-06-10T03:00:00.000Z', direction: 'tx' as const, hex: '02 00 01 43 03 **', note: 'status' }]; }
  async health() { return HEALTH; }
  async verifyJournal() { return { ok: true, checked: 1, firstBadSeq: null, problem: null }; }
  async buildBundle(createdBy: string): Promise<DiagnosticsBundle> {
    return { format: 'kiosk-diagnostics/1', kioskId: 'KIOSK-DEMO-01', createdAt: '2026-06-10T03:00:00.000Z', createdBy, health: HEALTH, devices: [], portsPresent: [], cardReaderTraffic: [], journalEventCounts: {}, selfTests: [] };
  }
  targets: ExportTarget[] = [{ kind: 'kiosk', path: '/data/diagnostics', freeMb: 1000 }, { kind: 'removable', path: '/media/tech/USBSTICK', freeMb: 7000 }];
  writtenTo: string[] = [];
  async exportTargets() { return this.targets; }
  async writeBundle(bundle: DiagnosticsBundle, dir = '/data/diagnostics') {
    this.written.push(bundle);
    this.writtenTo.push(dir);
    return { ok: true as const, path: `${dir}/bundle.json` };
  }
  retainBin() { return { count: this.retained, state: 'ok' as const }; }
  recentCaptures(): CaptureRecord[] { return [{ at: '2026-06-10T03:00:00.000Z', reason: 'notTaken', maskedCard: '******0001' }]; }
  emptyRetainBin() { const n = this.retained; this.retained = 0; return n; }
}

export class FakeControl implements Omit<KioskControlPort, 'requestExit'> {
  outOfService = false;
  changes: boolean[] = [];
  setOutOfService(on: boolean) { this.outOfService = on; this.changes.push(on); }
  isOutOfService() { return this.outOfService; }
}
