/**
 * Electron shell: one locked-down kiosk window around the same core the web
 * host runs. Keep behaviour out of here: this file only wires Electron's
 * events to the pure policies beside it and to the core.
 */
import { app, type BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, session } from 'electron';
import { join } from 'node:path';
import { IPC_INTENT_CHANNEL, IPC_VIEW_CHANNEL } from '../../shared/bridge';
import { composeKiosk, type ComposedKiosk } from '../compose-kiosk';
import { loadConfig } from '../config/load-config';
import { createLogger } from '../logging/logger';
import { readStaticFile } from '../renderer-assets/static-files';
import { securityHeaders } from '../security/content-security-policy';
import { devToolsAllowed, forbiddenDebugSwitch } from './debug-switches';
import { ExitGuard } from './exit-guard';
import { APP_ENTRY_URL, APP_SCHEME, isNavigationAllowed, windowOpenDecision } from './navigation-policy';
import { devicePermissionDecision, permissionCheckDecision, permissionRequestDecision } from './permission-policy';
import { isTrustedSender } from './sender-policy';
import { createKioskWindow } from './kiosk-window';
import { wireKioskWindow } from './wire-window';

const logger = createLogger({ name: 'kiosk-electron' });
const launch = { isPackaged: app.isPackaged, argv: process.argv, env: process.env };
// Issue 15: devtools only in a development build; a packaged one refuses debug switches below.
const devTools = devToolsAllowed(launch);
const debugSwitch = forbiddenDebugSwitch(launch);
const rendererDir = join(__dirname, '..', 'renderer');
const preloadPath = join(__dirname, '..', 'preload', 'index.cjs');
const exitGuard = new ExitGuard();
let kiosk: ComposedKiosk | null = null;
let kioskWindow: BrowserWindow | null = null;
let stopReason: 'shutdown' | 'restart' = 'shutdown';

// Privileged before `ready`: a standard, secure scheme so the CSP and
// same-origin rules apply as on https (no file://, checklist item 18).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (debugSwitch) {
  logger.error({ debugSwitch }, `packaged kiosk started with ${debugSwitch}: debugging is not allowed in a packaged build; quitting`);
  app.quit();
} else if (!app.requestSingleInstanceLock()) {
  logger.warn('another kiosk instance is running; this one exits');
  app.quit();
} else {
  app.on('second-instance', () => {
    logger.warn('second instance refused; focusing the kiosk window');
    kioskWindow?.focus();
  });
  void app.whenReady().then(start);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url)) {
      event.preventDefault();
      logger.warn({ event: 'navigationBlocked' }, 'navigation off the app origin blocked');
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(windowOpenDecision);
});

async function start(): Promise<void> {
  Menu.setApplicationMenu(null);
  const defaultSession = session.defaultSession;
  defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionRequestDecision(permission)));
  defaultSession.setPermissionCheckHandler((_wc, permission) => permissionCheckDecision(permission));
  defaultSession.setDevicePermissionHandler((details) => devicePermissionDecision(details.deviceType));
  defaultSession.on('select-hid-device', (event, _details, callback) => { event.preventDefault(); callback(null); });
  defaultSession.on('select-serial-port', (event, _ports, _wc, callback) => { event.preventDefault(); callback(''); });
  defaultSession.on('select-usb-device', (event, _details, callback) => { event.preventDefault(); callback(); });

  protocol.handle(APP_SCHEME, async (request) => {
    const file = await readStaticFile(rendererDir, new URL(request.url).pathname);
    if (!file) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(file.body), { headers: { 'Content-Type': file.contentType, ...securityHeaders() } });
  });

  kiosk = await composeKiosk({ config: loadConfig(process.env.KIOSK_CONFIG), logger, host: 'electron' });
  powerSaveBlocker.start('prevent-display-sleep');

  ipcMain.handle(IPC_INTENT_CHANNEL, (event, raw: unknown) => {
    if (!isTrustedSender(event.senderFrame, kioskWindow?.webContents.id ?? null, event.sender.id)) {
      logger.warn({ event: 'ipcSenderRefused' }, 'intent from an untrusted frame refused');
      return false;
    }
    return kiosk?.core.handleIntent(raw, 'ipc') ?? false;
  });
  kiosk.core.onView((view) => kioskWindow?.webContents.send(IPC_VIEW_CHANNEL, view));
  // The only way the kiosk window closes: a technician's confirmed exit or restart in service mode (issue 8).
  kiosk.core.onExitRequest((request) => {
    exitGuard.authorise(request.technicianId);
    logger.info({ event: 'exitRequested', kind: request.kind, technicianId: request.technicianId }, 'technician asked the kiosk to stop');
    if (request.kind === 'restart') {
      stopReason = 'restart';
      app.relaunch();
    }
    if (kioskWindow && !kioskWindow.isDestroyed()) kioskWindow.close();
    else app.quit();
  });

  createWindow();
}

function createWindow(): void {
  const win = createKioskWindow(preloadPath, { devTools });
  kioskWindow = win;
  wireKioskWindow(win, { logger, exitGuard, entryUrl: APP_ENTRY_URL });
  void win.loadURL(APP_ENTRY_URL);
}

app.on('window-all-closed', async () => {
  await kiosk?.close(stopReason);
  app.quit();
});
