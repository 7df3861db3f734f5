/** HQ's update settings from the environment (src/hq/updates/updates-env.ts): both or neither, and an Ed25519 key. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { updatesSettingsFromEnv } from '../../../src/hq/updates/updates-env';

const dir = mkdtempSync(join(tmpdir(), 'updates-env-'));
const ed = join(dir, 'ed.pem');
const rsa = join(dir, 'rsa.pem');
writeFileSync(ed, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }));

describe('updatesSettingsFromEnv', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is off without either variable, and on with both', () => {
    expect(updatesSettingsFromEnv({})).toBeUndefined();
    expect(updatesSettingsFromEnv({ HQ_UPDATES_PUBLIC_KEY_FILE: ed, HQ_UPDATES_DIR: join(dir, 'a') })).toMatchObject({ artefactDir: join(dir, 'a'), publicKeyPem: expect.stringContaining('PUBLIC KEY') });
  });

  it('refuses one without the other, a missing file and a key that is not Ed25519, naming the variable', () => {
    expect(() => updatesSettingsFromEnv({ HQ_UPDATES_DIR: dir })).toThrow(/HQ_UPDATES_PUBLIC_KEY_FILE and HQ_UPDATES_DIR/);
    expect(() => updatesSettingsFromEnv({ HQ_UPDATES_PUBLIC_KEY_FILE: ed })).toThrow(/go together/);
    expect(() => updatesSettingsFromEnv({ HQ_UPDATES_PUBLIC_KEY_FILE: join(dir, 'none.pem'), HQ_UPDATES_DIR: dir })).toThrow(/^HQ_UPDATES_PUBLIC_KEY_FILE: /);
    expect(() => updatesSettingsFromEnv({ HQ_UPDATES_PUBLIC_KEY_FILE: rsa, HQ_UPDATES_DIR: dir })).toThrow(/Ed25519/);
  });
});
