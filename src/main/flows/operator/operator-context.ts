/**
 * The operator machine's input, context, events and screens (issue 8:
 * staff and technician service mode). As for customers, the context holds
 * nothing secret: card numbers, PIN digits and the scanned document stay in
 * the session vault.
 */
import type { MemberNumberKey, PinMessage, SelfTestName, SelfTestResult, ServiceAction, ServiceBanner, ServiceCustomer, StaffIdentityView } from '../../../shared/bridge';
import type { DeviceReport, KioskHealth, PresentPort, TrafficEntry } from '../../../shared/diagnostics/diagnostics-bundle';
import type { IdentityDocumentKind } from '../../../shared/identity/identity-document';
import type { CommonTag, ScreenTag } from '../screen-tags';
import type { PinPadEvent } from '../soft-pin-pad';
import type { CaptureRecord, ExportTarget, OperatorIdentity } from './operator-ports';

export interface OperatorInput {
  operator: OperatorIdentity;
  /** The HQ session opened by the operator's card authentication; every staff call names it. */
  sessionId: string;
  outOfService: boolean;
}

/** Which card the reader holds at the slot: the operator's own, another (a customer's), a test card, or none. */
export type HeldCard = 'own' | 'other' | 'test' | 'none';

export interface OperatorContext {
  operator: OperatorIdentity;
  sessionId: string;
  outOfService: boolean;
  banner: ServiceBanner | null;
  exportedTo: string | null;
  /** Where the technician may write the bundle (the kiosk's folder, removable drives), and the one chosen. */
  exportTargets: ExportTarget[];
  exportDir: string | null;
  memberDigits: string;
  customer: ServiceCustomer | null;
  identity: StaffIdentityView | null;
  documentKind: IdentityDocumentKind | null;
  confirmed: boolean;
  scanUnreadable: boolean;
  heldCard: HeldCard;
  swapPurpose: 'customerCard' | 'testCard';
  selfTests: SelfTestResult[];
  pendingTest: SelfTestName;
  portsPresent: { ports: PresentPort[]; error: string | null } | null;
  deviceReports: DeviceReport[];
  traffic: TrafficEntry[];
  health: KioskHealth | null;
  captures: CaptureRecord[];
  retainBin: { count: number; state: 'ok' | 'high' | 'full' };
  pinDigits: number;
  pinMessage: PinMessage | null;
  confirmWhat: 'exit' | 'restart';
  secondsLeft: number;
  ending: 'logout' | 'timeout' | 'cardRemoved';
}

export type OperatorEvent =
  | { type: 'ACTION'; action: ServiceAction }
  | { type: 'MEMBER_KEY'; key: MemberNumberKey }
  | { type: 'EXPORT_TARGET'; index: number }
  | { type: 'PIN'; result: PinPadEvent; count: number }
  | { type: 'CARD_INSERTED' }
  | { type: 'CARD_REMOVED' }
  | { type: 'TOUCH' }
  | { type: 'CANCEL' }
  | { type: 'AVAILABILITY'; outOfService: boolean }
  | { type: 'NOT_PERMITTED' }
  | { type: 'JOURNAL_FAILED' };

export function initialOperatorContext(input: OperatorInput): OperatorContext {
  return {
    operator: input.operator,
    sessionId: input.sessionId,
    outOfService: input.outOfService,
    banner: null,
    exportedTo: null,
    exportTargets: [],
    exportDir: null,
    memberDigits: '',
    customer: null,
    identity: null,
    documentKind: null,
    confirmed: false,
    scanUnreadable: false,
    heldCard: 'own',
    swapPurpose: 'customerCard',
    selfTests: [],
    pendingTest: 'readerStatus',
    portsPresent: null,
    deviceReports: [],
    traffic: [],
    health: null,
    captures: [],
    retainBin: { count: 0, state: 'ok' },
    pinDigits: 0,
    pinMessage: null,
    confirmWhat: 'exit',
    secondsLeft: 0,
    ending: 'logout',
  };
}

/** Every screen of service mode, one tag each (screen-tags.ts); operator-view.ts renders each. */
export const OPERATOR_SCREENS = [
  'customerNewPin', 'customerConfirmPin', 'takeCard',
  'staffMenu', 'technicianMenu', 'memberNumber', 'swapTakeOwnCard', 'swapInsertCard', 'customer', 'stepAway', 'capturedCards',
  'devices', 'traffic', 'health', 'exportTarget', 'confirm',
  'readingCard', 'lookingUp', 'scanningDocument', 'verifyingIdentity', 'confirming', 'clearingLock', 'settingPin',
  'testing', 'verifyingJournal', 'exporting', 'uploading', 'ejectingCard', 'loggingOut',
] as const;
export type OperatorScreen = (typeof OPERATOR_SCREENS)[number];
export type OperatorTag = ScreenTag<OperatorScreen> | CommonTag;
