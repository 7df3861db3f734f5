import { SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { KioskCore, type KioskCoreOptions } from '../../../src/main/kiosk-core';
import { customerTiming, DEFAULT_FLOW_TIMING, EXTENDED_TIME_FACTOR } from '../../../src/main/flows/ports';
import type { KeypadKey, ViewModel } from '../../../src/shared/bridge';
import { captureLogger } from '../../support/capture-logger';
import { FakeCardReader, FakeHq, FakeIdScanner, fakeJournal, FakePrinter, YAMADA } from '../../support/fake-flow-ports';

/** The kiosk core with fake ports and a simulated clock (XState's), driven only by keypad intents. */
function kiosk(options: Pick<KioskCoreOptions, 'guidanceOutput'> = {}) {
  const clock = new SimulatedClock();
  const hq = new FakeHq();
  const reader = new FakeCardReader();
  const log = captureLogger();
  const views: ViewModel[] = [];
  const core = new KioskCore({ logger: log.logger, ports: { cardReader: reader, idScanner: new FakeIdScanner(), printer: new FakePrinter(), hq, journal: fakeJournal().port }, clock, ...options });
  core.onView((v) => views.push(v));
  core.start();
  const settle = async () => { for (let i = 0; i < 20; i++) await Promise.resolve(); await new Promise((r) => setImmediate(r)); };
  const press = async (...keys: KeypadKey[]) => { for (const key of keys) expect(core.handleIntent({ type: 'keypad', key }, 'test')).toBe(true); await settle(); };
  /** Milliseconds until the inactivity warning shows on the current screen. */
  const msUntilWarning = async (limitMs: number) => {
    for (let t = 1000; t <= limitMs; t += 1000) { clock.increment(1000); await settle(); if (core.view.inactivity) return t; }
    return Infinity;
  };
  return { core, clock, hq, reader, views, log, settle, press, msUntilWarning };
}

describe('keypad through the kiosk core (issue 18)', () => {
  it('logs in and opens the limit decrease with keypad keys only; the digits reach HQ and never a view', async () => {
    const k = kiosk();
    k.hq.auth.push({ outcome: 'ok', sessionId: '00000000-0000-4000-8000-000000000000', holder: YAMADA });
    k.core.cardInserted();
    await k.settle();
    expect(k.core.view.view.screen).toBe('pinEntry');
    await k.press('7', '3', '9', '1', 'enter');
    expect(k.hq.pinsSeen).toEqual(['7391']);
    expect(k.core.view.view.screen).toBe('menu');
    expect(k.core.view.keypad).toContainEqual({ key: '3', target: 'choice:limitDecrease' });
    await k.press('3');
    expect(k.core.view.view).toMatchObject({ screen: 'amountEntry', direction: 'decrease' });
    expect(JSON.stringify(k.views)).not.toContain('7391');
  });

  it('starts guidance with the handset and extended time with it; the guidance key then repeats; put back, it stops', () => {
    const k = kiosk();
    expect(k.core.view.assist).toMatchObject({ guidance: false, extendedTime: false });
    k.core.handsetChanged(true);
    expect(k.core.view.assist).toMatchObject({ guidance: true, extendedTime: true, repeat: 0 });
    k.core.handleIntent({ type: 'keypad', key: 'guidance' }, 'test');
    expect(k.core.view.assist.repeat).toBe(1);
    k.core.handleIntent({ type: 'keypad', key: 'volumeUp' }, 'test');
    k.core.handleIntent({ type: 'keypad', key: 'volumeUp' }, 'test');
    k.core.handleIntent({ type: 'keypad', key: 'volumeUp' }, 'test');
    k.core.handleIntent({ type: 'keypad', key: 'speedDown' }, 'test');
    expect(k.core.view.assist).toMatchObject({ volume: 5, rate: 2 });
    k.core.handsetChanged(false);
    expect(k.core.view.assist.guidance).toBe(false);
  });

  it('sends the configured handset output with every view, through the end of a session', async () => {
    expect(kiosk().core.view.assist.output).toEqual({ kind: 'systemDefault' });
    const k = kiosk({ guidanceOutput: { kind: 'device', label: 'USB Handset' } });
    expect(k.core.view.assist.output).toEqual({ kind: 'device', label: 'USB Handset' });
    k.core.cardInserted();
    await k.settle();
    await k.press('cancel');
    k.core.cardRemoved();
    await k.settle();
    for (let i = 0; i < 10 && k.core.view.view.screen !== 'idle'; i++) { k.clock.increment(1000); await k.settle(); }
    expect(k.core.view.view.screen).toBe('idle');
    expect(k.core.view.assist.output).toEqual({ kind: 'device', label: 'USB Handset' });
  });

  it('logs that guidance is unavailable when the renderer can speak with nothing', () => {
    const k = kiosk();
    expect(k.core.speechEngine).toBeNull();
    k.core.handleIntent({ type: 'speechStatus', engine: 'none' }, 'test');
    expect(k.core.speechEngine).toBe('none');
    expect(k.log.lines().some((l) => /voice guidance unavailable/.test(String(l.msg)))).toBe(true);
  });
});

describe('extended time (issue 18)', () => {
  const warningAfter = async (extended: boolean) => {
    const k = kiosk();
    if (extended) k.core.handleIntent({ type: 'keypad', key: '1' }, 'test'); // idle: 1 = extended time
    expect(k.core.view.assist.extendedTime).toBe(extended);
    k.core.cardInserted();
    await k.settle();
    expect(k.core.view.view.screen).toBe('pinEntry');
    const ms = await k.msUntilWarning(DEFAULT_FLOW_TIMING.inactivityMs * 3);
    return { ms, secondsLeft: k.core.view.inactivity?.secondsLeft ?? null };
  };

  it('doubles the inactivity time and the warning countdown', async () => {
    const normal = await warningAfter(false);
    const extended = await warningAfter(true);
    expect(normal).toEqual({ ms: DEFAULT_FLOW_TIMING.inactivityMs, secondsLeft: DEFAULT_FLOW_TIMING.inactivityWarningSeconds });
    expect(extended).toEqual({
      ms: DEFAULT_FLOW_TIMING.inactivityMs * EXTENDED_TIME_FACTOR,
      secondsLeft: DEFAULT_FLOW_TIMING.inactivityWarningSeconds * EXTENDED_TIME_FACTOR,
    });
  });

  it('doubles the take-card countdown, and the next customer starts without it', async () => {
    const k = kiosk();
    k.core.handleIntent({ type: 'setAssist', setting: 'extendedTime', on: true }, 'test');
    k.core.cardInserted();
    await k.settle();
    await k.press('cancel');
    await k.settle();
    expect(k.core.view.view).toEqual({ screen: 'takeCard', secondsLeft: DEFAULT_FLOW_TIMING.takeCardSeconds * EXTENDED_TIME_FACTOR });
    k.core.cardRemoved();
    await k.settle();
    for (let i = 0; i < 10 && k.core.view.view.screen !== 'idle'; i++) { k.clock.increment(1000); await k.settle(); }
    expect(k.core.view.view.screen).toBe('idle');
    expect(k.core.view.assist.extendedTime).toBe(false);
  });

  it('keeps the card for the doubled time only: not captured when the normal countdown would have, captured at twice it', async () => {
    const k = kiosk();
    k.core.handleIntent({ type: 'setAssist', setting: 'extendedTime', on: true }, 'test');
    k.core.cardInserted();
    await k.settle();
    await k.press('cancel');
    await k.settle();
    expect(k.core.view.view.screen).toBe('takeCard');
    const seconds = DEFAULT_FLOW_TIMING.takeCardSeconds;
    for (let i = 0; i < seconds + 1; i++) { k.clock.increment(1000); await k.settle(); }
    expect(k.core.view.view).toEqual({ screen: 'takeCard', secondsLeft: seconds * EXTENDED_TIME_FACTOR - seconds - 1 });
    for (let i = 0; i < seconds * EXTENDED_TIME_FACTOR && k.core.view.view.screen === 'takeCard'; i++) { k.clock.increment(1000); await k.settle(); }
    expect(k.core.view.view.screen).not.toBe('takeCard');
    expect(k.reader.moves).toContain('capture');
  });

  it('doubles every customer timer and leaves the tick, attempts and service mode\'s timers alone', () => {
    const normal = DEFAULT_FLOW_TIMING;
    const extended = customerTiming(normal, true);
    const doubled = ['inactivityMs', 'inactivityWarningSeconds', 'takeCardSeconds', 'noticeMs', 'goodbyeMs', 'documentScanTimeoutMs', 'takeDocumentMs'] as const;
    for (const key of Object.keys(normal) as Array<keyof typeof normal>) {
      expect(extended[key], key).toBe((doubled as readonly string[]).includes(key) ? normal[key] * EXTENDED_TIME_FACTOR : normal[key]);
    }
    expect(customerTiming(normal, false)).toEqual(normal);
  });
});
