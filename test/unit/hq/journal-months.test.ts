/**
 * Journal months are JST calendar months (issue 19, "Bounded growth";
 * src/hq/journal-ingest/journal-partitions.ts): the names and ranges the
 * partitions and the archive use.
 */
import { describe, expect, it } from 'vitest';
import { addMonths, journalMonthOf, journalMonthRange, journalPartitionName, parseJournalMonth } from '../../../src/hq/journal-ingest/journal-partitions';

describe('journal months', () => {
  it('puts an instant in its Japan month, not its UTC month', () => {
    expect(journalMonthOf(new Date('2026-12-31T14:59:59.999Z'))).toBe('2026-12');
    expect(journalMonthOf(new Date('2026-12-31T15:00:00.000Z'))).toBe('2027-01');
    expect(journalMonthOf(new Date('2027-02-28T23:59:59.999+09:00'))).toBe('2027-02');
  });

  it('steps across years both ways', () => {
    expect(addMonths('2026-11', 2)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2026-12', 0)).toBe('2026-12');
  });

  it('ranges from JST midnight of the 1st to the next month', () => {
    expect(journalMonthRange('2026-12')).toEqual({ from: new Date('2026-11-30T15:00:00.000Z'), to: new Date('2026-12-31T15:00:00.000Z') });
    expect(journalPartitionName('2026-12')).toBe('journal_events_2026_12');
  });

  it('accepts only YYYY-MM', () => {
    expect(parseJournalMonth('2026-12')).toBe('2026-12');
    for (const bad of ['2026-13', '2026-1', '2026-00', '26-12', '2026-12-01', "2026-12'; DROP TABLE x"]) expect(parseJournalMonth(bad)).toBeNull();
  });
});
