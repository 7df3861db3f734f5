import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Seeds one embedded-HQ data folder (PGlite, migrations, keys, the demo cast)
 * that every test copies, so each test starts from the same demo state
 * without paying for a fresh PGlite and seed each time.
 */
export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-hq-template-'));
  execFileSync(process.execPath, ['--import', 'tsx', 'src/hq/cli.ts', 'seed', '--data', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  process.env.KIOSK_E2E_HQ_TEMPLATE = dir;
}
