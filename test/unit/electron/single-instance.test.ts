import { describe, expect, it, vi } from 'vitest';

const calls = { quit: 0, whenReady: 0, schemes: [] as unknown[] };
vi.mock('electron', () => ({
  app: {
    requestSingleInstanceLock: () => false,
    quit: () => { calls.quit++; },
    on: () => undefined,
    whenReady: () => { calls.whenReady++; return new Promise(() => undefined); },
  },
  protocol: { registerSchemesAsPrivileged: (s: unknown[]) => { calls.schemes.push(...s); } },
  ipcMain: {}, Menu: {}, powerSaveBlocker: {}, session: {}, BrowserWindow: class {},
}));

describe('Electron main', () => {
  it('quits at once when another kiosk instance holds the lock, before building anything', async () => {
    process.env.KIOSK_LOG_LEVEL = 'silent';
    await import('../../../src/main/electron/main');
    expect(calls.quit).toBe(1);
    expect(calls.whenReady).toBe(0);
    expect(calls.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    // Importing main transforms and loads the whole core graph first: seconds on a busy CI machine.
  }, 60_000);
});
