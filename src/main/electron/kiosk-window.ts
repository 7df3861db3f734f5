import { BrowserWindow } from 'electron';

/**
 * The one kiosk window, locked down for an unattended machine (Electron
 * security checklist items 2-4, 6, 9, 10: context isolation, sandbox, no
 * Node in the renderer, web security on, no insecure content, no
 * experimental features, no <webview>). Devtools only with the development
 * flag. The options are written out literally here so Electronegativity
 * can check them.
 */
export function createKioskWindow(preloadPath: string, options: { devTools: boolean }): BrowserWindow {
  return new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#f3f1ee',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools,
      zoomFactor: 1,
      // Middle-click would open links in a new window (checklist item 14).
      disableBlinkFeatures: 'Auxclick',
    },
  });
}
