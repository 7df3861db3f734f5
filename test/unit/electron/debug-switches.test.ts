/**
 * Debug switches (issue 15): devtools only when not packaged; a packaged
 * build started with a remote-debugging or inspect switch quits at start and
 * logs why.
 */
import { describe, expect, it, vi } from 'vitest';
import { devToolsAllowed, forbiddenDebugSwitch } from '../../../src/main/electron/debug-switches';

const calls = { quit: 0, whenReady: 0, lock: 0 };
vi.mock('electron', () => ({
  app: {
    isPackaged: true,
    requestSingleInstanceLock: () => { calls.lock++; return true; },
    quit: () => { calls.quit++; },
    on: () => undefined,
    whenReady: () => { calls.whenReady++; return new Promise(() => undefined); },
  },
  protocol: { registerSchemesAsPrivileged: () => undefined },
  ipcMain: {}, Menu: {}, powerSaveBlocker: {}, session: {}, BrowserWindow: class {},
}));

describe('devToolsAllowed', () => {
  it('allows devtools on request in a development build only', () => {
    expect(devToolsAllowed({ isPackaged: false, argv: ['electron', '.', '--dev'], env: {} })).toBe(true);
    expect(devToolsAllowed({ isPackaged: false, argv: ['electron', '.'], env: { KIOSK_DEV: '1' } })).toBe(true);
    expect(devToolsAllowed({ isPackaged: false, argv: ['electron', '.'], env: {} })).toBe(false);
    expect(devToolsAllowed({ isPackaged: true, argv: ['kiosk', '--dev'], env: { KIOSK_DEV: '1' } })).toBe(false);
  });
});

describe('forbiddenDebugSwitch', () => {
  it.each([
    ['--remote-debugging-port=9222', '--remote-debugging-port'],
    ['--remote-debugging-port', '--remote-debugging-port'],
    ['--remote-debugging-pipe', '--remote-debugging-pipe'],
    ['--inspect', '--inspect'],
    ['--inspect=0.0.0.0:9229', '--inspect'],
    ['--inspect-brk=9229', '--inspect-brk'],
  ])('names %s in a packaged build', (arg, name) => {
    expect(forbiddenDebugSwitch({ isPackaged: true, argv: ['kiosk', arg], env: {} })).toBe(name);
  });

  it('finds it in NODE_OPTIONS too', () => {
    expect(forbiddenDebugSwitch({ isPackaged: true, argv: ['kiosk'], env: { NODE_OPTIONS: '--max-old-space-size=512 --inspect' } })).toBe('--inspect');
  });

  it('lets a development build be debugged, and a packaged one start without switches', () => {
    expect(forbiddenDebugSwitch({ isPackaged: false, argv: ['electron', '.', '--inspect'], env: {} })).toBeNull();
    expect(forbiddenDebugSwitch({ isPackaged: true, argv: ['kiosk', '--inspector-note', '--remote-debugging-portal'], env: {} })).toBeNull();
  });
});

describe('Electron main, packaged', () => {
  it('quits at start with a logged reason when started with --remote-debugging-port', async () => {
    process.env.KIOSK_LOG_LEVEL = 'silent';
    const argv = process.argv;
    process.argv = [...argv, '--remote-debugging-port=9222'];
    try {
      await import('../../../src/main/electron/main');
    } finally {
      process.argv = argv;
    }
    expect(calls.quit).toBe(1);
    expect(calls.lock).toBe(0);
    expect(calls.whenReady).toBe(0);
  });
});
