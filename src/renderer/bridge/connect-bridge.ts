import type { KioskBridgeApi } from '../../shared/bridge';
import { watchForFatalErrors } from './page-fatal';
import { createWebSocketBridge, takeToken } from './web-socket-bridge';

/**
 * Electron's preload bridge when present, else the web host's WebSocket,
 * whose page reports an error that escaped everything and reloads
 * (page-fatal.ts; Electron's shell watches its renderer itself).
 */
export function connectBridge(onConnection: (connected: boolean) => void): KioskBridgeApi | null {
  if (window.kiosk) {
    onConnection(true);
    return window.kiosk;
  }
  const token = takeToken(window.location, window.sessionStorage, window.history);
  if (!token) return null;
  const bridge = createWebSocketBridge(token, onConnection);
  watchForFatalErrors(window, () => bridge.reportFatal(), () => window.location.reload());
  return bridge;
}
