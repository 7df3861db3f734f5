import { describe, expect, it, vi } from 'vitest';
import { MAX_LOGGED_REFUSALS_PER_MINUTE } from '../../../src/main/bridge/intent-refusals';
import { KioskCore } from '../../../src/main/kiosk-core';
import { ViewModel } from '../../../src/shared/bridge';
import { captureLogger } from '../../support/capture-logger';
import { FakeCardReader, FakeHq, FakeIdScanner, fakeJournal, FakePrinter } from '../../support/fake-flow-ports';

const ENROLMENT = { kioskId: 'KIOSK-NEW-01', keyFingerprint: '3F2A 9C41 0B7E D5A8 1234 5678 9012 3456 E1F0 A9B8 C7D6 0011 2233 4455 6677 8899' };

function coreWithViews() {
  const log = captureLogger();
  const ports = { cardReader: new FakeCardReader(), idScanner: new FakeIdScanner(), printer: new FakePrinter(), hq: new FakeHq(), journal: fakeJournal().port };
  const core = new KioskCore({ logger: log.logger, ports, hoursToday: () => ({ open: '09:00', close: '22:00' }), enrolment: ENROLMENT });
  const views: ViewModel[] = [];
  core.onView((v) => views.push(v));
  return { core, views, log };
}

describe('kiosk core', () => {
  it('keeps pushing views to every shell when one shell\'s listener throws, and logs it', () => {
    const { core, views, log } = coreWithViews();
    core.onView(() => { throw new Error('shell bug'); });
    const after: ViewModel[] = [];
    core.onView((v) => after.push(v));
    core.start();
    expect(views.at(-1)).toMatchObject({ view: { screen: 'idle' } });
    expect(after.at(-1)).toMatchObject({ view: { screen: 'idle' } });
    expect(log.lines().some((l) => l.msg === 'kiosk core listener failed' && l.event === 'view')).toBe(true);
  });

  it('starts on the starting screen and shows idle once in service, in Japanese', () => {
    const { core, views } = coreWithViews();
    expect(core.view.view.screen).toBe('starting');
    core.start();
    expect(views.at(-1)).toMatchObject({ locale: 'ja', largeText: false, view: { screen: 'idle', hoursToday: { open: '09:00', close: '22:00' } } });
  });

  it('switches language and text size on valid intents and pushes a new view each time', () => {
    const { core, views } = coreWithViews();
    core.start();
    expect(core.handleIntent({ type: 'setLocale', locale: 'en' }, 'test')).toBe(true);
    expect(core.handleIntent('{"type":"setLargeText","on":true}', 'test')).toBe(true);
    expect(views.at(-1)).toMatchObject({ locale: 'en', largeText: true, view: { screen: 'idle' } });
    expect(views.at(-1)!.revision).toBeGreaterThan(views.at(-2)!.revision);
  });

  it('does not act on a hostile intent and logs the refusal without its content', () => {
    const { core, views, log } = coreWithViews();
    core.start();
    const before = views.length;
    expect(core.handleIntent({ type: 'setLocale', locale: 'en', cardNumber: '4000000001' }, 'web:1')).toBe(false);
    expect(core.handleIntent('{"type":"unknown","pin":"7391"}', 'web:1')).toBe(false);
    expect(views.length).toBe(before);
    expect(core.view.locale).toBe('ja');
    const refusals = log.lines().filter((l) => l.msg === 'intent refused');
    expect(refusals).toHaveLength(2);
    expect(refusals[0]).toMatchObject({ source: 'web:1', reason: 'invalidShape', intentType: 'setLocale' });
    expect(log.contentText()).not.toContain('4000000001');
    expect(log.contentText()).not.toContain('7391');
  });

  it('goes out of service with a reason and comes back', () => {
    const { core, views } = coreWithViews();
    core.start();
    core.goOutOfService('maintenance', '2026-11-23T22:00:00.000Z');
    expect(views.at(-1)!.view).toMatchObject({ screen: 'outOfService', reason: 'maintenance', resumesAt: '2026-11-23T22:00:00.000Z', callCentre: { number: '0120-24-0365' } });
    core.resumeService();
    expect(views.at(-1)!.view.screen).toBe('idle');
  });

  it('shows the kiosk id and key fingerprint while HQ does not recognise the kiosk, and under no other reason', () => {
    const { core, views } = coreWithViews();
    core.goOutOfService('notEnrolled');
    expect(views.at(-1)!.view).toMatchObject({ screen: 'outOfService', reason: 'notEnrolled', enrolment: ENROLMENT });
    expect(ViewModel.safeParse(views.at(-1)).success).toBe(true);
    core.goOutOfService('hqUnreachable');
    expect(views.at(-1)!.view).toMatchObject({ screen: 'outOfService', reason: 'hqUnreachable', enrolment: null });
    core.goOutOfService('notEnrolled');
    core.resumeService();
    expect(views.at(-1)!.view.screen).toBe('idle');
  });

  it('does not push a view that did not change (a touch only restarts the inactivity timer)', async () => {
    const { core, views } = coreWithViews();
    core.start();
    core.cardInserted();
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(core.view.view.screen).toBe('pinEntry');
    const before = views.length;
    core.handleIntent({ type: 'touch' }, 'test');
    core.handleIntent({ type: 'touch' }, 'test');
    expect(views.length).toBe(before);
  });

  it('answers a ready intent with the current view (a reloaded renderer catches up)', () => {
    const { core, views } = coreWithViews();
    core.start();
    core.handleIntent({ type: 'setLocale', locale: 'en' }, 'test');
    const before = views.length;
    core.handleIntent({ type: 'ready' }, 'test');
    expect(views.length).toBe(before + 1);
    expect(views.at(-1)).toMatchObject({ locale: 'en', view: { screen: 'idle' } });
  });

  it('restarts a half-typed PIN pad empty when a renderer reconnects (ready), so no old digit joins new keys (issue 15)', async () => {
    const { core, views } = coreWithViews();
    core.start();
    core.cardInserted();
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(core.handleIntent({ type: 'pinKey', key: '1' }, 'web:1')).toBe(true);
    expect(core.handleIntent({ type: 'pinKey', key: '2' }, 'web:1')).toBe(true);
    expect(core.view.view).toMatchObject({ screen: 'pinEntry', digits: 2 });
    core.handleIntent({ type: 'ready' }, 'web:2');
    expect(views.at(-1)!.view).toMatchObject({ screen: 'pinEntry', digits: 0 });
    // The pad itself is empty: Enter after two new digits is still incomplete, the screen stays.
    core.handleIntent({ type: 'pinKey', key: '3' }, 'web:2');
    core.handleIntent({ type: 'pinKey', key: '4' }, 'web:2');
    core.handleIntent({ type: 'pinKey', key: 'enter' }, 'web:2');
    expect(core.view.view).toMatchObject({ screen: 'pinEntry', digits: 2 });
  });

  it('rate-limits "intent refused" log lines and reports the suppressed ones once the minute ends (issue 15)', () => {
    vi.useFakeTimers();
    try {
      const { core, log } = coreWithViews();
      core.start();
      for (let i = 0; i < MAX_LOGGED_REFUSALS_PER_MINUTE + 30; i++) core.handleIntent({ type: 'pinKey', key: '1' }, 'web:1');
      expect(log.lines().filter((l) => l.msg === 'intent refused')).toHaveLength(MAX_LOGGED_REFUSALS_PER_MINUTE);
      expect(core.refusedIntents).toBe(MAX_LOGGED_REFUSALS_PER_MINUTE + 30);
      vi.advanceTimersByTime(60_000);
      expect(log.lines().filter((l) => String(l.msg).startsWith('intent refusals suppressed'))).toEqual([
        expect.objectContaining({ msg: 'intent refusals suppressed: 30', suppressed: 30, refusedTotal: MAX_LOGGED_REFUSALS_PER_MINUTE + 30 }),
      ]);
      core.handleIntent({ type: 'pinKey', key: '1' }, 'web:1');
      expect(log.lines().filter((l) => l.msg === 'intent refused')).toHaveLength(MAX_LOGGED_REFUSALS_PER_MINUTE + 1);
      core.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
