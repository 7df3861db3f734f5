import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

// Electron's binary cannot be fetched on these machines (TOOLCHAIN.md): the
// shell's policies are tested against a stand-in at the very edge.
const constructed: unknown[] = [];
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: unknown) { constructed.push(options); }
  },
}));

const { createKioskWindow } = await import('../../../src/main/electron/kiosk-window');
const { wireKioskWindow } = await import('../../../src/main/electron/wire-window');
const { ExitGuard } = await import('../../../src/main/electron/exit-guard');
const { captureLogger } = await import('../../support/capture-logger');

describe('kiosk window', () => {
  it('is full-screen kiosk mode with the renderer isolated, sandboxed and without Node', () => {
    createKioskWindow('/app/preload.cjs', { devTools: false });
    expect(constructed.at(-1)).toMatchObject({
      kiosk: true,
      webPreferences: {
        preload: '/app/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        devTools: false,
        disableBlinkFeatures: 'Auxclick',
      },
    });
  });

  it('enables devtools only with the development flag', () => {
    createKioskWindow('/p', { devTools: true });
    expect((constructed.at(-1) as { webPreferences: { devTools: boolean } }).webPreferences.devTools).toBe(true);
  });
});

class FakeContents extends EventEmitter {
  zoom = 1;
  crashed = 0;
  setVisualZoomLevelLimits = vi.fn(async () => undefined);
  setZoomFactor = (z: number) => { this.zoom = z; };
  forcefullyCrashRenderer = () => { this.crashed++; };
}
class FakeWindow extends EventEmitter {
  webContents = new FakeContents();
  loaded: string[] = [];
  shown = false;
  isDestroyed = () => false;
  loadURL = async (url: string) => { this.loaded.push(url); };
  show = () => { this.shown = true; };
}

function wired(guard = new ExitGuard()) {
  const win = new FakeWindow();
  const log = captureLogger();
  const failures: string[] = [];
  wireKioskWindow(win as never, { logger: log.logger, exitGuard: guard, entryUrl: 'app://kiosk/index.html', onRendererFailure: (k) => failures.push(k) });
  return { win, log, failures, guard };
}

describe('kiosk window wiring', () => {
  it('reloads the renderer after a crash and records it', () => {
    const { win, log, failures } = wired();
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(win.loaded).toEqual(['app://kiosk/index.html']);
    expect(failures).toEqual(['gone']);
    expect(log.lines().find((l) => l.event === 'rendererGone')).toMatchObject({ reason: 'crashed', exitCode: 139 });
  });

  it('kills and reloads a hung renderer', () => {
    const { win, failures } = wired();
    win.emit('unresponsive');
    expect(win.webContents.crashed).toBe(1);
    expect(win.loaded).toEqual(['app://kiosk/index.html']);
    expect(failures).toEqual(['unresponsive']);
  });

  it('refuses to close until a technician authorised the exit', () => {
    const { win, log, guard } = wired();
    const attempt = () => { let prevented = false; win.emit('close', { preventDefault: () => { prevented = true; } }); return prevented; };
    expect(attempt()).toBe(true);
    expect(log.lines().some((l) => l.event === 'closeRefused')).toBe(true);
    guard.authorise('tech-01');
    expect(attempt()).toBe(false);
  });

  it('swallows blocked shortcuts and pins zoom at 1', () => {
    const { win } = wired();
    let prevented = 0;
    win.webContents.emit('before-input-event', { preventDefault: () => prevented++ }, { type: 'keyDown', key: 'F12', control: false, meta: false, alt: false, shift: false });
    win.webContents.emit('before-input-event', { preventDefault: () => prevented++ }, { type: 'keyDown', key: '5', control: false, meta: false, alt: false, shift: false });
    expect(prevented).toBe(1);
    win.webContents.zoom = 2;
    win.webContents.emit('zoom-changed');
    expect(win.webContents.zoom).toBe(1);
    expect(win.webContents.setVisualZoomLevelLimits).toHaveBeenCalledWith(1, 1);
  });
});
