/** One schema migration: plain SQL, the same text on PostgreSQL and PGlite (migrate.ts applies them). */
export interface Migration {
  /** Unique, ordered: `001_bureau_core`, ... */
  id: string;
  sql: string;
}
