/**
 * Every kiosk-facing HQ route, declared once (STYLE.md, "Contracts declared
 * once"): HQ registers each with these schemas, the kiosk's HqClient derives
 * one typed method per entry, and the OpenAPI document is generated from
 * them. `auth: 'kiosk'` routes carry the request signature
 * (request-signing.ts); `public` ones do not.
 */
import type { z } from 'zod';
import { UploadDiagnosticsRequest, UploadDiagnosticsResponse, UploadRequestedDiagnosticsRequest } from '../diagnostics/diagnostics-bundle';
import { CalendarResponse } from './calendar';
import { DocumentDeliveryAck, DocumentDeliveryReport } from './contract-document';
import { VerifyIdentityRequest, VerifyIdentityResponse } from './identity';
import { JOURNAL_BATCH_BODY_LIMIT, JournalBatchRequest, JournalBatchResponse } from './journal-ingest';
import { HqKeysResponse } from './keys';
import { KioskStatusAck, KioskStatusReport } from './kiosk-status';
import { LimitDecreaseRequest, LimitDecreaseResponse, LimitIncreaseRequest, LimitIncreaseResponse, LimitOfferAnswerRequest, LimitOfferAnswerResponse } from './limit';
import { ClearLockResponse, ResetPinRequest, ResetPinResponse } from './pin-reset';
import {
  AuthenticateCardRequest,
  AuthenticateCardResponse,
  EndSessionResponse,
  IdentifyCardRequest,
  IdentifyCardResponse,
  SessionRequest,
} from './session';
import {
  StaffConfirmIdentityResponse,
  StaffLookupRequest,
  StaffLookupResponse,
  StaffResetPinRequest,
  StaffResetPinResponse,
  StaffSessionRequest,
  StaffUnlockResponse,
  StaffVerifyIdentityRequest,
  StaffVerifyIdentityResponse,
} from './staff';

export interface HqRoute {
  method: 'GET' | 'POST';
  path: `/v1/${string}`;
  auth: 'kiosk' | 'public';
  summary: string;
  body: z.ZodType | null;
  response: z.ZodType;
  /** Largest body HQ reads, in bytes; absent means HQ_DEFAULT_BODY_LIMIT. */
  bodyLimit?: number;
}

/**
 * Largest body HQ reads for a route that declares no `bodyLimit` (issue 15:
 * a small default; a PIN block, an identity document or a status report is
 * a few KiB). Read only once the request's headers name an enrolled kiosk.
 */
export const HQ_DEFAULT_BODY_LIMIT = 64 * 1024;

/** A diagnostics bundle (up to 500 card-reader trace lines): Fastify's former default, kept for this route. */
export const DIAGNOSTICS_BODY_LIMIT = 1024 * 1024;

