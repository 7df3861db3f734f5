import type { Migration } from '../migrate';
import { core } from './001_core';
import { staffAssist } from './002_staff_assist';
import { announcementWithdrawal } from './003_announcement_withdrawal';
import { journalIngest } from './100_journal_ingest';

export const MIGRATIONS: readonly Migration[] = [core, staffAssist, announcementWithdrawal, journalIngest];
