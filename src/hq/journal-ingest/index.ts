export { ingestBatch, insertRows, signReceipt, type IngestOptions } from './ingest-batch';
export { acknowledgeJournalAlert, openJournalAlerts, readFleetJournalPositions, readKioskJournalPosition } from './journal-positions';
export { receiveJournalBatch } from './receive-batch';
export { journalStatusRoute, type JournalStatusRouteOptions } from './status-route';
