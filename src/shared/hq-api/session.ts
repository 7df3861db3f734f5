/**
 * Card sessions. A session is the kiosk's customer-session id, opened at HQ
 * by the first card route (authenticate or identify) and bound to that
 * kiosk and that card. Every later operation names it; HQ refuses a session
 * that belongs to another kiosk or card, has ended, or has idled past
 * HQ's session timeout.
 */
import { z } from 'zod';
import { CardNumber, MaskedCardNumber, SessionId, Yen } from './common';
import { PinBlock } from './pin-block';

export const OperatorRole = z.enum(['staff', 'technician']);
export type OperatorRole = z.infer<typeof OperatorRole>;

/** What an operator may do at a kiosk; HQ grants them by role. */
export const OperatorPermission = z.enum([
  'viewJournal',
  'unlockCustomerAccount',
  'resetCustomerPin',
  'runDiagnostics',
  'serviceDevices',
  'replenishSupplies',
  'takeOutOfService',
  /** See the captured cards and record that the retain bin was emptied (issue 8). */
  'handleCapturedCards',
]);
export type OperatorPermission = z.infer<typeof OperatorPermission>;

/** The masked summary a customer sees after logging in. */
export const CustomerSummary = z.object({
  kind: z.literal('customer'),
  cardMasked: MaskedCardNumber,
  nameKanji: z.string().max(60),
  nameKana: z.string().max(60),
  creditLimit: Yen,
  balance: Yen,
  /** creditLimit - balance, never below 0 (a suspended customer sees 0). */
  available: Yen,
}).strict();
export type CustomerSummary = z.infer<typeof CustomerSummary>;

export const OperatorSummary = z.object({
  kind: z.literal('operator'),
  cardMasked: MaskedCardNumber,
  staffId: z.string().regex(/^[A-Z0-9-]{3,32}$/),
  name: z.string().max(60),
  role: OperatorRole,
  permissions: z.array(OperatorPermission),
}).strict();
export type OperatorSummary = z.infer<typeof OperatorSummary>;

export const AuthenticateCardRequest = z.object({
  sessionId: SessionId,
  cardNumber: CardNumber,
  pinBlock: PinBlock,
}).strict();
export type AuthenticateCardRequest = z.infer<typeof AuthenticateCardRequest>;

/**
 * Card authentication outcomes (issue 5). `wrongPin` never says how many
 * tries remain (DOMAIN.md, "Security lock"); `suspended` gives no reason;
 * `captureCard` tells the kiosk to retain the card (DOMAIN.md, "Card loss").
 */
export const AuthenticateCardResponse = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('ok'), sessionId: SessionId, holder: z.discriminatedUnion('kind', [CustomerSummary, OperatorSummary]) }).strict(),
  z.object({ outcome: z.literal('wrongPin') }).strict(),
  z.object({ outcome: z.literal('locked') }).strict(),
  z.object({ outcome: z.literal('suspended') }).strict(),
  z.object({ outcome: z.literal('captureCard'), reason: z.enum(['lost', 'stolen']) }).strict(),
  z.object({ outcome: z.literal('expired') }).strict(),
  z.object({ outcome: z.literal('unknownCard') }).strict(),
]);
export type AuthenticateCardResponse = z.infer<typeof AuthenticateCardResponse>;
export type CardAuthOutcome = AuthenticateCardResponse['outcome'];

/**
 * The no-PIN way in, for a customer who forgot the PIN or whose card is
 * locked: DOMAIN.md says a PIN is re-set and a lock cleared with the card
 * and an identity document. Opens the session for identity verification only.
 */
export const IdentifyCardRequest = z.object({
  sessionId: SessionId,
  cardNumber: CardNumber,
}).strict();
export type IdentifyCardRequest = z.infer<typeof IdentifyCardRequest>;

export const IdentifyCardResponse = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('cardIdentified'), sessionId: SessionId, cardMasked: MaskedCardNumber }).strict(),
  z.object({ outcome: z.literal('operatorCard') }).strict(),
  z.object({ outcome: z.literal('captureCard'), reason: z.enum(['lost', 'stolen']) }).strict(),
  z.object({ outcome: z.literal('expired') }).strict(),
  z.object({ outcome: z.literal('unknownCard') }).strict(),
]);
export type IdentifyCardResponse = z.infer<typeof IdentifyCardResponse>;

export const SessionRequest = z.object({ sessionId: SessionId }).strict();
export type SessionRequest = z.infer<typeof SessionRequest>;

export const EndSessionResponse = z.object({ ended: z.literal(true) }).strict();
export type EndSessionResponse = z.infer<typeof EndSessionResponse>;
