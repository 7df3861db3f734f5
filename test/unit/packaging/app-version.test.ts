/** The software version comes from package.json at build time (issue 16). */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_VERSION, resolveAppVersion } from '../../../src/main/app-version';
// @ts-expect-error: a plain .mjs build helper without types
import { versionDefine } from '../../../scripts/version-define.mjs';

describe('APP_VERSION', () => {
  it('is package.json\'s version in a bundle built the way scripts/build.mjs builds it', async () => {
    const out = await build({
      entryPoints: ['src/main/app-version.ts'], bundle: true, platform: 'node', format: 'cjs', write: false,
      define: versionDefine() as Record<string, string>, logLevel: 'silent',
    });
    const module = { exports: {} as { APP_VERSION?: string } };
    runInNewContext(out.outputFiles[0]!.text, { module, exports: module.exports, process: { env: {} } });
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(module.exports.APP_VERSION).toBe(version);
  });

  it('run from source, says it is a development version unless npm names one', () => {
    expect(resolveAppVersion(undefined, {})).toBe(DEVELOPMENT_VERSION);
    expect(resolveAppVersion(undefined, { npm_package_version: '1.2.3' })).toBe('1.2.3');
    expect(resolveAppVersion('2.0.0', { npm_package_version: '1.2.3' })).toBe('2.0.0');
  });
});
