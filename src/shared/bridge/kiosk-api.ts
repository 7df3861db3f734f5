import type { Intent } from './intents';
import type { ViewModel } from './views';

/**
 * The whole surface the renderer gets (`window.kiosk`): the preload object
 * and the web host's WebSocket client both `satisfies` this, so they cannot
 * drift (Actual Budget's pattern).
 */
export interface KioskBridgeApi {
  send(intent: Intent): void;
  /** Subscribes to view pushes; returns an unsubscribe function. */
  onView(listener: (view: ViewModel) => void): () => void;
}

/** IPC channel names, shared by main and preload. */
export const IPC_INTENT_CHANNEL = 'kiosk:intent';
export const IPC_VIEW_CHANNEL = 'kiosk:view';

/** WebSocket subprotocols of the web host: the version, and the per-launch token. */
export const WS_PROTOCOL = 'kiosk.v1';
export const WS_TOKEN_PREFIX = 'token.';
