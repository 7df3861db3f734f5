/**
 * Staff-assisted operations (issue 8, "Branch staff"). Every request names
 * the OPERATOR's session: the session HQ opened when the staff card and its
 * PIN were authenticated (POST /v1/card/authenticate). HQ checks on every
 * call that the session is PIN-authenticated, belongs to an enabled operator
 * whose role grants the permission the operation needs (src/hq/config/
 * operator-roles.ts), and journals the operation at HQ with the staff id and
 * the customer's masked card.
 *
 * The customer worked on is the one the last lookup in that session found;
 * identity verification, the staff member's confirmation, the lock clear and
 * the PIN re-set all apply to that customer only.
 */
import { z } from 'zod';
import { IdentityDocument } from '../identity/identity-document';
import { CardNumber, MaskedCardNumber, SessionId } from './common';
import { FieldIdentityResponse } from './identity';
import { PinBlock } from './pin-block';
import { WeakPinReason } from './pin-reset';

/** 会員番号: 9 half-width digits (DOMAIN.md, "Credentials"). The kiosk folds full-width input before sending. */
export const MemberNumber = z.string().regex(/^\d{9}$/, 'member number: 9 half-width digits');
export type MemberNumber = z.infer<typeof MemberNumber>;

export const StaffLookupRequest = z.object({
  sessionId: SessionId,
  by: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('card'), cardNumber: CardNumber }).strict(),
    z.object({ kind: z.literal('memberNumber'), memberNumber: MemberNumber }).strict(),
  ]),
}).strict();
export type StaffLookupRequest = z.infer<typeof StaffLookupRequest>;

export const StaffCardStatus = z.enum(['active', 'lost', 'stolen', 'expired', 'none']);
export type StaffCardStatus = z.infer<typeof StaffCardStatus>;

/**
 * What staff see of a customer. Suspension is a bare flag: HQ keeps no
 * staff-visible reason code (DOMAIN.md: the reason is credit data the
 * machine does not reveal), so staff are told "suspended, refer to HQ".
 */
export const StaffCustomerView = z.object({
  /** The card the lock applies to (the customer's newest card), masked; null for a member without a card. */
  cardMasked: MaskedCardNumber.nullable(),
  memberNumber: MemberNumber,
  nameKanji: z.string().max(60),
  nameKana: z.string().max(60),
  locked: z.boolean(),
  /** Identity checks locked after repeated failed documents (issue 13): staff clear it after checking a registered document. */
  identityLocked: z.boolean(),
  suspended: z.boolean(),
  cardStatus: StaffCardStatus,
}).strict();
export type StaffCustomerView = z.infer<typeof StaffCustomerView>;

export const StaffLookupResponse = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('found'), customer: StaffCustomerView }).strict(),
  z.object({ outcome: z.literal('notFound') }).strict(),
  /** Another operator's card was inserted as "the customer's card". */
  z.object({ outcome: z.literal('operatorCard') }).strict(),
  /** A lost or stolen card inserted: the kiosk captures it, as in the customer flow (DOMAIN.md, "Card loss"). */
  z.object({ outcome: z.literal('captureCard'), reason: z.enum(['lost', 'stolen']) }).strict(),
]);
export type StaffLookupResponse = z.infer<typeof StaffLookupResponse>;

export const StaffVerifyIdentityRequest = z.object({ sessionId: SessionId, document: IdentityDocument }).strict();
export type StaffVerifyIdentityRequest = z.infer<typeof StaffVerifyIdentityRequest>;

/** The per-field answer: the staff screen shows the fields, the customer's never does (issue 13). */
export const StaffVerifyIdentityResponse = FieldIdentityResponse;
export type StaffVerifyIdentityResponse = z.infer<typeof StaffVerifyIdentityResponse>;

/** Why HQ will not do a staff operation for the looked-up customer: business refusals staff are shown. */
export const StaffRefusal = z.enum(['accountSuspended', 'identityNotVerified', 'notConfirmed', 'cardNotUsable', 'noCard']);
export type StaffRefusal = z.infer<typeof StaffRefusal>;

export const StaffSessionRequest = z.object({ sessionId: SessionId }).strict();
export type StaffSessionRequest = z.infer<typeof StaffSessionRequest>;

export const StaffConfirmIdentityResponse = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('confirmed') }).strict(),
  z.object({ outcome: z.literal('refused'), reason: StaffRefusal }).strict(),
]);
export type StaffConfirmIdentityResponse = z.infer<typeof StaffConfirmIdentityResponse>;

export const StaffUnlockResponse = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('lockCleared'), wasLocked: z.boolean() }).strict(),
  z.object({ outcome: z.literal('refused'), reason: StaffRefusal }).strict(),
]);
export type StaffUnlockResponse = z.infer<typeof StaffUnlockResponse>;

export const StaffResetPinRequest = z.object({
  sessionId: SessionId,
  /** Encrypted with purpose `newPin` under the operator's session id; typed by the customer, twice, on the soft PIN pad. */
  newPinBlock: PinBlock,
}).strict();
export type StaffResetPinRequest = z.infer<typeof StaffResetPinRequest>;

export const StaffResetPinResponse = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('pinChanged'), lockCleared: z.boolean() }).strict(),
  z.object({ outcome: z.literal('weakPin'), reason: WeakPinReason }).strict(),
  z.object({ outcome: z.literal('refused'), reason: StaffRefusal }).strict(),
]);
export type StaffResetPinResponse = z.infer<typeof StaffResetPinResponse>;
