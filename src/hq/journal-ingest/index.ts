export { ingestBatch, insertRows, signReceipt, type IngestOptions } from './ingest-batch';
export { acknowledgeJournalAlert, openJournalAlerts, readFleetJournalPositions, readKioskJournalPosition } from './journal-positions';
export { journalIngestRoutes, type JournalIngestRoutesOptions } from './routes';
