import type { NoticeKind } from '../../shared/bridge';
import type { StatusTone } from '../components/status-tone';

/**
 * How each notice looks. A closed map, so a new `NoticeKind` without a tone
 * fails the type check. `role` is what assistive technology hears: an
 * outcome the customer asked for is a status, anything that stopped them an alert.
 */
export const noticeTone: Record<NoticeKind, StatusTone> = {
  cardUnreadable: 'warning',
  cardUnknown: 'error',
  cardExpired: 'error',
  cardCaptured: 'error',
  accountSuspended: 'error',
  accountLocked: 'warning',
  documentNotAccepted: 'error',
  documentUnreadable: 'warning',
  documentExpired: 'warning',
  tooManyAttempts: 'error',
  pinChanged: 'success',
  lockClearedAndPinChanged: 'success',
  limitDecreased: 'success',
  limitRefusedNearClosing: 'info',
  limitRefusedHours: 'info',
  limitOfferExpired: 'info',
  limitReviewUnavailable: 'warning',
  serviceCardNotHere: 'error',
  hqUnavailable: 'warning',
  deviceFault: 'error',
  sessionTimedOut: 'info',
  maintenanceStarting: 'info',
  printerUnavailable: 'warning',
  notInService: 'info',
};

export const roleForTone = (tone: StatusTone): 'status' | 'alert' => (tone === 'success' || tone === 'info' ? 'status' : 'alert');
