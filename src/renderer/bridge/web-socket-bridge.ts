/**
 * The web host's side of the bridge: the same `KioskBridgeApi` as Electron's
 * preload, over a WebSocket. The per-launch token arrives in the URL
 * fragment (never sent to a server), is moved to sessionStorage so a reload
 * keeps working, and is removed from the address bar.
 */
import { ViewModel, WS_PROTOCOL, WS_TOKEN_PREFIX, type Intent, type KioskBridgeApi } from '../../shared/bridge';

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

export function createWebSocketBridge(token: string, onConnection: (connected: boolean) => void): KioskBridgeApi {
  const listeners = new Set<(view: ViewModel) => void>();
  const queue: string[] = [];
  let socket: WebSocket | null = null;

  const connect = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/bridge`;
    const ws = new WebSocket(url, [WS_PROTOCOL, WS_TOKEN_PREFIX + token]);
    socket = ws;
    ws.addEventListener('open', () => {
      onConnection(true);
      ws.send(JSON.stringify({ type: 'ready' } satisfies Intent));
      for (const message of queue.splice(0)) ws.send(message);
    });
    ws.addEventListener('message', (event) => {
      // Main is trusted, but a view that does not parse is still not rendered.
      const parsed = ViewModel.safeParse(JSON.parse(String(event.data)));
      if (parsed.success) for (const listener of listeners) listener(parsed.data);
    });
    ws.addEventListener('close', () => {
      onConnection(false);
      socket = null;
      setTimeout(connect, RECONNECT_MS);
    });
  };
  connect();

  return {
    send(intent) {
      const message = JSON.stringify(intent);
      if (socket?.readyState === WebSocket.OPEN) socket.send(message);
      else queue.push(message);
    },
    onView(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } satisfies KioskBridgeApi;
}
