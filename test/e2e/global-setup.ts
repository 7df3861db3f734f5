import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Seeds one embedded-HQ data folder (PGlite, migrations, keys, the demo cast),
 * with the embedded credit bureau's store in its `bureau/` (the demo records,
 * src/main/embedded-hq/embedded-bureau.ts), that every test copies, so each
 * test starts from the same demo state without paying for a fresh PGlite and
 * seed each time.
 */
export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-hq-template-'));
  execFileSync(process.execPath, ['--import', 'tsx', 'src/hq/cli.ts', 'seed', '--data', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(process.execPath, ['--import', 'tsx', 'src/bureau/cli.ts', 'seed', '--data', join(dir, 'bureau')], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, BUREAU_DATABASE_URL: '' } });
  process.env.KIOSK_E2E_HQ_TEMPLATE = dir;
}
