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
  /** An income certificate on the scanner glass (SimState.certificates; without an id, 山田's latest withholding slip). */
  z.object({ type: z.literal('presentIncomeCertificate'), certificateId: z.string().regex(/^[a-z0-9-]{1,64}$/).optional() }).strict(),
  z.object({ type: z.literal('cardReaderFault'), fault: z.enum(['jam', 'clearJam', 'silent', 'responsive']) }).strict(),
  /** The document printer (issue 14): paper supply and cover, as DLE EOT will report them; clear what was printed. */
  z.object({ type: z.literal('printer'), setting: z.enum(['paperFull', 'paperNearEnd', 'paperOut', 'coverOpen', 'coverClosed', 'clearPrinted']) }).strict(),
  /** The roll ends after this many more printed lines (paper out part way through a document). */
  z.object({ type: z.literal('printerPaperRunsOutAfter'), lines: z.number().int().min(0).max(500) }).strict(),
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
  /** Income certificates of several kinds, one in another person's name, one too old (issue 14). */
  certificates: z.array(z.object({ id: z.string(), label: z.string() })),
  hqOnline: z.boolean(),
  clock: z.string(),
  clockShifted: z.boolean(),
  cardReader: z.object({ media: z.string(), retained: z.number(), jammed: z.boolean(), silent: z.boolean() }).nullable(),
  /** The simulated printer and what it printed, decoded from the ESC/POS it received (newest last, the last few). */
  printer: z.object({
    paper: z.enum(['full', 'nearEnd', 'out']),
    coverOpen: z.boolean(),
    canPrint: z.boolean(),
    printed: z.array(z.object({ text: z.string(), cut: z.boolean() })),
  }).nullable(),
  screen: z.string(),
});
export type SimState = z.infer<typeof SimState>;

export const SimResult = z.object({ ok: z.boolean(), message: z.string() });
export type SimResult = z.infer<typeof SimResult>;
