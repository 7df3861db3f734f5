/**
 * Electron shell: one locked-down kiosk window around the same core the web
 * host runs. Keep behaviour out of here: this file only wires Electron's
 * events to the pure policies beside it and to the core.
 *
 * Start-up never leaves the desk open (issue 16): the locked window exists
 * before the core is built, and any failure to start (config, another
 * kiosk's journal, pinned keys, embedded HQ) or any uncaught error later
 * turns every page of app://kiosk into the out-of-service page
 * (startup/out-of-service-page.ts). A packaged build runs only on a
 * production config (config/packaged-policy.ts).
 */
import { app, type BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, session } from 'electron';
import { join } from 'node:path';
import { IPC_INTENT_CHANNEL, IPC_VIEW_CHANNEL } from '../../shared/bridge';
import { composeKiosk, type ComposedKiosk, type RendererFailureReason } from '../compose-kiosk';
import { loadConfig, loadPackagedConfig } from '../config/load-config';
import { startSystemdNotifier, systemdNotifyRunner } from '../lifecycle/systemd-notify';
import { outOfServiceResponse, type OutOfServiceFacts } from '../startup/out-of-service-page';
import { logFailure } from '../startup/startup-error';
import { createLogger } from '../logging/logger';
import { readStaticFile } from '../renderer-assets/static-files';
import { securityHeaders } from '../security/content-security-policy';
import { devToolsAllowed, devToolsRequested, forbiddenDebugSwitch } from './debug-switches';
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
/** Set once the kiosk cannot serve: from then on every app:// page is the out-of-service page. */
let failure: OutOfServiceFacts | null = null;
const systemd = startSystemdNotifier({ env: process.env, run: systemdNotifyRunner((message) => logger.warn({ error: message }, 'systemd-notify failed')) });

/** Shows the out-of-service page for good; an uncaught error also stops the watchdog feed, so systemd restarts the kiosk. */
function fail(error: unknown, when: 'startup' | 'runtime'): void {
  if (failure) return;
  failure = { errorClass: logFailure(logger, error, when), at: new Date().toISOString() };
  if (when === 'runtime') systemd.stopFeeding();
  else systemd.ready(`out of service: ${failure.errorClass}`);
  if (kioskWindow && !kioskWindow.isDestroyed()) void kioskWindow.loadURL(APP_ENTRY_URL);
}
process.on('uncaughtException', (error) => fail(error, 'runtime'));
process.on('unhandledRejection', (reason) => fail(reason, 'runtime'));

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
  void app.whenReady().then(start).catch((error: unknown) => fail(error, 'startup'));
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
    if (failure) {
      const page = outOfServiceResponse(failure, new URL(request.url).pathname);
      return new Response(page.body, { headers: { 'Content-Type': page.contentType, ...securityHeaders() } });
    }
    const file = await readStaticFile(rendererDir, new URL(request.url).pathname);
    if (!file) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(file.body), { headers: { 'Content-Type': file.contentType, ...securityHeaders() } });
  });

  powerSaveBlocker.start('prevent-display-sleep');
  ipcMain.handle(IPC_INTENT_CHANNEL, (event, raw: unknown) => {
    if (!isTrustedSender(event.senderFrame, kioskWindow?.webContents.id ?? null, event.sender.id)) {
      logger.warn({ event: 'ipcSenderRefused' }, 'intent from an untrusted frame refused');
      return false;
    }
    if (failure) return false;
    return kiosk?.core.handleIntent(raw, 'ipc') ?? false;
  });
  // The locked window first: whatever happens next, the customer sees the kiosk's own pages.
  createWindow();

  try {
    const config = launch.isPackaged
      ? loadPackagedConfig({ configPath: process.env.KIOSK_CONFIG, simulatorPanel: false, devToolsRequested: devToolsRequested(launch) })
      : loadConfig(process.env.KIOSK_CONFIG);
    kiosk = await composeKiosk({ config, logger, host: 'electron' });
  } catch (error) {
    fail(error, 'startup');
    return;
  }
  const core = kiosk.core;
  core.onView((view) => kioskWindow?.webContents.send(IPC_VIEW_CHANNEL, view));
  // The renderer may have said `ready` before the core existed: give it the current view now.
  kioskWindow?.webContents.send(IPC_VIEW_CHANNEL, core.view);
  systemd.ready('in service');
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
}

function createWindow(): void {
  const win = createKioskWindow(preloadPath, { devTools });
  kioskWindow = win;
  wireKioskWindow(win, {
    logger, exitGuard, entryUrl: APP_ENTRY_URL,
    // Counted and reported (issue 16, lifecycle/crash-accounting.ts); wire-window.ts reloads the page.
    onRendererFailure: (kind, detail) => kiosk?.recordRendererFailure(kind, kind === 'unresponsive' ? 'unresponsive' : rendererGoneReason(detail)),
  });
  void win.loadURL(APP_ENTRY_URL);
}

/** Electron's render-process-gone reasons, as the journal spells them. */
function rendererGoneReason(detail: string): RendererFailureReason {
  const known: readonly RendererFailureReason[] = ['clean-exit', 'abnormal-exit', 'killed', 'crashed', 'oom', 'launch-failed', 'integrity-failure', 'memory-eviction'];
  return known.find((reason) => reason === detail) ?? 'crashed';
}

app.on('window-all-closed', async () => {
  // After an uncaught error there is no clean stop to record: the next start counts it (app.crashRecovered).
  if (!failure) await kiosk?.close(stopReason);
  app.quit();
});
