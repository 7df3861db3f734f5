/** Retention runs at start and daily, and a failed purge never stops it (retention-purge.ts; what a purge removes: journal.test.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { startRetentionPurge } from '../../../src/main/journal/retention-purge';
import { captureLogger } from '../../support/capture-logger';
import { ManualClock } from '../../support/manual-clock';

const DAY_MS = 86_400_000;
const stops: (() => void)[] = [];
afterEach(() => { for (const stop of stops.splice(0)) stop(); });

function rig(answers: Array<number | Error>) {
  const clock = new ManualClock();
  const log = captureLogger();
  const asked: number[] = [];
  const journal = {
    purge: ({ olderThanMs }: { olderThanMs: number }) => {
      asked.push(olderThanMs);
      const next = answers.shift() ?? 0;
      if (next instanceof Error) throw next;
      return { purged: next };
    },
  };
  stops.push(startRetentionPurge({ journal, retentionDays: 90, clock, logger: log.logger }));
  return { clock, log, asked };
}

describe('the retention purge', () => {
  it('purges events older than the retention age at start and then once a day', () => {
    const { clock, asked } = rig([]);
    expect(asked).toEqual([90 * DAY_MS]);
    clock.advance(DAY_MS - 1);
    expect(asked).toHaveLength(1);
    clock.advance(1);
    clock.advance(DAY_MS);
    expect(asked).toEqual([90 * DAY_MS, 90 * DAY_MS, 90 * DAY_MS]);
  });

  it('logs what it purged, says nothing when there was nothing, and goes on after a failure', () => {
    const { clock, log, asked } = rig([0, new Error('database is locked'), 12]);
    expect(log.lines().filter((l) => l.msg === 'journal retention purge')).toEqual([]);
    clock.advance(DAY_MS);
    expect(log.lines().some((l) => l.msg === 'journal retention purge failed' && l.error === 'database is locked')).toBe(true);
    clock.advance(DAY_MS);
    expect(asked).toHaveLength(3);
    expect(log.lines().filter((l) => l.msg === 'journal retention purge').map((l) => l.purged)).toEqual([12]);
  });

  it('stops when told', () => {
    const { clock, asked } = rig([]);
    stops.pop()!();
    expect(clock.pendingCount).toBe(0);
    clock.advance(10 * DAY_MS);
    expect(asked).toHaveLength(1);
  });
});
