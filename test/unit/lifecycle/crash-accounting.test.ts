/** Unclean stops and renderer failures counted from the journal (issue 16, lifecycle/crash-accounting.ts). */
import { afterEach, describe, expect, it } from 'vitest';

import { CrashCounter, uncleanStopEvent } from '../../../src/main/lifecycle/crash-accounting';
import { EXAMPLES } from '../journal/event-examples';
import { manualClock, openJournal, tempDir } from '../journal/journal-fixture';

const cleanups: (() => void)[] = [];
afterEach(() => { for (const c of cleanups.splice(0).reverse()) c(); });

function journal(): { journal: ReturnType<typeof openJournal>; clock: ReturnType<typeof manualClock> } {
  const temp = tempDir();
  const clock = manualClock();
  const j = openJournal(`${temp.dir}/journal.db`, { clock });
  cleanups.push(() => { j.close(); temp.remove(); });
  return { journal: j, clock };
}

describe('uncleanStopEvent', () => {
  it('owes nothing for a new journal or one whose last event is app.stopped', () => {
    const { journal: j, clock } = journal();
    expect(uncleanStopEvent(j, new Date(clock.now()))).toBeNull();
    j.append(EXAMPLES['app.started']);
    j.append(EXAMPLES['app.stopped']);
    expect(uncleanStopEvent(j, new Date(clock.now()))).toBeNull();
  });

  it('names the last event and the gap when the run ended any other way', () => {
    const { journal: j, clock } = journal();
    j.append(EXAMPLES['app.started']);
    const last = j.append(EXAMPLES['session.started']);
    expect(last.ok).toBe(true);
    const lastSeq = j.stats().headSeq;
    const event = uncleanStopEvent(j, new Date(clock.now() + 95_500));
    expect(event).toMatchObject({ type: 'app.crashRecovered', payload: { lastSeqBeforeCrash: lastSeq, lastEventType: 'session.started', gapSeconds: 95 } });
    expect(j.append(event!).ok).toBe(true);
  });
});

describe('CrashCounter', () => {
  it('counts what the journal holds and what is appended after', () => {
    const { journal: j } = journal();
    j.append(EXAMPLES['app.crashRecovered']);
    const counter = new CrashCounter(j);
    expect(counter.counts).toEqual({ processCrashes: 1, rendererFailures: 0 });
    j.append(EXAMPLES['app.rendererFailed']);
    j.append(EXAMPLES['app.crashRecovered']);
    expect(counter.counts).toEqual({ processCrashes: 2, rendererFailures: 1 });
    counter.stop();
    j.append(EXAMPLES['app.rendererFailed']);
    expect(counter.counts.rendererFailures).toBe(1);
  });
});
