/**
 * Who did what (DOMAIN.md, "Who uses the machine"): a customer, known only by
 * a masked card number or not yet known; branch staff or a technician by
 * their staff id; or the machine itself.
 */
import { z } from 'zod';
import { MaskedCardNumber, SafeId } from './safe-values';

export const JournalActor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customer'), maskedCard: MaskedCardNumber.optional() }).strict(),
  z.object({ kind: z.literal('staff'), staffId: SafeId }).strict(),
  z.object({ kind: z.literal('technician'), technicianId: SafeId }).strict(),
  z.object({ kind: z.literal('system') }).strict(),
]);
export type JournalActor = z.infer<typeof JournalActor>;

export const SYSTEM_ACTOR: JournalActor = { kind: 'system' };
