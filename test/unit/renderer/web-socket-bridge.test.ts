/**
 * The web bridge client's disconnected-time queue (issue 15, "Web bridge"):
 * PIN keys, Enter, Cancel and choices typed while the socket is down are
 * dropped, never replayed on reconnect into a later screen; only display
 * preferences are kept, the latest of each.
 */
import { describe, expect, it } from 'vitest';
import { IntentOutbox, createWebSocketBridge, type BrowserSocketEnvironment } from '../../../src/renderer/bridge/web-socket-bridge';
import { PAGE_UNRESPONSIVE_CLOSE } from '../../../src/shared/bridge/page-health';

/** A WebSocket stand-in at the edge: the test opens and closes it by hand and reads what was sent. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  sent: string[] = [];
  readonly #listeners = new Map<string, ((event: unknown) => void)[]>();
  constructor(readonly url: string, readonly protocols: string[]) {
    FakeSocket.all.push(this);
  }
  addEventListener(type: string, listener: (event: unknown) => void) {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  send(message: string) {
    this.sent.push(message);
  }
  fire(type: 'open' | 'close', code = 1006) {
    this.readyState = type === 'open' ? FakeSocket.OPEN : FakeSocket.CLOSED;
    for (const listener of this.#listeners.get(type) ?? []) listener(type === 'close' ? { code } : {});
  }
  /** What the page sent, without its heartbeats. */
  get intents(): unknown[] {
    return this.sent.map((m) => JSON.parse(m) as unknown).filter((m) => !(m as { pageHealth?: string }).pageHealth);
  }
}

function rig() {
  FakeSocket.all = [];
  const timers: (() => void)[] = [];
  const intervals = new Map<number, () => void>();
  let reloads = 0;
  const env = {
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    location: { protocol: 'http:', host: '127.0.0.1:5000' },
    setTimeout: (callback: () => void) => timers.push(callback),
    setInterval: (callback: () => void) => { intervals.set(intervals.size + 1, callback); return intervals.size; },
    clearInterval: (handle: unknown) => { intervals.delete(handle as number); },
    reload: () => { reloads++; },
  } satisfies BrowserSocketEnvironment;
  const connected: boolean[] = [];
  const bridge = createWebSocketBridge('ab'.repeat(32), (c) => connected.push(c), env);
  const reconnect = () => timers.shift()!();
  const tickHeartbeats = () => { for (const beat of intervals.values()) beat(); };
  return { bridge, connected, reconnect, timers, tickHeartbeats, intervals, reloads: () => reloads, socket: (i: number) => FakeSocket.all[i]! };
}

describe('IntentOutbox', () => {
  it.each([
    { type: 'pinKey', key: '7' },
    { type: 'pinKey', key: 'enter' },
    { type: 'cancel' },
    { type: 'choose', choice: 'forgotPin' },
    { type: 'setAmount', amountYen: 500_000 },
    { type: 'touch' },
    { type: 'serviceAction', action: 'exitApplication' },
  ] as const)('does not hold %j', (intent) => {
    const outbox = new IntentOutbox();
    expect(outbox.hold(intent as Parameters<IntentOutbox['hold']>[0])).toBe(false);
    expect(outbox.drain()).toEqual([]);
  });

  it('holds display preferences, the latest of each', () => {
    const outbox = new IntentOutbox();
    expect(outbox.hold({ type: 'setLocale', locale: 'en' })).toBe(true);
    outbox.hold({ type: 'setLargeText', on: true });
    outbox.hold({ type: 'setLocale', locale: 'ja' });
    expect(outbox.drain().map((m) => JSON.parse(m))).toEqual([{ type: 'setLargeText', on: true }, { type: 'setLocale', locale: 'ja' }]);
    expect(outbox.size).toBe(0);
  });
});

describe('createWebSocketBridge while the socket is down', () => {
  it('replays no PIN key, Enter, Cancel or choice after a reconnect; sends ready first', () => {
    const { bridge, reconnect, socket, connected } = rig();
    socket(0).fire('open');
    bridge.send({ type: 'pinKey', key: '1' });
    expect(socket(0).intents).toEqual([{ type: 'ready' }, { type: 'pinKey', key: '1' }]);

    socket(0).fire('close');
    bridge.send({ type: 'pinKey', key: '2' });
    bridge.send({ type: 'pinKey', key: 'enter' });
    bridge.send({ type: 'cancel' });
    bridge.send({ type: 'choose', choice: 'forgotPin' });
    bridge.send({ type: 'setLocale', locale: 'en' });
    reconnect();
    socket(1).fire('open');
    expect(socket(1).intents).toEqual([{ type: 'ready' }, { type: 'setLocale', locale: 'en' }]);
    expect(connected).toEqual([true, false, true]);
  });

  it('drops keys typed before the first connection too', () => {
    const { bridge, socket } = rig();
    bridge.send({ type: 'pinKey', key: '9' });
    socket(0).fire('open');
    expect(socket(0).intents).toEqual([{ type: 'ready' }]);
  });
});

describe('createWebSocketBridge page health (page-health.ts)', () => {
  const heartbeats = (sent: string[]) => sent.filter((m) => m === '{"pageHealth":"heartbeat"}').length;

  it('beats on open and every interval while connected, and stops with the socket', () => {
    const { socket, tickHeartbeats, intervals } = rig();
    socket(0).fire('open');
    expect(heartbeats(socket(0).sent)).toBe(1);
    tickHeartbeats();
    tickHeartbeats();
    expect(heartbeats(socket(0).sent)).toBe(3);
    socket(0).fire('close');
    expect(intervals.size).toBe(0);
  });

  it('reports a fatal error on the bridge', () => {
    const { bridge, socket } = rig();
    socket(0).fire('open');
    bridge.reportFatal();
    expect(socket(0).sent.at(-1)).toBe('{"pageHealth":"fatal"}');
  });

  it('reloads, rather than reconnects, when the host closed it as hung; reconnects on any other close', () => {
    const { socket, timers, reloads } = rig();
    socket(0).fire('open');
    socket(0).fire('close', 1001);
    expect(reloads()).toBe(0);
    expect(timers).toHaveLength(1);
    timers.shift()!();
    socket(1).fire('open');
    socket(1).fire('close', PAGE_UNRESPONSIVE_CLOSE);
    expect(reloads()).toBe(1);
    expect(timers).toHaveLength(0);
  });
});
