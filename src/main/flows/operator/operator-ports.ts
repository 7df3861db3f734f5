/**
 * What service mode (the staff and technician operator machine) needs from the world, as ports (like ../ports.ts for the
 * customer flow): HQ's staff routes, the technician's tools over the real
 * devices, journal, sync and HQ link, and the kiosk's own controls. Adapters
 * in src/main/adapters and src/main/technician implement them; unit tests
 * give stand-ins.
 */
import type { KioskHealth, DiagnosticsBundle, DeviceReport, PresentPort, TrafficEntry } from '../../../shared/diagnostics/diagnostics-bundle';
import type { CaptureEntry, SelfTestName } from '../../../shared/bridge';
import type {
  OperatorSummary, StaffConfirmIdentityResponse, StaffLookupRequest, StaffLookupResponse, StaffResetPinResponse, StaffUnlockResponse, StaffVerifyIdentityResponse,
} from '../../../shared/hq-api';
import type { IdentityDocument } from '../../../shared/identity/identity-document';
import type { SoftPinPad } from '../soft-pin-pad';

/** HQ's staff routes. Business refusals are values; HQ refusing the operator rejects with OperatorRefusedError, HQ away with HqUnavailableError. */
export interface StaffHqPort {
  lookup(sessionId: string, by: StaffLookupRequest['by']): Promise<StaffLookupResponse>;
  verifyIdentity(sessionId: string, document: IdentityDocument): Promise<StaffVerifyIdentityResponse>;
  confirmIdentity(sessionId: string): Promise<StaffConfirmIdentityResponse>;
  clearLock(sessionId: string): Promise<StaffUnlockResponse>;
  /** The pad is consumed (encrypted into a PIN block and wiped) whatever happens. */
  resetPin(sessionId: string, newPin: SoftPinPad): Promise<StaffResetPinResponse>;
  uploadDiagnostics(sessionId: string, bundle: DiagnosticsBundle): Promise<{ bundleId: string }>;
}

/** HQ refused the operator (permission not granted, not an operator session, no customer looked up). */
export class OperatorRefusedError extends Error {
  constructor(readonly code: 'operatorNotPermitted' | 'notOperatorSession' | 'noCustomerSelected' | 'sessionExpired') {
    super(`HQ refused the operator: ${code}`);
    this.name = 'OperatorRefusedError';
  }
}

/** A folder a diagnostics bundle may be written to: the kiosk's own, or a removable drive's mount path. */
export interface ExportTarget {
  kind: 'kiosk' | 'removable';
  path: string;
  freeMb: number | null;
}

/** One captured card as the captured-cards page shows it (src/shared/bridge/service.ts `CaptureEntry`). */
export type CaptureRecord = CaptureEntry;

export interface TechnicianPort {
  /** Serial ports and HID devices present on this machine. */
  portsPresent(): Promise<{ ports: PresentPort[]; error: string | null }>;
  /** Configured devices: XFS status, capabilities, firmware, counters. */
  deviceReports(): DeviceReport[];
  ledSupported(): boolean;
  /** Runs one self-test against the configured device; `detail` is a technical one-liner without card data. */
  selfTest(test: SelfTestName): Promise<{ ok: boolean; detail: string }>;
  /** The card reader's raw traffic, masked by the driver, newest last. */
  traffic(limit: number): TrafficEntry[];
  health(): Promise<KioskHealth>;
  verifyJournal(): Promise<{ ok: boolean; checked: number; firstBadSeq: number | null; problem: string | null }>;
  buildBundle(createdBy: string, selfTests: readonly { test: string; ok: boolean; detail: string; at: string }[]): Promise<DiagnosticsBundle>;
  /** Places a bundle may be written to: the kiosk's folder first, then removable drives. */
  exportTargets(): Promise<ExportTarget[]>;
  writeBundle(bundle: DiagnosticsBundle, dir?: string): Promise<{ ok: true; path: string } | { ok: false; detail: string }>;
  retainBin(): { count: number; state: 'ok' | 'high' | 'full' };
  recentCaptures(limit: number): CaptureRecord[];
  /** Records the bin emptied (count back to 0); returns how many cards the count held. */
  emptyRetainBin(): number;
}

export interface KioskControlPort {
  /** The ServiceMonitor's `technician` condition. */
  setOutOfService(on: boolean): void;
  isOutOfService(): boolean;
  /** Exit or restart the application: the shells close the window through the exit guard. */
  requestExit(kind: 'exit' | 'restart', technicianId: string): void;
}

export interface OperatorPorts {
  staffHq: StaffHqPort;
  technician: TechnicianPort;
  control: KioskControlPort;
}

/** Stand-ins when the core is built without service mode: unreachable, the operator branch needs `deps.service`. */
const unavailable = (): never => { throw new Error('service mode is not configured'); };
export const NO_OPERATOR_PORTS: OperatorPorts = {
  staffHq: { lookup: unavailable, verifyIdentity: unavailable, confirmIdentity: unavailable, clearLock: unavailable, resetPin: unavailable, uploadDiagnostics: unavailable },
  technician: {
    portsPresent: unavailable, deviceReports: unavailable, ledSupported: unavailable, selfTest: unavailable, traffic: unavailable, health: unavailable,
    verifyJournal: unavailable, buildBundle: unavailable, exportTargets: unavailable, writeBundle: unavailable, retainBin: unavailable, recentCaptures: unavailable, emptyRetainBin: unavailable,
  },
  control: { setOutOfService: unavailable, isOutOfService: unavailable, requestExit: unavailable },
};

export type OperatorIdentity = Pick<OperatorSummary, 'staffId' | 'name' | 'role' | 'permissions' | 'cardMasked'>;