export const HQ_ROUTES = {
  getHqKeys: {
    method: 'GET', path: '/v1/hq-keys', auth: 'public', body: null, response: HqKeysResponse,
    summary: 'HQ\'s PIN-encryption (X25519) and receipt-signing (Ed25519) public keys',
  },
  authenticateCard: {
    method: 'POST', path: '/v1/card/authenticate', auth: 'kiosk', body: AuthenticateCardRequest, response: AuthenticateCardResponse,
    summary: 'Card and encrypted PIN: ok (masked summary), wrongPin, locked, suspended, captureCard, expired, unknownCard',
  },
  identifyCard: {
    method: 'POST', path: '/v1/card/identify', auth: 'kiosk', body: IdentifyCardRequest, response: IdentifyCardResponse,
    summary: 'Card without PIN, to re-set a forgotten PIN or clear a lock after identity verification',
  },
  verifyIdentity: {
    method: 'POST', path: '/v1/identity/verify', auth: 'kiosk', body: VerifyIdentityRequest, response: VerifyIdentityResponse,
    summary: 'Check a scanned identity document against the customer\'s record: verified, or not accepted with a customer-safe class (never the field)',
  },
  resetPin: {
    method: 'POST', path: '/v1/pin/reset', auth: 'kiosk', body: ResetPinRequest, response: ResetPinResponse,
    summary: 'Set a new PIN (needs a verified identity in the session); clears the counter and any lock',
  },
  clearLock: {
    method: 'POST', path: '/v1/lock/clear', auth: 'kiosk', body: SessionRequest, response: ClearLockResponse,
    summary: 'Clear the security lock (needs a verified identity in the session)',
  },
  reviewLimitIncrease: {
    method: 'POST', path: '/v1/limit/increase', auth: 'kiosk', body: LimitIncreaseRequest, response: LimitIncreaseResponse,
    summary: 'Limit increase review, decided on the spot, with reason codes',
  },
  answerLimitOffer: {
    method: 'POST', path: '/v1/limit/offer', auth: 'kiosk', body: LimitOfferAnswerRequest, response: LimitOfferAnswerResponse,
    summary: 'The customer accepts or declines a partial approval; the limit changes only on acceptance, while the offer is held',
  },
  decreaseLimit: {
    method: 'POST', path: '/v1/limit/decrease', auth: 'kiosk', body: LimitDecreaseRequest, response: LimitDecreaseResponse,
    summary: 'Limit decrease, immediate',
  },
  reportDocumentDelivery: {
    method: 'POST', path: '/v1/limit/document/delivery', auth: 'kiosk', body: DocumentDeliveryReport, response: DocumentDeliveryAck,
    summary: 'Whether the contract-change document (art. 17) reached the customer; undelivered ones are listed for staff to reissue',
  },
  endSession: {
    method: 'POST', path: '/v1/session/end', auth: 'kiosk', body: SessionRequest, response: EndSessionResponse,
    summary: 'End the session (card returned or captured, customer left)',
  },
  getCalendar: {
    method: 'GET', path: '/v1/calendar', auth: 'kiosk', body: null, response: CalendarResponse,
    summary: 'This kiosk\'s calendar (store hours, announcements) and its service status now, Asia/Tokyo',
  },
  reportStatus: {
    method: 'POST', path: '/v1/kiosk/status', auth: 'kiosk', body: KioskStatusReport, response: KioskStatusAck,
    summary: 'Software version and device health, for HQ\'s fleet view',
  },
  // Operator sessions (issue 8): every call names the staff or technician session; HQ checks role and permission each time.
  staffLookupCustomer: {
    method: 'POST', path: '/v1/staff/customer/lookup', auth: 'kiosk', body: StaffLookupRequest, response: StaffLookupResponse,
    summary: 'Staff: find a customer by the customer\'s card or 9-digit member number (masked card, names, lock and suspension state)',
  },
  staffVerifyIdentity: {
    method: 'POST', path: '/v1/staff/identity/verify', auth: 'kiosk', body: StaffVerifyIdentityRequest, response: StaffVerifyIdentityResponse,
    summary: 'Staff: compare the looked-up customer\'s document with HQ\'s record; per-field result for staff',
  },
  staffConfirmIdentity: {
    method: 'POST', path: '/v1/staff/identity/confirm', auth: 'kiosk', body: StaffSessionRequest, response: StaffConfirmIdentityResponse,
    summary: 'Staff: record that the staff member checked the verified document against the person in front of them',
  },
  staffClearLock: {
    method: 'POST', path: '/v1/staff/lock/clear', auth: 'kiosk', body: StaffSessionRequest, response: StaffUnlockResponse,
    summary: 'Staff: clear the looked-up customer\'s security lock (verified and confirmed identity; refused for suspended accounts)',
  },
  staffResetPin: {
    method: 'POST', path: '/v1/staff/pin/reset', auth: 'kiosk', body: StaffResetPinRequest, response: StaffResetPinResponse,
    summary: 'Staff: store the PIN the customer typed privately (verified and confirmed identity; refused for suspended accounts)',
  },
  uploadDiagnostics: {
    method: 'POST', path: '/v1/diagnostics', auth: 'kiosk', body: UploadDiagnosticsRequest, response: UploadDiagnosticsResponse,
    bodyLimit: DIAGNOSTICS_BODY_LIMIT,
    summary: 'Technician: store a diagnostics bundle (no personal data) for this kiosk',
  },
  uploadRequestedDiagnostics: {
    method: 'POST', path: '/v1/diagnostics/requested', auth: 'kiosk', body: UploadRequestedDiagnosticsRequest, response: UploadDiagnosticsResponse,
    bodyLimit: DIAGNOSTICS_BODY_LIMIT,
    summary: 'The kiosk itself: store the diagnostics bundle a console operator requested (named in the status ack); 409 with no open request',
  },
  // Journal sync (issue 6): every domain answer is 200 with an `outcome` (journal-ingest.ts).
  pushJournalBatch: {
    method: 'POST', path: '/v1/journal/batches', auth: 'kiosk', body: JournalBatchRequest, response: JournalBatchResponse,
    bodyLimit: JOURNAL_BATCH_BODY_LIMIT,
    summary: 'Push a signed batch of journal events (exactly once, in seq order); answers accepted with a signed receipt, gap, or refused',
  },
} as const satisfies Record<string, HqRoute>;

export type HqRoutes = typeof HQ_ROUTES;
export type HqRouteName = keyof HqRoutes;
export type HqRouteBody<K extends HqRouteName> = HqRoutes[K]['body'] extends z.ZodType ? z.input<HqRoutes[K]['body']> : undefined;
export type HqRouteResponse<K extends HqRouteName> = z.output<HqRoutes[K]['response']>;
