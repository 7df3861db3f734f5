/**
 * The root-owned update installer (build/linux/system/contract-kiosk-install-update)
 * run for real against an install request the kiosk's .deb installer port
 * wrote (src/main/updates/deb-installer.ts), with apt-get and systemctl
 * replaced by scripts that record their arguments (no package is installed
 * as root here). It installs only a request whose manifest verifies with
 * the update-signing key and whose .deb, copied first, has the signed size
 * and SHA-256; it consumes every request, so a refused one is not retried.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { debInstaller } from '../../../src/main/updates/deb-installer';
import { manifestSigningText } from '../../../src/shared/updates/update-manifest';
import { release, releaseKey, signManifest } from '../updates/update-fixtures';

const SCRIPT = 'build/linux/system/contract-kiosk-install-update';
const key = releaseKey();
const hasOpenssl = spawnSync('sh', ['-c', 'command -v openssl && command -v sha256sum'], { encoding: 'utf8' }).status === 0;

describe.runIf(hasOpenssl)('contract-kiosk-install-update', () => {
  let dir: string;
  let spool: string;
  let calls: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'install-update-'));
    spool = join(dir, 'updates');
    mkdirSync(spool);
    calls = join(dir, 'calls.log');
    const recorder = (name: string) => {
      const path = join(dir, name);
      writeFileSync(path, `#!/bin/sh\necho "${name} $*" >> '${calls}'\n`);
      chmodSync(path, 0o755);
      return path;
    };
    const pub = join(dir, 'update-signing.pub.pem');
    writeFileSync(pub, key.publicKey.export({ type: 'spki', format: 'pem' }));
    env = { ...process.env, KIOSK_UPDATE_SPOOL: spool, KIOSK_UPDATE_PUBKEY: pub, KIOSK_APT_GET: recorder('apt-get'), KIOSK_SYSTEMCTL: recorder('systemctl') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = () => spawnSync('bash', [SCRIPT], { env, encoding: 'utf8' });
  const recorded = () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []);
  async function request(options: { signWith?: typeof key.privateKey; bytes?: Buffer } = {}) {
    const r = release('0.2.0', { size: 5000 });
    writeFileSync(join(spool, r.manifest.artefact.fileName), options.bytes ?? r.bytes);
    const signed = signManifest(r.manifest, options.signWith ?? key.privateKey);
    const handed = await debInstaller(spool).install({
      kind: 'update', version: '0.2.0', artefactPath: join(spool, r.manifest.artefact.fileName), manifestText: manifestSigningText(r.manifest), signature: signed.signature,
    });
    expect(handed).toEqual({ ok: true });
    return r;
  }

  it('installs a signed request from a root-owned copy of the .deb, then restarts the kiosk', async () => {
    const r = await request();
    const result = run();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [apt, systemctl] = recorded();
    expect(apt).toMatch(new RegExp(`^apt-get install -y --allow-downgrades -o Dpkg::Options::=--force-confold /.+/${r.manifest.artefact.fileName}$`));
    expect(apt).not.toContain(spool);
    expect(systemctl).toBe('systemctl restart contract-kiosk.service');
    expect(existsSync(join(spool, 'install-request.ready'))).toBe(false);
  });

  it('refuses a request signed with another key, and does not retry it', async () => {
    await request({ signWith: releaseKey().privateKey });
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/does not verify/);
    expect(recorded()).toEqual([]);
    expect(existsSync(join(spool, 'install-request.ready'))).toBe(false);
    expect(run().status).toBe(0);
  });

  it('refuses a .deb that is not the signed one (same size, other bytes; or cut short)', async () => {
    const r = release('0.2.0', { size: 5000 });
    const forged = Buffer.from(r.bytes);
    forged[0] = forged[0]! ^ 1;
    await request({ bytes: forged });
    expect(run()).toMatchObject({ status: 1, stderr: expect.stringMatching(/signed SHA-256/) });
    await request({ bytes: r.bytes.subarray(0, 4000) });
    expect(run()).toMatchObject({ status: 1, stderr: expect.stringMatching(/signed size/) });
    expect(recorded()).toEqual([]);
  });

  it('does nothing without a ready request, and the port refuses an artefact outside its folder', async () => {
    expect(run()).toMatchObject({ status: 0, stderr: '' });
    expect(await debInstaller(spool).install({ kind: 'update', version: '0.2.0', artefactPath: '/tmp/x.deb', manifestText: 'x', signature: 'y' })).toMatchObject({ ok: false });
  });
});

const systemdAnalyze = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).stdout.trim();
describe('the update path unit and oneshot', () => {
  it.runIf(systemdAnalyze !== '')('pass systemd-analyze verify (the helper replaced by /bin/true: it is not installed here)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'update-units-'));
    try {
      for (const unit of ['contract-kiosk-update.path', 'contract-kiosk-update.service']) {
        writeFileSync(join(dir, unit), readFileSync(join('build/linux/system', unit), 'utf8').replace(/^ExecStart=.*$/m, 'ExecStart=/bin/true'));
      }
      const check = spawnSync('systemd-analyze', ['verify', '--man=no', join(dir, 'contract-kiosk-update.path'), join(dir, 'contract-kiosk-update.service')], { encoding: 'utf8' });
      expect(check.stderr.split('\n').filter((line) => line.includes('contract-kiosk-update'))).toEqual([]);
      expect(check.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the postinst installs and enables them with the helper; the postrm removes them', () => {
    const postinst = readFileSync('build/linux/after-install.tpl', 'utf8');
    for (const file of ['contract-kiosk-update.path', 'contract-kiosk-update.service', 'contract-kiosk-install-update']) {
      expect(existsSync(join('build/linux/system', file))).toBe(true);
      expect(postinst).toContain(`"$KIOSK_SYSTEM/${file}"`);
    }
    expect(postinst).toContain('/usr/lib/contract-kiosk/install-update');
    expect(postinst).toContain('systemctl enable --now contract-kiosk-update.path');
    expect(postinst).toContain('install -d -m 0750 -o kiosk -g kiosk /var/lib/contract-kiosk/updates');
    const unit = readFileSync('build/linux/system/contract-kiosk-update.service', 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/lib\/contract-kiosk\/install-update$/m);
    expect(readFileSync('build/linux/system/contract-kiosk-update.path', 'utf8')).toMatch(/^PathExists=\/var\/lib\/contract-kiosk\/updates\/install-request\.ready$/m);
    expect(readFileSync('build/linux/after-remove.tpl', 'utf8')).toContain('rm -f /lib/systemd/system/contract-kiosk-update.path');
  });
});
