/**
 * The bureau's structured logs (pino). A bureau holds names, dates of birth,
 * phones, addresses and debts: none of that belongs in a log. Request
 * bodies are never logged (Fastify logs method, URL and status; personal
 * data travels only in bodies), our own log calls carry lender ids, codes
 * and counts, and these redaction paths are a second line in case someone
 * logs an object carrying one of those fields.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACTED_PATHS = [
  'subject', '*.subject', 'nameKanji', '*.nameKanji', 'nameKana', '*.nameKana', 'dateOfBirth', '*.dateOfBirth',
  'phone', '*.phone', 'address', '*.address',
  'body', '*.body', 'rawBody', '*.rawBody',
  'req.headers["x-lender-signature"]',
];

export function createBureauLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const config = {
    level: options.level ?? process.env.BUREAU_LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'bureau' },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
