import type { Migration } from './migration';
import { bureauCore } from './001_bureau_core';

export const MIGRATIONS: readonly Migration[] = [bureauCore];
