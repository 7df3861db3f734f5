/** State files are replaced whole or not at all, and read back only when they parse (storage/json-file.ts). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonFile, writeJsonFileAtomically } from '../../../src/main/storage/json-file';
import { tempDir } from '../journal/journal-fixture';

const Schema = z.object({ n: z.number() }).strict();
const temps: { remove(): void }[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) t.remove();
});
function dir(): string {
  const t = tempDir();
  temps.push(t);
  return t.dir;
}

describe('JSON state files', () => {
  it('writes, replaces and reads back', () => {
    const file = join(dir(), 'state.json');
    writeJsonFileAtomically(file, { n: 1 });
    writeJsonFileAtomically(file, { n: 2 });
    expect(readJsonFile(file, Schema)).toEqual({ ok: true, value: { n: 2 } });
  });

  it('names what is wrong with a file it cannot use', () => {
    const d = dir();
    expect(readJsonFile(join(d, 'none.json'), Schema)).toEqual({ ok: false, problem: 'missing' });
    writeFileSync(join(d, 'cut.json'), '{"n": 1');
    expect(readJsonFile(join(d, 'cut.json'), Schema)).toEqual({ ok: false, problem: 'unreadable' });
    writeFileSync(join(d, 'other.json'), '{"n": "1"}');
    expect(readJsonFile(join(d, 'other.json'), Schema)).toEqual({ ok: false, problem: 'invalid' });
  });

  it('leaves the old file whole when the new one cannot be written', () => {
    const file = join(dir(), 'state.json');
    writeJsonFileAtomically(file, { n: 1 });
    mkdirSync(`${file}.tmp`);
    expect(() => writeJsonFileAtomically(file, { n: 2 })).toThrow(/EISDIR/);
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}');
  });
});
