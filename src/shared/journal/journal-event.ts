/**
 * What a caller hands to `journal.append`: a typed union over the closed set
 * of event types, so a wrong payload for a type is a compile error, and the
 * same check again at run time (the journal validates every event before it
 * stores it; issue 6: "unknown fields are rejected").
 */
import type { z } from 'zod';
import { JournalActor } from './actor';
import { isJournalEventType, JOURNAL_PAYLOADS, type JournalEventType, type JournalPayloads } from './event-payloads';
import { SessionRef } from './safe-values';

export type JournalEventOf<K extends JournalEventType> = {
  type: K;
  actor: JournalActor;
  /** The customer, staff or technician session this belongs to; absent for machine events. */
  sessionId?: string | null;
  payload: z.input<JournalPayloads[K]>;
};

export type JournalEvent = { [K in JournalEventType]: JournalEventOf<K> }[JournalEventType];

/** Validation problems as `path: message`; never the offending value, which may be the very secret refused. */
export type EventCheck =
  | { ok: true; event: ParsedJournalEvent }
  | { ok: false; problems: string[] };

export interface ParsedJournalEvent {
  type: JournalEventType;
  actor: JournalActor;
  sessionId: string | null;
  payload: Record<string, unknown>;
}

const EVENT_KEYS = new Set(['type', 'actor', 'sessionId', 'payload']);

export function checkJournalEvent(input: unknown): EventCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: ['event: expected an object'] };
  const record = input as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(record)) if (!EVENT_KEYS.has(key)) problems.push(`${key}: unknown field`);
  const type = record.type;
  if (typeof type !== 'string' || !isJournalEventType(type)) {
    problems.push('type: not a journal event type');
    return { ok: false, problems };
  }
  const actor = JournalActor.safeParse(record.actor);
  if (!actor.success) problems.push(...describe('actor', actor.error));
  let sessionId: string | null = null;
  if (record.sessionId !== undefined && record.sessionId !== null) {
    const parsed = SessionRef.safeParse(record.sessionId);
    if (parsed.success) sessionId = parsed.data;
    else problems.push(...describe('sessionId', parsed.error));
  }
  const payload = JOURNAL_PAYLOADS[type].safeParse(record.payload);
  if (!payload.success) problems.push(...describe('payload', payload.error));
  if (problems.length > 0 || !actor.success || !payload.success) return { ok: false, problems };
  return { ok: true, event: { type, actor: actor.data, sessionId, payload: payload.data as Record<string, unknown> } };
}

export function describe(root: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = [root, ...issue.path.map(String)].join('.');
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    return `${path}: ${issue.code}${keys}: ${issue.message}`;
  });
}
