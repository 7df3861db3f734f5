/**
 * Intents: what the renderer may ask of main. The renderer is untrusted
 * (ARCHITECTURE.md): every message is parsed with `Intent` in main before
 * anything acts on it; unknown types and extra fields are refused.
 */
import { z } from 'zod';

export const Locale = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof Locale>;

/** Upper bound for one serialized intent; anything larger is refused unread. */
export const MAX_INTENT_BYTES = 4096;

const intent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...shape }).strict();

export const Intent = z.discriminatedUnion('type', [
  /** The renderer (re)loaded and wants the current view. */
  intent('ready', {}),
  intent('setLocale', { locale: Locale }),
  intent('setLargeText', { on: z.boolean() }),
  /** Any touch: resets the inactivity timer of the current screen. */
  intent('touch', {}),
]);
export type Intent = z.infer<typeof Intent>;
export type IntentType = Intent['type'];
