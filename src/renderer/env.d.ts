/// <reference types="vite/client" />
import type { KioskBridgeApi } from '../shared/bridge';

declare global {
  interface Window {
    /** Present in Electron (preload); absent in the web host, which uses a WebSocket. */
    kiosk?: KioskBridgeApi;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
