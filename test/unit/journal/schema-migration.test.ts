/**
 * Journal schema changes are additive only (docs/journal.md, "Schema
 * changes"), so a rollback finds a journal it can still use. One migration
 * (level 2, `schema_history`) both ways: a file raised by the new code is
 * opened, verified and appended to by the previous code path (schema level
 * 1, the checks 0.1.0 makes), and a file written by the previous code is
 * raised by the new code with its rows and chain intact.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOURNAL_SCHEMA_LEVEL, JOURNAL_SCHEMA_VERSION } from '../../../src/main/journal/journal-schema';
import { appendMany, manualClock, openJournal, tempDir } from './journal-fixture';

const PREVIOUS = { schemaLevel: 1 };

function metaOf(path: string): Record<string, string> {
  const db = new Database(path, { readonly: true });
  try {
    return Object.fromEntries((db.prepare('SELECT key, value FROM journal_meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
  } finally {
    db.close();
  }
}

function tables(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

describe('journal schema migration, both ways', () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => { dir = tempDir(); path = join(dir.dir, 'journal.sqlite'); });
  afterEach(() => dir.remove());

  it('the current code is a level above the previous and keeps schema_version at 1', () => {
    expect(JOURNAL_SCHEMA_LEVEL).toBeGreaterThan(1);
    expect(JOURNAL_SCHEMA_VERSION).toBe(1);
  });

  it('a journal migrated by the new code is opened, verified and appended to by the previous code path', () => {
    const clock = manualClock();
    const fresh = openJournal(path, { clock, appVersion: '0.2.0' });
    appendMany(fresh, 3);
    fresh.close();
    expect(metaOf(path)).toMatchObject({ schema_version: '1', schema_level: String(JOURNAL_SCHEMA_LEVEL) });
    expect(tables(path)).toContain('schema_history');

    // What 0.1.0 checks at open (journal-connection.ts): schema_version not above its own 1.
    expect(Number(metaOf(path).schema_version)).toBeLessThanOrEqual(1);
    const previous = openJournal(path, { clock, ...PREVIOUS });
    expect(previous.verify()).toMatchObject({ ok: true });
    appendMany(previous, 2);
    expect(previous.stats().headSeq).toBe(5);
    expect(previous.verify()).toMatchObject({ ok: true });
    previous.close();
    // The previous code leaves the level as it found it: nothing was undone.
    expect(metaOf(path).schema_level).toBe(String(JOURNAL_SCHEMA_LEVEL));

    const again = openJournal(path, { clock });
    expect(again.verify()).toMatchObject({ ok: true });
    expect(again.stats().headSeq).toBe(5);
    again.close();
  });

  it('a journal written by the previous code is raised by the new code with its rows and chain intact', () => {
    const clock = manualClock();
    const previous = openJournal(path, { clock, ...PREVIOUS });
    appendMany(previous, 4);
    const headBefore = previous.stats().headHash;
    previous.close();
    expect(metaOf(path).schema_level).toBeUndefined();
    expect(tables(path)).not.toContain('schema_history');

    const current = openJournal(path, { clock, appVersion: '0.2.0' });
    expect(current.stats()).toMatchObject({ headSeq: 4, headHash: headBefore });
    expect(current.verify()).toMatchObject({ ok: true });
    appendMany(current, 1);
    expect(current.schemaOnDisk()).toEqual({ version: 1, level: JOURNAL_SCHEMA_LEVEL });
    current.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT level, app_version FROM schema_history').all()).toEqual([{ level: 2, app_version: '0.2.0' }]);
    db.close();
  });

  it('a file whose schema_version is above this code\'s is still refused (a breaking change, which the rule forbids)', () => {
    const clock = manualClock();
    openJournal(path, { clock }).close();
    const db = new Database(path);
    db.prepare("UPDATE journal_meta SET value = '2' WHERE key = 'schema_version'").run();
    db.close();
    expect(() => openJournal(path, { clock })).toThrow(/newer version/);
  });
});
