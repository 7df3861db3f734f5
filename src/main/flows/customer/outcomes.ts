/**
 * HQ's answers mapped through tables (issue 12): for each outcome, where the
 * flow goes, what the customer is told, what the context records and what
 * the journal records. One row per answer keeps the rule readable in one
 * place (DOMAIN.md: never a count of remaining tries, a lost card is kept),
 * and `outcomeTransitions` turns a table into the guarded transitions of the
 * state that invoked the operation, in the table's order.
 */
import type { JournalEntry } from '../journaled';
import type { FlowContext, Notice } from './context';

export interface OutcomeRow {
  target: string;
  notice?: Notice;
  set?: Partial<Pick<FlowContext, 'pinMessage' | 'ending' | 'captureReason' | 'purpose'>>;
  journal?: JournalEntry;
}

/** `answered` reads HQ's `outcome` (or `decision`); `refusedBecause` reads the `reason` of a refusal. */
export function outcomeTransitions<TAnswer extends string>(table: Partial<Record<TAnswer, OutcomeRow>>, guard: 'answered' | 'refusedBecause' = 'answered') {
  return (Object.entries(table) as [TAnswer, OutcomeRow][]).map(([answer, row]) => ({
    guard: { type: guard, params: { answer } },
    target: row.target,
    actions: [
      ...(row.notice ? [{ type: 'showNotice' as const, params: row.notice }] : []),
      ...(row.set ? [{ type: 'patch' as const, params: row.set }] : []),
      ...(row.journal ? [{ type: 'journal' as const, params: row.journal }] : []),
    ],
  }));
}
