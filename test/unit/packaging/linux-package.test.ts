/**
 * The .deb a fleet installs (issue 16), checked as far as a machine that
 * cannot download Electron allows: electron-builder's own default depends and
 * maintainer scripts are kept, the scripts parse and expand the way
 * electron-builder expands them, the systemd unit passes `systemd-analyze
 * verify` (where systemd is installed) and the udev rules parse. Packaging
 * itself (`npm run package:deb`) needs the Electron download: docs/deploy.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { PACKAGED_CONFIG_PATH, PACKAGED_DATA_DIR } from '../../../src/main/config/packaged-policy';

const require = createRequire(import.meta.url);
const FpmTarget = (require('app-builder-lib/out/targets/FpmTarget') as { default: { prototype: { getDefaultDepends(target: string): string[] } } }).default;
const templates = join(require.resolve('app-builder-lib/package.json'), '..', 'templates', 'linux');

interface BuilderConfig {
  productName: string;
  linux: { executableName: string; extraResources: { from: string; to: string }[] } & Record<string, unknown>;
  deb: { depends: string[]; afterInstall: string; afterRemove: string; recommends: string[] };
}
const config = load(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; scripts: Record<string, string> };
const unitPath = 'build/linux/system/contract-kiosk.service';
const unit = readFileSync(unitPath, 'utf8');

/** electron-builder's template expansion (FpmTarget writeConfigFile): `${name}` must be a macro it defines, or packaging fails. */
function expand(template: string): string {
  const macros: Record<string, string> = { executable: config.linux.executableName, sanitizedProductName: config.productName, productFilename: config.productName };
  return template.replace(/\${([a-zA-Z]+)}/g, (_m, name: string) => {
    if (!(name in macros) && !(name in config.linux)) throw new Error(`Macro ${name} is not defined`);
    return macros[name] ?? String(config.linux[name]);
  });
}

function unitValues(key: string): string[] {
  return unit.split('\n').filter((line) => line.startsWith(`${key}=`)).map((line) => line.slice(key.length + 1));
}

describe('the .deb', () => {
  it('depends on everything electron-builder depends on by default, plus libusb and libudev', () => {
    const defaults = FpmTarget.prototype.getDefaultDepends('deb');
    expect(defaults).toContain('libgtk-3-0');
    for (const dependency of defaults) expect(config.deb.depends).toContain(dependency);
    expect(config.deb.depends).toEqual(expect.arrayContaining(['libusb-1.0-0', 'libudev1']));
    expect(config.deb.recommends).toContain('cage');
  });

  it.each([['afterInstall', 'after-install.tpl'], ['afterRemove', 'after-remove.tpl']] as const)('%s keeps electron-builder\'s default script (sandbox, AppArmor) unchanged', (key, file) => {
    const ours = readFileSync(config.deb[key], 'utf8');
    expect(ours.startsWith(readFileSync(join(templates, file), 'utf8'))).toBe(true);
    expect(ours).toContain(key === 'afterInstall' ? 'apparmor_parser --replace' : 'apparmor_parser --remove');
  });

  it.each(['afterInstall', 'afterRemove'] as const)('%s expands with electron-builder\'s macros and is valid bash', (key) => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-deb-'));
    const script = join(dir, 'script.sh');
    writeFileSync(script, expand(readFileSync(config.deb[key], 'utf8')));
    const check = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('the postinst installs every file it ships, from where extraResources puts them', () => {
    expect(config.linux.extraResources).toEqual([{ from: 'build/linux/system', to: 'system' }]);
    const postinst = expand(readFileSync(config.deb.afterInstall, 'utf8'));
    expect(postinst).toContain(`KIOSK_SYSTEM='/opt/${config.productName}/resources/system'`);
    for (const file of ['contract-kiosk.service', '60-contract-kiosk.rules', 'kiosk.example.json']) {
      expect(existsSync(join('build/linux/system', file))).toBe(true);
      expect(postinst).toContain(`"$KIOSK_SYSTEM/${file}"`);
    }
    expect(postinst).toContain(`install -d -m 0750 -o kiosk -g kiosk ${PACKAGED_DATA_DIR}`);
    // The removal keeps the journal, even on purge.
    expect(readFileSync(config.deb.afterRemove, 'utf8')).not.toMatch(/rm [^\n]*\/var\/lib\/contract-kiosk/);
  });

  it('the executable, data folder and config path agree across package, unit and kiosk', () => {
    // electron-builder's default executable name is the package name; the unit starts /usr/bin/<that>.
    expect(config.linux.executableName).toBe(pkg.name);
    expect(unitValues('ExecStart')[0]).toContain(`/usr/bin/${config.linux.executableName} `);
    expect(unitValues('StateDirectory')).toEqual([PACKAGED_DATA_DIR.replace('/var/lib/', '')]);
    expect(unitValues('Environment')).toContain(`KIOSK_CONFIG=${PACKAGED_CONFIG_PATH}`);
    expect(pkg.scripts['package:deb']).toContain('electron-builder --linux deb');
    expect(pkg.scripts['package:dir']).toBe('electron-builder --dir');
  });

  it('the unit restarts the kiosk always and watches it with a watchdog it feeds', () => {
    expect(unitValues('Type')).toEqual(['notify']);
    expect(unitValues('NotifyAccess')).toEqual(['all']);
    expect(unitValues('Restart')).toEqual(['always']);
    expect(Number.parseInt(unitValues('WatchdogSec')[0] ?? '', 10)).toBeGreaterThan(0);
    expect(unitValues('StandardOutput')).toEqual(['journal']);
    expect(unitValues('User')).toEqual(['kiosk']);
  });

  const systemdAnalyze = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).stdout.trim();
  it.runIf(systemdAnalyze !== '')('the unit passes systemd-analyze verify (programs this machine lacks replaced by /bin/true)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-unit-'));
    const copy = join(dir, 'contract-kiosk.service');
    // verify also checks that ExecStart's program exists; cage and the kiosk are not installed here.
    writeFileSync(copy, unit.replace(/^ExecStart=.*$/m, 'ExecStart=/bin/true'));
    const result = spawnSync(systemdAnalyze, ['verify', '--man=no', copy], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('a broken unit fails the same check (the check can fail)', () => {
    if (systemdAnalyze === '') return;
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-unit-'));
    const copy = join(dir, 'contract-kiosk.service');
    writeFileSync(copy, unit.replace(/^ExecStart=.*$/m, 'ExecStart=/bin/true').replace('Restart=always', 'Restart=sometimes'));
    const result = spawnSync(systemdAnalyze, ['verify', '--man=no', copy], { encoding: 'utf8' });
    expect(result.stderr).toMatch(/restart specifier/i);
  });
});

