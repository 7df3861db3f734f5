/**
 * A whole kiosk in a process of its own, for tests that kill it (crash
 * accounting, issue 16): composes the kiosk on the data folder given as the
 * first argument, HQ at a port nobody listens on, prints `started <seq>` (the
 * journal's head) and then waits to be killed.
 */
import { composeKiosk } from '../../src/main/compose-kiosk';
import { parseConfig } from '../../src/main/config/load-config';
import { createLogger } from '../../src/main/logging/logger';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: kiosk-process.ts DATA_DIR');
const config = parseConfig({ dataDir, hq: { url: 'http://127.0.0.1:1', timeoutMs: 500 } });
const kiosk = await composeKiosk({ config, logger: createLogger({ destination: process.stderr as never }), host: 'web', hqProbeSeconds: 3600 });
process.stdout.write(`started ${kiosk.journal.stats().headSeq}\n`);
setInterval(() => undefined, 60_000);
