import { describe, expect, it } from 'vitest';
import { ExitGuard } from '../../../src/main/electron/exit-guard';
import { isBlockedShortcut, type KeyInput } from '../../../src/main/electron/key-filter';
import { APP_ENTRY_URL, isNavigationAllowed, windowOpenDecision } from '../../../src/main/electron/navigation-policy';
import { devicePermissionDecision, permissionCheckDecision, permissionRequestDecision } from '../../../src/main/electron/permission-policy';
import { isTrustedSender } from '../../../src/main/electron/sender-policy';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key: k, control: false, meta: false, alt: false, shift: false, ...mods });

describe('navigation policy', () => {
  it('allows only the app:// origin', () => {
    expect(isNavigationAllowed(APP_ENTRY_URL)).toBe(true);
    expect(isNavigationAllowed('app://kiosk/other.html')).toBe(true);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)', 'http://127.0.0.1:3000/', 'not a url', 'app://kiosk.evil/']) {
      expect(isNavigationAllowed(url), url).toBe(false);
    }
  });

  it('denies every new window', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });
});

describe('permission policy', () => {
  it('denies every permission and every device selection, HID and serial included', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'hid', 'serial', 'usb', 'clipboard-read', 'fullscreen', 'openExternal']) {
      expect(permissionRequestDecision(p)).toBe(false);
      expect(permissionCheckDecision(p)).toBe(false);
    }
    for (const d of ['hid', 'serial', 'usb']) expect(devicePermissionDecision(d)).toBe(false);
  });
});

describe('key filter', () => {
  it.each([
    ['F5'], ['F11'], ['F12'], ['BrowserBack'],
  ])('swallows %s', (k) => expect(isBlockedShortcut(key(k))).toBe(true));

  it.each([
    ['reload', key('r', { control: true })],
    ['hard reload', key('R', { control: true, shift: true })],
    ['devtools', key('I', { control: true, shift: true })],
    ['devtools picker', key('C', { control: true, shift: true })],
    ['close window', key('w', { control: true })],
    ['quit', key('q', { meta: true })],
    ['zoom in', key('+', { control: true })],
    ['zoom out', key('-', { control: true })],
    ['zoom reset', key('0', { control: true })],
    ['print', key('p', { control: true })],
    ['alt-f4', key('F4', { alt: true })],
    ['history back', key('ArrowLeft', { alt: true })],
  ])('swallows %s', (_label, input) => expect(isBlockedShortcut(input)).toBe(true));

  it('lets ordinary typing and copy through, and ignores key-up', () => {
    for (const k of ['1', 'a', 'Enter', 'Backspace', 'ArrowLeft']) expect(isBlockedShortcut(key(k))).toBe(false);
    expect(isBlockedShortcut(key('c', { control: true }))).toBe(false);
    expect(isBlockedShortcut({ ...key('F5'), type: 'keyUp' })).toBe(false);
  });
});

describe('IPC sender policy', () => {
  it('trusts only the kiosk window main frame on the app origin', () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: null }, 7, 7)).toBe(true);
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: {} }, 7, 7)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null }, 7, 7)).toBe(false);
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: null }, 7, 8)).toBe(false);
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: null }, null, 7)).toBe(false);
    expect(isTrustedSender(null, 7, 7)).toBe(false);
  });
});

describe('exit guard', () => {
  it('prevents closing until a technician authorises the exit', () => {
    const guard = new ExitGuard();
    expect(guard.shouldPreventClose()).toBe(true);
    guard.authorise('9000000002'.slice(-4));
    expect(guard.shouldPreventClose()).toBe(false);
  });
});
