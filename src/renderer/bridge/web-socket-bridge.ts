/**
 * The web host's side of the bridge: the same `KioskBridgeApi` as Electron's
 * preload, over a WebSocket. The per-launch token arrives in the URL
 * fragment (never sent to a server), is moved to sessionStorage so a reload
 * keeps working, and is removed from the address bar.
 */
import { HEARTBEAT_MS, PAGE_UNRESPONSIVE_CLOSE, ViewModel, WS_PROTOCOL, WS_TOKEN_PREFIX, type Intent, type KioskBridgeApi, type PageHealthMessage } from '../../shared/bridge';

const TOKEN_KEY = 'kiosk.bridgeToken';
const RECONNECT_MS = 1000;

export function takeToken(location: Location, storage: Storage, history: History): string | null {
  const match = /(?:^#|&)token=([0-9a-f]{16,128})/.exec(location.hash);
  if (match) {
    storage.setItem(TOKEN_KEY, match[1]!);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1]!;
  }
  return storage.getItem(TOKEN_KEY);
}

/**
 * Intents kept while the socket is down and sent once it is back (issue 15,
 * "Web bridge"): display preferences only, the latest of each. Anything a
 * customer aimed at a screen (a PIN key, Enter, Cancel, a choice, an amount)
 * is dropped: replayed on reconnect it could land on a later screen, a PIN
 * digit in a later PIN entry. The core re-sends the view on `ready` and
 * restarts any PIN pad empty, so the customer sees where they are and types
 * again.
 */
const REPLAYABLE: ReadonlySet<Intent['type']> = new Set(['setLocale', 'setLargeText']);

/** The disconnected-time queue, by itself for tests. */
export class IntentOutbox {
  readonly #held = new Map<Intent['type'], string>();

  /** Keeps a replayable intent (replacing an older one of its type); returns false for one that is dropped. */
  hold(intent: Intent): boolean {
    if (!REPLAYABLE.has(intent.type)) return false;
    this.#held.delete(intent.type);
    this.#held.set(intent.type, JSON.stringify(intent));
    return true;
  }

  /** The held messages in the order they were last set, and empties the outbox. */
  drain(): string[] {
    const messages = [...this.#held.values()];
    this.#held.clear();
    return messages;
  }

  get size(): number {
    return this.#held.size;
  }
}

/** What the bridge needs from the browser, injectable for tests. */
export interface BrowserSocketEnvironment {
  WebSocket: typeof WebSocket;
  location: Pick<Location, 'protocol' | 'host'>;
  setTimeout: (callback: () => void, ms: number) => unknown;
  /** For the page's heartbeat (page-health.ts); the browser's by default. */
  setInterval?: (callback: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  /** Reloads the page (the host found it hung); `location.reload` by default. */
  reload?: () => void;
}

/** The web bridge with the page's health reports (page-health.ts) beside the kiosk API. */
export interface WebSocketBridge extends KioskBridgeApi {
  /** Tells the host an error escaped everything (it journals the failure); the caller then reloads. */
  reportFatal(): void;
}

export function createWebSocketBridge(
  token: string,
  onConnection: (connected: boolean) => void,
  env: BrowserSocketEnvironment = { WebSocket: globalThis.WebSocket, location: globalThis.location, setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms) },
): WebSocketBridge {
  const listeners = new Set<(view: ViewModel) => void>();
  const outbox = new IntentOutbox();
  let socket: WebSocket | null = null;
  const setInterval = env.setInterval ?? ((callback: () => void, ms: number) => globalThis.setInterval(callback, ms));
  const clearInterval = env.clearInterval ?? ((handle: unknown) => globalThis.clearInterval(handle as number));
  const reload = env.reload ?? (() => globalThis.location.reload());
  const health = (message: PageHealthMessage) => {
    if (socket?.readyState === env.WebSocket.OPEN) socket.send(JSON.stringify(message));
  };

  const connect = () => {
    const url = `${env.location.protocol === 'https:' ? 'wss' : 'ws'}://${env.location.host}/bridge`;
    const ws = new env.WebSocket(url, [WS_PROTOCOL, WS_TOKEN_PREFIX + token]);
    socket = ws;
    ws.addEventListener('open', () => {
      onConnection(true);
      // `ready` first: the core answers with the current view and an empty PIN pad.
      ws.send(JSON.stringify({ type: 'ready' } satisfies Intent));
      for (const message of outbox.drain()) ws.send(message);
      health({ pageHealth: 'heartbeat' });
    });
    // The page says it is alive; a hung page stops saying it, and the host notices (page-health.ts).
    const heartbeat = setInterval(() => health({ pageHealth: 'heartbeat' }), HEARTBEAT_MS);
    ws.addEventListener('message', (event) => {
      // Main is trusted, but a view that does not parse is still not rendered.
      const parsed = ViewModel.safeParse(JSON.parse(String(event.data)));
      if (parsed.success) for (const listener of listeners) listener(parsed.data);
    });
    ws.addEventListener('close', (event) => {
      clearInterval(heartbeat);
      onConnection(false);
      socket = null;
      // The host found this page hung: it runs again, but a fresh page is the known state.
      if (event.code === PAGE_UNRESPONSIVE_CLOSE) reload();
      else env.setTimeout(connect, RECONNECT_MS);
    });
  };
  connect();

  return {
    send(intent) {
      if (socket?.readyState === env.WebSocket.OPEN) socket.send(JSON.stringify(intent));
      else outbox.hold(intent);
    },
    onView(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reportFatal() {
      health({ pageHealth: 'fatal' });
    },
  } satisfies WebSocketBridge;
}
