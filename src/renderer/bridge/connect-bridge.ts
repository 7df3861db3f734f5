import type { KioskBridgeApi } from '../../shared/bridge';
import { createWebSocketBridge, takeToken } from './web-socket-bridge';

/** Electron's preload bridge when present, else the web host's WebSocket. */
export function connectBridge(onConnection: (connected: boolean) => void): KioskBridgeApi | null {
  if (window.kiosk) {
    onConnection(true);
    return window.kiosk;
  }
  const token = takeToken(window.location, window.sessionStorage, window.history);
  if (!token) return null;
  return createWebSocketBridge(token, onConnection);
}
