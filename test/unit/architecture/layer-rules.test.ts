import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer picture of docs/ARCHITECTURE.md is enforced by eslint.config.js;
// this proves each zone really rejects what it should (and allows the rest).
const eslint = new ESLint();

async function importErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  // The first lint loads the whole config (typescript-eslint, the Vue plugin): seconds on a busy machine,
  // which the first case would otherwise pay inside its 5-second budget.
  beforeAll(async () => { await importErrors('src/shared/warm-up.ts', "import x from 'zod';"); }, 60_000);

  it.each([
    ['src/renderer/x.ts', "import x from 'node:fs';"],
    ['src/renderer/x.ts', "import x from '../devices/card-reader/service';"],
    ['src/renderer/x.ts', "import x from '../main/kiosk-core';"],
    ['src/renderer/x.ts', "import x from 'better-sqlite3';"],
    ['src/renderer/x.ts', "import x from 'electron';"],
    ['src/shared/x.ts', "import x from 'node:crypto';"],
    ['src/shared/x.ts', "import x from '../main/kiosk-core';"],
    ['src/devices/x.ts', "import x from '../main/kiosk-core';"],
    ['src/devices/x.ts', "import x from 'electron';"],
    ['src/main/x.ts', "import x from 'electron';"],
    ['src/main/x.ts', "import x from './electron/main';"],
    ['src/main/x.ts', "import x from '../hq/app';"],
    ['src/main/sync/x.ts', "import x from '../../hq/db/db';"],
    ['src/hq/x.ts', "import x from '../main/kiosk-core';"],
    ['src/hq/x.ts', "import x from '../devices/transport/memory-link';"],
    ['src/preload/x.ts', "import x from '../main/kiosk-core';"],
    ['src/bureau/x.ts', "import x from '../hq/db/db';"],
    ['src/bureau/records/x.ts', "import x from '../../hq/identity/identity-match';"],
    ['src/bureau/x.ts', "import x from '../main/kiosk-core';"],
    ['src/bureau/x.ts', "import x from '../devices/transport/memory-link';"],
    ['src/bureau/x.ts', "import x from 'electron';"],
    ['src/hq/x.ts', "import x from '../bureau/db/db';"],
    ['src/hq/limits/x.ts', "import x from '../../bureau/records/enquiries';"],
    ['src/main/x.ts', "import x from '../bureau/app';"],
    ['src/shared/x.ts', "import x from '../bureau/app';"],
    ['src/renderer/x.ts', "import x from '../bureau/app';"],
    ['src/server-kit/x.ts', "import x from '../hq/app';"],
    ['src/server-kit/db/x.ts', "import x from '../../bureau/db/migrate';"],
    ['src/server-kit/x.ts', "import x from '../main/kiosk-core';"],
    ['src/server-kit/x.ts', "import x from '../devices/transport/memory-link';"],
    ['src/server-kit/x.ts', "import x from '../renderer/main';"],
    ['src/server-kit/x.ts', "import x from 'electron';"],
    ['src/main/x.ts', "import x from '../server-kit/db/db';"],
    ['src/devices/x.ts', "import x from '../server-kit/db/db';"],
    ['src/shared/x.ts', "import x from '../server-kit/db/db';"],
    ['src/renderer/x.ts', "import x from '../server-kit/http/raw-json-body';"],
    ['src/preload/x.ts', "import x from '../server-kit/db/db';"],
  ])('%s may not %s', async (file, source) => {
    expect((await importErrors(file, source)).length).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['src/renderer/x.ts', "import x from '../shared/bridge';"],
    ['src/main/x.ts', "import x from '../devices/transport/memory-link';"],
    ['src/main/x.ts', "import x from '../shared/hq-api/x';"],
    ['src/main/electron/x.ts', "import x from 'electron';"],
    ['src/main/electron/x.ts', "import x from '../kiosk-core';"],
    ['src/preload/x.ts', "import x from 'electron';"],
    ['src/hq/x.ts', "import x from '../shared/hq-api/x';"],
    ['src/devices/x.ts', "import x from 'serialport';"],
    ['src/bureau/x.ts', "import x from '../shared/bureau-api/routes';"],
    ['src/bureau/x.ts', "import x from 'fastify';"],
    ['src/hq/x.ts', "import x from '../shared/bureau-api/bureau-client';"],
    ['src/hq/x.ts', "import x from '../server-kit/db/db';"],
    ['src/bureau/db/x.ts', "import x from '../../server-kit/db/migrate';"],
    ['src/server-kit/x.ts', "import x from '../shared/signed-request/signed-request';"],
    ['src/server-kit/db/x.ts', "import x from 'pg';"],
    ['src/server-kit/db/x.ts', "import x from '@electric-sql/pglite';"],
    ['src/server-kit/http/x.ts', "import x from 'fastify';"],
    ['src/server-kit/x.ts', "import x from 'node:fs';"],
  ])('%s may %s', async (file, source) => {
    expect(await importErrors(file, source)).toEqual([]);
  });
});
