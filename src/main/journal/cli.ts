/**
 * `npm run --silent journal -- stats|verify|tail [--db PATH] [--config FILE] [--limit N]`
 *
 * Prints JSON on stdout for technicians and scripts. Opens the journal read
 * only, so it is safe next to a running kiosk (WAL lets readers and the
 * writer proceed together). Exit codes: 0 ok, 1 integrity problem, 2 usage
 * or cannot open.
 */
import { existsSync } from 'node:fs';
import { loadConfig } from '../config/load-config';
import { Journal } from './journal';
import { defaultJournalPath } from './journal-path';

const USAGE = 'usage: journal stats|verify|tail [--db PATH] [--config FILE] [--limit N]';

function argValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

export function runJournalCli(args: string[], out: (line: string) => void): number {
  const command = args[0];
  if (command !== 'stats' && command !== 'verify' && command !== 'tail') {
    out(JSON.stringify({ error: 'usage', message: USAGE }));
    return 2;
  }
  const configPath = argValue(args, '--config');
  const path = argValue(args, '--db') ?? defaultJournalPath(loadConfig(configPath).dataDir);
  if (!existsSync(path)) {
    out(JSON.stringify({ error: 'notFound', message: `no journal at ${path}` }));
    return 2;
  }
  let journal: Journal;
  try {
    journal = Journal.open(path, { kioskId: '', readonly: true });
  } catch (error) {
    out(JSON.stringify({ error: 'cannotOpen', message: (error as Error).message }));
    return 2;
  }
  try {
    switch (command) {
      case 'stats': {
        const stats = journal.stats();
        const chain = journal.verify();
        out(JSON.stringify({ path, ...stats, integrity: { chain, sqlite: journal.integrityCheck() } }, null, 2));
        return chain.ok ? 0 : 1;
      }
      case 'verify': {
        const chain = journal.verify();
        const sqlite = journal.integrityCheck();
        out(JSON.stringify({ path, ok: chain.ok && sqlite === 'ok', chain, sqlite }, null, 2));
        return chain.ok && sqlite === 'ok' ? 0 : 1;
      }
      case 'tail': {
        const limit = Number(argValue(args, '--limit') ?? 20);
        out(JSON.stringify(journal.tail(Number.isInteger(limit) && limit > 0 ? limit : 20), null, 2));
        return 0;
      }
    }
  } finally {
    journal.close();
  }
}

const invokedDirectly = process.argv[1] !== undefined && /journal[\\/]cli\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  process.exitCode = runJournalCli(process.argv.slice(2), (line) => process.stdout.write(line + '\n'));
}
