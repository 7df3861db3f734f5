import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runJournalCli } from '../../../src/main/journal/cli';
import { appendMany, openJournal, receiptFor, tempDir } from './journal-fixture';

let temp: ReturnType<typeof tempDir>;
let path: string;
beforeEach(() => {
  temp = tempDir();
  path = join(temp.dir, 'journal.db');
  const journal = openJournal(path);
  appendMany(journal, 12);
  journal.markAcknowledged(5, receiptFor(journal, 5));
  journal.close();
});
afterEach(() => temp.remove());

function run(...args: string[]): { code: number; json: unknown } {
  const lines: string[] = [];
  const code = runJournalCli(args, (l) => lines.push(l));
  return { code, json: JSON.parse(lines.join('\n')) };
}

describe('journal CLI', () => {
  it('stats prints count, head, acknowledged seq, pending, oldest pending age and integrity', () => {
    const { code, json } = run('stats', '--db', path);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      count: 12, headSeq: 12, ackedSeq: 5, pending: 7, oldestPendingAt: expect.any(String), oldestPendingAgeMs: expect.any(Number),
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/), integrity: { chain: { ok: true, checked: 12 }, sqlite: 'ok' },
    });
  });

  it('verify exits 1 and names the first bad row of a tampered journal', () => {
    const db = new Database(path);
    db.exec('DROP TRIGGER events_append_only');
    db.prepare('UPDATE events SET payload = ? WHERE seq = 9').run('{"cardsRemoved":1}');
    db.close();
    const { code, json } = run('verify', '--db', path);
    expect(code).toBe(1);
    expect(json).toMatchObject({ ok: false, chain: { ok: false, firstBadSeq: 9, problem: 'hashMismatch' }, sqlite: 'ok' });
  });

  it('tail prints the last rows oldest first', () => {
    const { code, json } = run('tail', '--db', path, '--limit', '3');
    expect(code).toBe(0);
    expect((json as { seq: number }[]).map((r) => r.seq)).toEqual([10, 11, 12]);
  });

  it('answers a wrong command or a missing file with exit 2 and a reason', () => {
    expect(run('drop', '--db', path)).toMatchObject({ code: 2, json: { error: 'usage' } });
    expect(run('stats', '--db', join(temp.dir, 'none.db'))).toMatchObject({ code: 2, json: { error: 'notFound' } });
  });

  it('does not change the journal it reads', () => {
    run('stats', '--db', path);
    const journal = openJournal(path);
    expect(journal.stats()).toMatchObject({ count: 12, ackedSeq: 5 });
    journal.close();
  });
});
