/**
 * The journaled-action discipline, one for both flow machines
 * (ARCHITECTURE.md, "Journal and sync": no customer operation runs without
 * its journal entry; PCI DSS 4.0 req. 10.2: every action by an
 * administrator or on cardholder data is logged).
 *
 * A flow states an entry (type and payload); the helper fills in the actor
 * and the session, appends it, and when the journal cannot take it raises
 * `JOURNAL_FAILED` in the same step. Because the event is raised, not sent,
 * it is handled before the step ends: an operation invoked by the state the
 * entry leads to (HQ's review, a PIN re-set) is stopped before it starts,
 * so HQ never hears of an operation the journal does not hold.
 *
 * `recordWhileEnding` is the one exception, for the steps that give the card
 * back and close the session (ejected, taken, captured, ended): those must
 * happen whatever the journal says, so a failure there does not stop them.
 * The journal adapter has marked itself unhealthy either way, and the
 * availability monitor takes the kiosk out of service
 * (src/main/availability/service-monitor.ts).
 */
import { enqueueActions, type EventObject, type MachineContext, type ParameterizedObject } from 'xstate';
import type { JournalActor, JournalEvent } from '../../shared/journal';
import type { JournalPort } from './ports';

/** A journal event as a flow states it; the actor is filled in from the context unless the entry names one. */
export type JournalEntry = JournalEvent extends infer E
  ? E extends JournalEvent ? Omit<E, 'actor' | 'sessionId'> & { actor?: JournalActor } : never
  : never;

/** Who acts and in which session, from a machine's context. */
export type JournalStamp<TContext> = (context: TContext) => { actor: JournalActor; sessionId: string | null };

export const JOURNAL_FAILED = { type: 'JOURNAL_FAILED' } as const;

function append<TContext>(journal: JournalPort, stamp: JournalStamp<TContext>, context: TContext, entry: JournalEntry): boolean {
  const { actor, sessionId } = stamp(context);
  return journal({ ...entry, actor: entry.actor ?? actor, sessionId } as JournalEvent);
}

/**
 * For `enqueueActions`: appends the entry, raises JOURNAL_FAILED when it
 * could not be committed, and says whether it was (so an action that
 * follows its own entry can stop there). Every flow entry except the
 * card-return ones goes through here.
 */
export function journaled<TContext>(journal: JournalPort, stamp: JournalStamp<TContext>) {
  return ({ context, enqueue }: { context: TContext; enqueue: { raise(event: typeof JOURNAL_FAILED): void } }, entry: JournalEntry): boolean => {
    const committed = append(journal, stamp, context, entry);
    if (!committed) enqueue.raise(JOURNAL_FAILED);
    return committed;
  };
}

/** For the card-return and session-end steps only: recorded if the journal can, never stopping the card's return. */
export function recordWhileEnding<TContext>(journal: JournalPort, stamp: JournalStamp<TContext>) {
  return ({ context }: { context: TContext }, entry: JournalEntry): void => {
    append(journal, stamp, context, entry);
  };
}

type EnqueueCallback<TContext extends MachineContext, TEvent extends EventObject, TParams extends ParameterizedObject['params'] | undefined> =
  Parameters<typeof enqueueActions<TContext, TEvent, TParams, TEvent, never, never, never, never, never>>[0];

/**
 * `enqueueActions` for use inside `setup({ actions })`. XState cannot infer
 * a machine's own action map from inside its definition, so the map is left
 * out of the type (`never`): these callbacks enqueue only inline work,
 * `assign` and `raise`, never a named action.
 */
export function flowAction<TContext extends MachineContext, TEvent extends EventObject, TParams extends ParameterizedObject['params'] | undefined = undefined>(
  callback: EnqueueCallback<TContext, TEvent, TParams>,
) {
  return enqueueActions<TContext, TEvent, TParams, TEvent, never, never, never, never, never>(callback);
}

/**
 * The three journal actions every flow machine's setup spreads in:
 * `journal` (the discipline), `journalIf` (the same, for an entry that
 * applies only sometimes: null records nothing) and `recordWhileEnding`.
 */
export function journalActions<TContext extends MachineContext, TEvent extends EventObject>(journal: JournalPort, stamp: JournalStamp<TContext>) {
  const record = journaled(journal, stamp);
  const raising = (enqueue: { raise(event: TEvent): void }) => ({ raise: () => enqueue.raise(JOURNAL_FAILED as unknown as TEvent) });
  return {
    journal: flowAction<TContext, TEvent, JournalEntry>(({ context, enqueue }, entry) => { record({ context, enqueue: raising(enqueue) }, entry); }),
    journalIf: flowAction<TContext, TEvent, JournalEntry | null>(({ context, enqueue }, entry) => { if (entry) record({ context, enqueue: raising(enqueue) }, entry); }),
    recordWhileEnding: (({ context }: { context: TContext }, entry: JournalEntry) => { append(journal, stamp, context, entry); }),
  };
}
