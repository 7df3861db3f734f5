/**
 * HQ's own policy numbers (ARCHITECTURE.md, "HQ": HQ owns every policy
 * number). None of these is ever sent to a kiosk: DOMAIN.md, "Security
 * lock", says the count of allowed wrong PINs is deliberately not disclosed,
 * and the identity rules below are not disclosed either (docs/policy.md,
 * "Identity at an unmanned machine").
 */
import { z } from 'zod';
import { LenderProfile } from './lender-profile';

export const HqPolicy = z.object({
  /** Consecutive wrong PINs that lock a card: 3 to 5 (DOMAIN.md, "Security lock"). */
  lockThreshold: z.number().int().min(3).max(5).default(4),
  /** A session idle longer than this is refused (the kiosk's own inactivity timeout is shorter). */
  sessionIdleMs: z.number().int().min(60_000).max(3_600_000).default(10 * 60_000),
  /**
   * Identity documents refused for one customer, counted in the database
   * across sessions, cards, kiosks and restarts (issue 13), before the
   * customer is identity-locked: no machine compares another document for
   * them until staff clear it. A verified document resets the count. The
   * same number caps the documents one operator session may have refused,
   * whoever it looks up (staff see per-field results).
   */
  maxIdentityAttempts: z.number().int().min(1).max(10).default(3),
  /**
   * At an unmanned machine, accept a document of a kind the customer has
   * nothing on file for (its own number present, name and date of birth
   * matching). Off by default: the customer is sent to staff, who check the
   * photo and register the document (docs/policy.md).
   */
  allowFirstUseOfNewDocumentKind: z.boolean().default(false),
  /**
   * More identity documents than this refused at one kiosk within an hour,
   * across all cards, raises a fleet alert (at most one per kiosk per hour).
   * HQ keeps answering every kiosk; the alert is for people.
   */
  kioskIdentityFailuresPerHourAlert: z.number().int().min(1).max(1000).default(10),
  /**
   * The lender's particulars for the contract-change document (art. 17;
   * lender-profile.ts). The one part of this object that leaves HQ: it is
   * printed for the customer.
   */
  lender: LenderProfile.prefault({}),
}).strict();
export type HqPolicy = z.infer<typeof HqPolicy>;

export const DEFAULT_HQ_POLICY: HqPolicy = HqPolicy.parse({});
