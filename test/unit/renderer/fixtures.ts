/** One valid view per screen, checked against the contract so a fixture cannot drift from it. */
import { CertificateKind, ScreenView, type CallCentre, type ScreenName } from '../../../src/shared/bridge';

export const callCentre: CallCentre = { number: '0120-24-0365', womensLine: '0120-86-2634', operatorHours: 'weekdays 09:00-18:00' };

type ViewOf<S extends ScreenName> = Extract<ScreenView, { screen: S }>;

const raw = {
  starting: { screen: 'starting' },
  idle: { screen: 'idle', hoursToday: { open: '9:00', close: '22:00' } },
  outOfService: { screen: 'outOfService', reason: 'maintenance', resumesAt: '2025-04-06T22:00:00Z', notice: null, enrolment: null, callCentre },
  busy: { screen: 'busy', task: 'readingCard' },
  pinEntry: { screen: 'pinEntry', purpose: 'login', digits: 0, length: 4, message: null, offerForgotPin: true },
  notice: { screen: 'notice', kind: 'accountLocked', choices: ['clearLock', 'finish'], callCentre },
  menu: {
    screen: 'menu', maskedCard: '400000******0051', nameKana: 'ヤマダ タロウ', creditLimit: 500_000, available: 320_000,
    choices: ['changePin', 'limitIncrease', 'limitDecrease', 'finish'],
  },
  documentScan: { screen: 'documentScan', purpose: 'identity', certificate: null, state: 'waiting', attempt: 1, maxAttempts: 3 },
  certificateChoice: { screen: 'certificateChoice', choices: [...CertificateKind.options], refusal: null },
  amountEntry: {
    screen: 'amountEntry', direction: 'increase', currentLimit: 500_000, min: 510_000, max: 5_000_000, step: 10_000,
    selected: 800_000, deadline: '21:00',
  },
  declarations: { screen: 'declarations' },
  confirmDecrease: { screen: 'confirmDecrease', currentLimit: 500_000, newLimit: 300_000 },
  limitResult: {
    screen: 'limitResult', outcome: 'partiallyApproved', requestedLimit: 1_000_000, creditLimit: 700_000,
    choices: ['acceptOffer', 'finish'], callCentre: null,
  },
  takeCard: { screen: 'takeCard', secondsLeft: 27 },
  documentSlip: { screen: 'documentSlip', delivered: true, choices: ['continue'], callCentre: null },
  goodbye: { screen: 'goodbye' },
  service: {
    screen: 'service', role: 'staff', operatorName: '伊藤 誠', staffId: 'STAFF-ITO', outOfService: false, banner: null, exportedTo: null,
    page: { page: 'staffMenu', actions: ['lookupByCard', 'lookupByMemberNumber', 'viewCapturedCards', 'takeOutOfService', 'logout'] },
  },
} satisfies { [S in ScreenName]: ViewOf<S> };

export const views = Object.fromEntries(
  Object.entries(raw).map(([name, view]) => [name, ScreenView.parse(view)]),
) as { [S in ScreenName]: ViewOf<S> };

export function viewOf<S extends ScreenName>(screen: S, changes: Partial<ViewOf<S>> = {}): ViewOf<S> {
  return ScreenView.parse({ ...views[screen], ...changes }) as ViewOf<S>;
}
