/**
 * HQ's own policy numbers (ARCHITECTURE.md, "HQ": HQ owns every policy
 * number). None of these is ever sent to a kiosk: DOMAIN.md, "Security
 * lock", says the count of allowed wrong PINs is deliberately not disclosed.
 */
import { z } from 'zod';

export const HqPolicy = z.object({
  /** Consecutive wrong PINs that lock a card: 3 to 5 (DOMAIN.md, "Security lock"). */
  lockThreshold: z.number().int().min(3).max(5).default(4),
  /** A session idle longer than this is refused (the kiosk's own inactivity timeout is shorter). */
  sessionIdleMs: z.number().int().min(60_000).max(3_600_000).default(10 * 60_000),
  /** Identity-document comparisons a session may fail before HQ stops comparing. */
  maxIdentityAttempts: z.number().int().min(1).max(10).default(3),
}).strict();
export type HqPolicy = z.infer<typeof HqPolicy>;

export const DEFAULT_HQ_POLICY: HqPolicy = HqPolicy.parse({});
