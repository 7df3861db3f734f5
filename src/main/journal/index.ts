export { Journal, JournalOpenError, systemJournalClock, type AcknowledgeResult, type AppendError, type AppendResult, type JournalClock, type JournalOptions, type JournalStats, type StoredReceipt, type VerifyResult } from './journal';
export type { JournalHealth, JournalHealthState, JournalWriteFault } from './journal-health';
export { defaultJournalPath } from './journal-path';
