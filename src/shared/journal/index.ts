export * from './actor';
export * from './batch-signing';
export * from './canonical-json';
export * from './event-payloads';
export * from './journal-event';
export * from './journal-row';
export * from './safe-values';
