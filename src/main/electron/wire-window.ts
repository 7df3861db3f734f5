import type { BrowserWindow } from 'electron';
import type { Logger } from '../logging/logger';
import type { ExitGuard } from './exit-guard';
import { isBlockedShortcut } from './key-filter';

/**
 * Window-level lockdown and recovery: shortcuts swallowed, zoom pinned at 1,
 * a crashed or hung renderer reloaded (the core keeps the session, so the
 * reloaded screen shows the same view), and closing refused unless a
 * technician authorised the exit. Every outcome is logged.
 */
export function wireKioskWindow(win: BrowserWindow, deps: { logger: Logger; exitGuard: ExitGuard; entryUrl: string; onRendererFailure?: (kind: 'gone' | 'unresponsive', detail: string) => void }): void {
  const { logger, exitGuard, entryUrl } = deps;
  const contents = win.webContents;
  contents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
  contents.on('zoom-changed', () => contents.setZoomFactor(1));
  contents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input)) event.preventDefault();
  });
  contents.on('render-process-gone', (_event, details) => {
    logger.error({ event: 'rendererGone', reason: details.reason, exitCode: details.exitCode }, 'renderer process gone; reloading');
    deps.onRendererFailure?.('gone', details.reason);
    if (!win.isDestroyed()) void win.loadURL(entryUrl);
  });
  win.on('unresponsive', () => {
    logger.error({ event: 'rendererUnresponsive' }, 'renderer unresponsive; reloading');
    deps.onRendererFailure?.('unresponsive', 'unresponsive');
    contents.forcefullyCrashRenderer();
    if (!win.isDestroyed()) void win.loadURL(entryUrl);
  });
  win.on('close', (event) => {
    if (exitGuard.shouldPreventClose()) {
      event.preventDefault();
      logger.warn({ event: 'closeRefused' }, 'window close refused: no technician-authorised exit in progress');
    } else {
      logger.info({ event: 'exitAuthorised', technicianId: exitGuard.authorisedBy }, 'window closing on technician-authorised exit');
    }
  });
  win.once('ready-to-show', () => win.show());
}
