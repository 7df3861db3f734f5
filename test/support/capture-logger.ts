import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS, type Logger } from '../../src/main/logging/logger';
import { secretsScanText } from './secrets-scan';

export { secretsScanText };

/** A real pino logger (same redaction as production) whose lines a test can read. */
export function captureLogger(): { logger: Logger; lines(): Array<Record<string, unknown>>; text(): string; contentText(): string } {
  const chunks: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { chunks.push(chunk.toString()); done(); } });
  const logger = pino({ level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  return {
    logger,
    text: () => chunks.join(''),
    contentText: () => secretsScanText(chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown)),
    lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
