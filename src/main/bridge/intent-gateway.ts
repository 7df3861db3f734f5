/**
 * The one door intents come through, whichever shell carried them (IPC or
 * WebSocket). The renderer is untrusted: a message is measured, parsed with
 * the shared zod schema and only then handed on. A refusal is logged with
 * its reason and, at most, the intent's type when that type is one we know:
 * never the content, which could be anything the renderer typed.
 */
import { Intent, MAX_INTENT_BYTES, type IntentType } from '../../shared/bridge';

export type IntentRefusalReason = 'tooLarge' | 'notJson' | 'invalidShape' | 'unknownType';

export type IntentParse =
  | { ok: true; intent: Intent }
  | { ok: false; reason: IntentRefusalReason; type?: IntentType };

const KNOWN_TYPES: ReadonlySet<string> = new Set(Intent.options.map((o) => o.shape.type.value));

/** Parses a raw message: a string (WebSocket frame) or a structured-clone value (IPC). */
export function parseIntent(raw: unknown): IntentParse {
  let value: unknown = raw;
  if (typeof raw === 'string' || raw instanceof Uint8Array) {
    const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.byteLength;
    if (size > MAX_INTENT_BYTES) return { ok: false, reason: 'tooLarge' };
    try {
      value = JSON.parse(typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8'));
    } catch {
      return { ok: false, reason: 'notJson' };
    }
  } else {
    // IPC delivers a structured clone: measure it as JSON. Cycles and BigInts
    // cannot be intents.
    let encoded: string | undefined;
    try {
      encoded = JSON.stringify(raw);
    } catch {
      return { ok: false, reason: 'invalidShape' };
    }
    if (encoded === undefined) return { ok: false, reason: 'invalidShape' };
    if (Buffer.byteLength(encoded) > MAX_INTENT_BYTES) return { ok: false, reason: 'tooLarge' };
  }
  const type = (value as { type?: unknown } | null)?.type;
  const knownType = typeof type === 'string' && KNOWN_TYPES.has(type) ? (type as IntentType) : undefined;
  if (!knownType) return { ok: false, reason: 'unknownType' };
  const parsed = Intent.safeParse(value);
  if (!parsed.success) return { ok: false, reason: 'invalidShape', type: knownType };
  return { ok: true, intent: parsed.data };
}
