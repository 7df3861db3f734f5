import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../../src/main/config/load-config';

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
