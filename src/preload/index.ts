/**
 * The whole renderer-facing surface in Electron: `window.kiosk` with
 * `send(intent)` and `onView(cb)`. No raw ipcRenderer, no event objects
 * (Electron security checklist item 20: do not expose Electron APIs to
 * untrusted content). Bundled to CommonJS because sandboxed preloads cannot
 * be ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_INTENT_CHANNEL, IPC_VIEW_CHANNEL, type KioskBridgeApi } from '../shared/bridge/kiosk-api';
import type { ViewModel } from '../shared/bridge/views';

const api = {
  send(intent) {
    void ipcRenderer.invoke(IPC_INTENT_CHANNEL, intent);
  },
  onView(listener) {
    const forward = (_event: unknown, view: ViewModel) => listener(view);
    ipcRenderer.on(IPC_VIEW_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_VIEW_CHANNEL, forward);
    };
  },
} satisfies KioskBridgeApi;

contextBridge.exposeInMainWorld('kiosk', api);
