import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { heldOutOfServiceByTechnician } from '../../../src/main/availability/technician-hold';
import { EXAMPLES } from '../journal/event-examples';
import { appendMany, openJournal, tempDir } from '../journal/journal-fixture';

const cleanups: (() => void)[] = [];
afterEach(() => { for (const c of cleanups.splice(0).reverse()) c(); });

function journalWith(actions: ('outOfServiceSet' | 'outOfServiceCleared' | 'selfTest')[]) {
  const temp = tempDir();
  const journal = openJournal(join(temp.dir, 'journal.db'));
  cleanups.push(() => { journal.close(); temp.remove(); });
  for (const action of actions) {
    expect(journal.append({ ...EXAMPLES['technician.action'], payload: { action } })).toMatchObject({ ok: true });
    appendMany(journal, 2); // other events between: only technician actions count
  }
  return journal;
}

describe('a technician\'s out of service, read from the journal', () => {
  it('is off in a journal without one', () => {
    expect(heldOutOfServiceByTechnician(journalWith([]))).toBe(false);
    expect(heldOutOfServiceByTechnician(journalWith(['selfTest']))).toBe(false);
  });

  it('follows the newest set or clear, whatever technician work came after', () => {
    expect(heldOutOfServiceByTechnician(journalWith(['outOfServiceSet', 'selfTest']))).toBe(true);
    expect(heldOutOfServiceByTechnician(journalWith(['outOfServiceSet', 'outOfServiceCleared']))).toBe(false);
    expect(heldOutOfServiceByTechnician(journalWith(['outOfServiceCleared', 'outOfServiceSet', 'selfTest']))).toBe(true);
  });
});