describe('the udev rules', () => {
  const rules = readFileSync('build/linux/system/60-contract-kiosk.rules', 'utf8').split('\n').filter((line) => line.trim() && !line.startsWith('#'));
  const KEY = /^(SUBSYSTEM|ATTRS\{idVendor\}|ATTRS\{idProduct\}|SYMLINK|GROUP|MODE)(==|\+=|=)"([^"]*)"$/;

  it('parse: known keys, match and assign operators, hex USB ids, group kiosk-devices, mode 0660', () => {
    expect(rules).toHaveLength(3);
    for (const rule of rules) {
      const pairs = rule.split(/,\s*/).map((pair) => KEY.exec(pair));
      expect(pairs.every(Boolean), rule).toBe(true);
      const value = (key: string) => pairs.find((p) => p![1] === key)?.[3];
      expect(value('ATTRS{idVendor}')).toMatch(/^[0-9a-f]{4}$/);
      expect(value('ATTRS{idProduct}')).toMatch(/^[0-9a-f]{4}$/);
      expect(value('GROUP')).toBe('kiosk-devices');
      expect(value('MODE')).toBe('0660');
    }
  });

  it('name the reader and printer the way the example config does, and give the scanner its hidraw node', () => {
    const example = JSON.parse(readFileSync('build/linux/system/kiosk.example.json', 'utf8')) as { devices: { cardReader: { path: string }; printer: { path: string }; idScanner: { vendorId: number; productId: number } } };
    const text = rules.join('\n');
    expect(text).toContain(`SYMLINK+="${example.devices.cardReader.path.replace('/dev/', '')}"`);
    expect(text).toContain(`SYMLINK+="${example.devices.printer.path.replace('/dev/', '')}"`);
    const hex = (n: number) => n.toString(16).padStart(4, '0');
    expect(text).toContain(`SUBSYSTEM=="hidraw", ATTRS{idVendor}=="${hex(example.devices.idScanner.vendorId)}", ATTRS{idProduct}=="${hex(example.devices.idScanner.productId)}"`);
  });

  const udevadm = spawnSync('sh', ['-c', 'command -v udevadm'], { encoding: 'utf8' }).stdout.trim();
  it.runIf(udevadm !== '' && spawnSync(udevadm, ['verify', '--help']).status === 0)('pass udevadm verify', () => {
    execFileSync(udevadm, ['verify', 'build/linux/system/60-contract-kiosk.rules']);
  });
});
