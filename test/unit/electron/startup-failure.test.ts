/**
 * Start-up never leaves the desk open (issue 16): a packaged Electron kiosk
 * with a config that fails the production policy opens its locked window
 * first, and every app:// page it then serves is the out-of-service page.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const seen = { windows: 0, loaded: [] as string[], handler: null as null | ((request: Request) => Promise<Response>) };
vi.mock('electron', () => {
  const contents = { on: () => undefined, setVisualZoomLevelLimits: () => Promise.resolve(), setWindowOpenHandler: () => undefined, send: () => undefined, id: 1 };
  const session = { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, setDevicePermissionHandler: () => undefined, on: () => undefined };
  return {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      quit: () => undefined,
      on: () => undefined,
      whenReady: () => Promise.resolve(),
    },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => { seen.handler = handler; } },
    ipcMain: { handle: () => undefined },
    Menu: { setApplicationMenu: () => undefined },
    powerSaveBlocker: { start: () => 0 },
    session: { defaultSession: session },
    BrowserWindow: class {
      webContents = contents;
      constructor() { seen.windows++; }
      on() { return this; }
      once() { return this; }
      isDestroyed() { return false; }
      loadURL(url: string) { seen.loaded.push(url); return Promise.resolve(); }
    },
  };
});

describe('Electron main, packaged, with a config the production policy refuses', () => {
  it('shows the out-of-service page in the locked window, naming the error class, never the error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-electron-startup-'));
    writeFileSync(join(dir, 'kiosk.json'), JSON.stringify({ kioskId: 'KIOSK-SHOP-01', hq: { url: 'http://hq.example.jp' } }));
    process.env.KIOSK_CONFIG = join(dir, 'kiosk.json');
    process.env.KIOSK_LOG_LEVEL = 'silent';
    await import('../../../src/main/electron/main');
    await vi.waitFor(() => expect(seen.loaded.length).toBeGreaterThanOrEqual(2));

    expect(seen.windows).toBe(1);
    const page = await seen.handler!(new Request('app://kiosk/index.html'));
    const html = await page.text();
    expect(page.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(html).toContain('data-screen="startupFailure"');
    expect(html).toContain('data-error-class="config"');
    expect(html).toContain('E-START-CONFIG');
    expect(html).not.toContain('hq.example.jp');
    expect(html).not.toContain(dir);
    const css = await seen.handler!(new Request('app://kiosk/out-of-service.css'));
    expect(css.headers.get('Content-Type')).toContain('text/css');
  }, 60_000);
});
