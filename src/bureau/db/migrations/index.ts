import type { Migration } from '../../../server-kit/db/migrate';
import { bureauCore } from './001_bureau_core';

export const MIGRATIONS: readonly Migration[] = [bureauCore];
