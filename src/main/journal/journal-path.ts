import { join } from 'node:path';

/** Where the kiosk keeps its journal: `<config.dataDir>/journal.db`. */
export function defaultJournalPath(dataDir: string): string {
  return join(dataDir, 'journal.db');
}
