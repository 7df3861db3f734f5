export { ed25519BatchSigner, ed25519ReceiptVerifier, verifyReceiptSignature, type BatchSigner, type ReceiptVerifier } from './batch-signer';
export { hqJournalPushClient, hqReceiptVerifier } from './hq-journal-push-client';
export type { JournalPushClient, PushFailure, PushOutcome } from './journal-push-client';
export { IMPORTANT_EVENT_TYPES, SyncWorker, type DrainResult, type SyncErrorCode, type SyncJournal, type SyncState, type SyncStatus, type SyncWorkerOptions } from './sync-worker';
