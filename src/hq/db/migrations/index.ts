import type { Migration } from '../migrate';
import { core } from './001_core';
import { journalIngest } from './100_journal_ingest';

export const MIGRATIONS: readonly Migration[] = [core, journalIngest];
