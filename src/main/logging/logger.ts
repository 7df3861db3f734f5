/**
 * Structured logs (pino). Redaction is a second line of defence: the first
 * is that PINs, PIN blocks, track data and full card numbers are never put
 * into a log object at all (PCI DSS 3.2, 3.4; DOMAIN.md).
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'pin', '*.pin', 'pinBlock', '*.pinBlock', 'newPin', '*.newPin',
  'track1', 'track2', 'track3', '*.track1', '*.track2', '*.track3', 'tracks', '*.tracks',
  'cardNumber', '*.cardNumber', 'pan', '*.pan', 'token', '*.token',
];

export function createLogger(options: { level?: string; name?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'kiosk',
      level: options.level ?? process.env.KIOSK_LOG_LEVEL ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination ?? pino.destination(1),
  );
}

/** A logger that drops everything: for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
