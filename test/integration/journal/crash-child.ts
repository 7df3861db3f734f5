/**
 * Child process for the crash test: appends events until the journal's head
 * reaches the target, writing each returned seq to stdout synchronously (so
 * a line on the pipe means `append` had returned before the SIGKILL).
 * argv: journal path, target head seq.
 */
import { writeSync } from 'node:fs';
import { Journal } from '../../../src/main/journal/journal';

const [path, targetText] = process.argv.slice(2);
const target = Number(targetText);
// A small auto-checkpoint so kills also land during checkpoints.
const journal = Journal.open(path!, { kioskId: 'KIOSK-CRASH', walAutocheckpointPages: 50, freeBytes: () => 1e12 });
writeSync(1, 'ready\n');
let head = journal.stats().headSeq;
while (head < target) {
  const result = journal.append({ type: 'retainBin.emptied', actor: { kind: 'technician', technicianId: 'TE-9' }, payload: { cardsRemoved: head % 1000 } });
  if (!result.ok) {
    writeSync(2, `append failed: ${result.error.code}\n`);
    process.exit(3);
  }
  head = result.seq;
  writeSync(1, `${result.seq}\n`);
}
journal.close();
