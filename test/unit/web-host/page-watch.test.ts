/** The web host's watch on one page (page-watch.ts, issue 16): a hung or failed page is counted once, and nothing else is. */
import { describe, expect, it } from 'vitest';
import { PageWatch, type PageFailure } from '../../../src/main/web-host/page-watch';
import { PAGE_UNRESPONSIVE_CLOSE } from '../../../src/shared/bridge/page-health';

function rig() {
  let now = 0;
  let tick: (() => void) | null = null;
  let cleared = false;
  const failures: PageFailure[] = [];
  const closed: number[] = [];
  const watch = new PageWatch({
    hangAfterMs: 30_000,
    onFailure: (f) => failures.push(f),
    close: (code) => closed.push(code),
    now: () => now,
    setInterval: (callback) => { tick = callback; return {}; },
    clearInterval: () => { cleared = true; },
  });
  const advance = (ms: number) => { now += ms; tick?.(); };
  return { watch, failures, closed, advance, cleared: () => cleared };
}

describe('PageWatch', () => {
  it('passes intents on, and takes page-health messages off', () => {
    const r = rig();
    expect(r.watch.take('{"type":"ready"}')).toBe(false);
    expect(r.watch.take('{"pageHealth":"heartbeat"}')).toBe(true);
    // Not a page-health message it knows: the core's gateway refuses and journals it.
    expect(r.watch.take('{"pageHealth":"sleepy"}')).toBe(false);
    expect(r.watch.take('{"pageHealth":')).toBe(false);
  });

  it('never counts a page that never beat (an older page, a bare socket)', () => {
    const r = rig();
    r.advance(10 * 60_000);
    expect(r.failures).toEqual([]);
  });

  it('counts a page whose heartbeat stopped as unresponsive, once, and closes its socket with the reload code', () => {
    const r = rig();
    r.watch.take('{"pageHealth":"heartbeat"}');
    r.advance(29_999);
    expect(r.failures).toEqual([]);
    r.advance(1);
    r.advance(60_000);
    expect(r.failures).toEqual([{ kind: 'unresponsive', reason: 'unresponsive' }]);
    expect(r.closed).toEqual([PAGE_UNRESPONSIVE_CLOSE]);
    expect(r.cleared()).toBe(true);
  });

  it('counts a fatal report as a crash, once per connection', () => {
    const r = rig();
    r.watch.take('{"pageHealth":"fatal"}');
    r.watch.take('{"pageHealth":"fatal"}');
    r.watch.take('{"pageHealth":"heartbeat"}');
    r.advance(120_000);
    expect(r.failures).toEqual([{ kind: 'gone', reason: 'crashed' }]);
    expect(r.closed).toEqual([]);
  });
});
