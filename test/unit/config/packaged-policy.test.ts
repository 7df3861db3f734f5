/**
 * Packaged mode is production mode (issue 16): each refusal on its own, each
 * naming its field or switch, and a production config that passes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadPackagedConfig } from '../../../src/main/config/load-config';
import { PACKAGED_DATA_DIR } from '../../../src/main/config/packaged-policy';
import { generateHqKeys, hqKeysResponse } from '../../../src/hq/keys/hq-keys';

const keys = hqKeysResponse(generateHqKeys());
const production = {
  kioskId: 'KIOSK-SHIBUYA-01',
  hq: { url: 'https://hq.example.jp', keys },
  devices: {
    cardReader: { kind: 'serial', path: '/dev/kiosk-card-reader' },
    idScanner: { kind: 'hid', vendorId: 0x0c2e, productId: 0x0b61 },
    printer: { kind: 'serial', path: '/dev/kiosk-printer' },
  },
};
const quiet = { simulatorPanel: false, devToolsRequested: false };

function file(config: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kiosk-packaged-')), 'kiosk.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

function refusal(config: unknown, launch: Partial<typeof quiet> = {}): string {
  try {
    loadPackagedConfig({ configPath: file(config), ...quiet, ...launch });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the packaged config was accepted');
}

describe('a packaged kiosk', () => {
  it('starts with a production config, its data under /var/lib', () => {
    const config = loadPackagedConfig({ configPath: file(production), ...quiet });
    expect(config.dataDir).toBe(PACKAGED_DATA_DIR);
    expect(config.hq.url).toBe('https://hq.example.jp');
  });

  it('refuses to start without a config file', () => {
    expect(() => loadPackagedConfig({ configPath: undefined, ...quiet })).toThrow(/KIOSK_CONFIG: a packaged kiosk needs a config file/);
  });

  it('refuses a relative data folder', () => {
    expect(refusal({ ...production, dataDir: '.data/kiosk' })).toMatch(/dataDir: must be an absolute path/);
  });

  it('refuses the embedded HQ (no hq.url)', () => {
    expect(refusal({ ...production, hq: { keys } })).toMatch(/hq\.url: required in a packaged kiosk/);
  });

  it('refuses plain http even on loopback', () => {
    expect(refusal({ ...production, hq: { url: 'http://127.0.0.1:8080', keys } })).toMatch(/hq\.url: must be https:/);
  });

  it('refuses unpinned HQ keys even on loopback', () => {
    expect(refusal({ ...production, hq: { url: 'https://127.0.0.1:8443' } })).toMatch(/hq\.keys: must be pinned/);
  });

  it.each(['cardReader', 'idScanner', 'printer'] as const)('refuses a simulated %s', (device) => {
    const message = refusal({ ...production, devices: { ...production.devices, [device]: { kind: 'simulated' } } });
    expect(message).toContain(`devices.${device}: simulated devices are refused`);
    expect(message.match(/simulated devices are refused/g)).toHaveLength(1);
  });

  it('refuses devices left at their simulated defaults, naming each', () => {
    const message = refusal({ ...production, devices: undefined });
    for (const device of ['cardReader', 'idScanner', 'printer']) expect(message).toContain(`devices.${device}:`);
  });

  it('refuses the simulator panel', () => {
    expect(refusal(production, { simulatorPanel: true })).toMatch(/--simulate: the simulator panel is refused/);
  });

  it('refuses devtools', () => {
    expect(refusal(production, { devToolsRequested: true })).toMatch(/--dev \/ KIOSK_DEV: devtools are refused/);
  });

  it('names every refusal at once', () => {
    const message = refusal({ kioskId: 'KIOSK-X-01' }, { simulatorPanel: true });
    for (const field of ['hq.url', 'hq.keys', 'devices.cardReader', 'devices.idScanner', 'devices.printer', '--simulate']) expect(message).toContain(`${field}:`);
  });
});
