/**
 * The development simulator panel's contract (issue 7, "Simulator panel"):
 * what `/sim` may ask the web host to do to the simulated world. Served by
 * the web host only; the Electron shell has no route for it.
 */
import { z } from 'zod';

export const SimCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('insertCard'), cardNumber: z.string().regex(/^(\d{10}|\d{15,16})$/) }).strict(),
  z.object({ type: z.literal('insertUnreadableCard') }).strict(),
  z.object({ type: z.literal('insertCardOfSize'), size: z.enum(['long', 'short']) }).strict(),
  z.object({ type: z.literal('removeCard') }).strict(),
  z.object({ type: z.literal('presentDocument'), documentId: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict(),
  z.object({ type: z.literal('presentUnreadableDocument') }).strict(),
  /** A page of an income certificate (not an identity document) on the scanner glass. */
  z.object({ type: z.literal('presentIncomeCertificate') }).strict(),
  z.object({ type: z.literal('cardReaderFault'), fault: z.enum(['jam', 'clearJam', 'silent', 'responsive']) }).strict(),
  z.object({ type: z.literal('setHqOnline'), online: z.boolean() }).strict(),
  /** ISO instant to set the kiosk clock to, or null to follow the real clock again. */
  z.object({ type: z.literal('setClock'), at: z.iso.datetime({ offset: true }).nullable() }).strict(),
  /** The guidance handset lifted (or headphones plugged in), or put back (issue 18). */
  z.object({ type: z.literal('setHandset'), lifted: z.boolean() }).strict(),
]);
export type SimCommand = z.infer<typeof SimCommand>;

export const SimState = z.object({
  cards: z.array(z.object({ cardNumber: z.string(), label: z.string() })),
  documents: z.array(z.object({ id: z.string(), label: z.string() })),
  hqOnline: z.boolean(),
  clock: z.string(),
  clockShifted: z.boolean(),
  cardReader: z.object({ media: z.string(), retained: z.number(), jammed: z.boolean(), silent: z.boolean() }).nullable(),
  screen: z.string(),
});
export type SimState = z.infer<typeof SimState>;

export const SimResult = z.object({ ok: z.boolean(), message: z.string() });
export type SimResult = z.infer<typeof SimResult>;
