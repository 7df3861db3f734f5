/**
 * `npm run hq -- journal archive --before YYYY-MM --out DIR` (src/hq/cli.ts):
 * checks its arguments, archives (journal-archive.ts) and says what happened
 * per month, Japanese first. Exit code 0 when every month was archived or
 * already was, 2 for bad arguments, 1 for a refusal.
 */
import type { Db } from '../../server-kit/db/db';
import { archiveJournalBefore, type ArchiveOutcome } from './journal-archive';
import { parseJournalMonth } from './journal-partitions';

export interface JournalCommandResult {
  exitCode: 0 | 1 | 2;
  output: string;
}

function line(outcome: ArchiveOutcome): string {
  switch (outcome.outcome) {
    case 'archived': return `${outcome.month}: 保管して削除しました / archived ${outcome.rows} rows to ${outcome.file} (manifest ${outcome.manifest}), partition dropped`;
    case 'alreadyArchived': return `${outcome.month}: 保管済み / already archived`;
    case 'refused': return `${outcome.month}: 拒否 / refused (${outcome.reason}): ${outcome.message}`;
  }
}

export async function runJournalCommand(db: Db, sub: string | undefined, args: { before?: string | undefined; out?: string | undefined }, now: Date): Promise<JournalCommandResult> {
  if (sub !== 'archive') return { exitCode: 2, output: `journal: the one subcommand is archive / サブコマンドは archive のみです\n` };
  const before = args.before === undefined ? null : parseJournalMonth(args.before);
  if (!before) return { exitCode: 2, output: `journal archive: --before YYYY-MM (a JST month, e.g. 2026-10) is required / --before に年月を指定してください\n` };
  if (!args.out) return { exitCode: 2, output: 'journal archive: --out DIR is required / --out に出力先を指定してください\n' };
  const outcomes = await archiveJournalBefore(db, before, args.out, now);
  if (outcomes.length === 0) return { exitCode: 0, output: `${before} より前の月はありません / no journal month before ${before} to archive\n` };
  const refused = outcomes.some((o) => o.outcome === 'refused');
  return { exitCode: refused ? 1 : 0, output: outcomes.map(line).join('\n') + '\n' };
}
