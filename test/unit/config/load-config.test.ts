import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../../src/main/config/load-config';
import { generateHqKeys, hqKeysResponse } from '../../../src/hq/keys/hq-keys';

describe('kiosk config', () => {
  it('defaults to everything simulated with the embedded HQ', () => {
    const config = loadConfig();
    expect(config).toMatchObject({
      kioskId: 'KIOSK-DEMO-01',
      devices: { cardReader: { kind: 'simulated' }, idScanner: { kind: 'simulated' } },
    });
    expect(config.hq.url).toBeUndefined();
  });

  it('accepts a real serial card reader and a HID scanner', () => {
    const config = parseConfig({ devices: { cardReader: { kind: 'serial', path: '/dev/ttyUSB0' }, idScanner: { kind: 'hid', vendorId: 0x0c2e, productId: 0x0b61 } } });
    expect(config.devices.cardReader).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 });
  });

  it('names every bad field in one clear message', () => {
    expect(() => parseConfig({ kioskId: 'x', devices: { cardReader: { kind: 'serial', path: '/dev/ttyS0', baudRate: 115200 } }, extra: 1 }, 'kiosk.json'))
      .toThrow(/config kiosk\.json: .*kioskId: kiosk id.*devices\.cardReader\.baudRate.*/);
    expect(() => parseConfig({ hq: { url: 'ftp://hq.example' } })).toThrow(ConfigError);
    expect(() => parseConfig({ devices: { retainBin: { high: 50, full: 40 } } })).toThrow(/retainBin\.high must be below/);
  });

  it('reports an unreadable or malformed file without a stack of noise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-config-'));
    expect(() => loadConfig(join(dir, 'missing.json'))).toThrow(/cannot read \(ENOENT\)/);
    writeFileSync(join(dir, 'bad.json'), '{ "kioskId": ');
    expect(() => loadConfig(join(dir, 'bad.json'))).toThrow(/not valid JSON/);
  });
});

describe('kiosk config: pinned HQ keys', () => {
  it('takes HQ\'s keys as `npm run hq -- keys` prints them', async () => {
    const { generateHqKeys, hqKeysResponse } = await import('../../../src/hq/keys/hq-keys');
    const keys = hqKeysResponse(generateHqKeys());
    expect(parseConfig({ hq: { url: 'https://hq.example', keys } }).hq.keys).toEqual(keys);
  });

  it('refuses pinned keys whose ids do not name them, before the kiosk starts', async () => {
    const { generateHqKeys, hqKeysResponse } = await import('../../../src/hq/keys/hq-keys');
    const keys = hqKeysResponse(generateHqKeys());
    const wrongId = { ...keys, receiptSigning: { ...keys.receiptSigning, keyId: '0123456789abcdef' } };
    expect(() => parseConfig({ hq: { keys: wrongId } }, 'kiosk.json')).toThrow(/config kiosk\.json: hq\.keys: receiptSigning\.keyId: 0123456789abcdef does not name this key/);
    expect(() => parseConfig({ hq: { keys: { pinEncryption: keys.pinEncryption } } })).toThrow(/hq\.keys\.receiptSigning/);
  });
});

describe('kiosk config: the HQ link off loopback (issue 15)', () => {
  // Rule: whenever hq.url is not loopback (127.0.0.0/8, ::1, localhost) it must be https: and hq.keys must be pinned.
  const pinned = hqKeysResponse(generateHqKeys());

  it('refuses http: to a remote HQ, naming hq.url', async () => {
    expect(() => parseConfig({ hq: { url: 'http://hq.example', keys: pinned } }, 'kiosk.json'))
      .toThrow(/config kiosk\.json: hq\.url: HQ off loopback \(hq\.example\) must be https:, not http:/);
    expect(() => parseConfig({ hq: { url: 'http://10.0.0.5:8470', keys: pinned } })).toThrow(/hq\.url: .*must be https:/);
  });

  it('refuses a remote HQ without pinned keys, naming hq.keys, even over https', async () => {
    expect(() => parseConfig({ hq: { url: 'https://hq.example' } }, 'kiosk.json'))
      .toThrow(/config kiosk\.json: hq\.keys: HQ off loopback \(hq\.example\) needs its keys pinned/);
    // Both at once: both named.
    expect(() => parseConfig({ hq: { url: 'http://hq.example' } })).toThrow(/hq\.url: .*https:[\s\S]*hq\.keys: .*pinned/);
  });

  it('accepts https with pinned keys, and loopback HQs as they are', async () => {
    expect(parseConfig({ hq: { url: 'https://hq.example', keys: pinned } }).hq.url).toBe('https://hq.example');
    for (const url of ['http://127.0.0.1:8470', 'http://127.3.2.1', 'http://localhost:8470', 'http://[::1]:8470', 'http://LOCALHOST']) {
      expect(parseConfig({ hq: { url } }).hq.url, url).toBe(url);
    }
    // Names that only look like loopback are not.
    for (const url of ['http://127.0.0.1.example', 'http://localhost.example', 'http://[::2]']) {
      expect(() => parseConfig({ hq: { url } }), url).toThrow(/hq\.url/);
    }
  });
});
