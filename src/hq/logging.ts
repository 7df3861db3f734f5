/**
 * HQ's structured logs (pino). Never a PIN, PIN block or full card number
 * (issue 5): request bodies are never logged (Fastify logs method, URL and
 * status; card numbers travel only in bodies), our own log calls carry
 * masked numbers and codes only, and these redaction paths are a second
 * line in case someone logs an object carrying one of those fields.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACTED_PATHS = [
  'pin', '*.pin', 'pinDigits', '*.pinDigits',
  'pinBlock', '*.pinBlock', 'newPinBlock', '*.newPinBlock',
  'cardNumber', '*.cardNumber',
  'body', '*.body', 'rawBody', '*.rawBody',
  'req.headers.authorization', 'req.headers["x-kiosk-signature"]',
];

export function createHqLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const config = {
    level: options.level ?? process.env.HQ_LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'hq' },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
