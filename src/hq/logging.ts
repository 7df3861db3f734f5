/**
 * HQ's structured logs (pino). Never a PIN, PIN block or full card number
 * (issue 5): request bodies are never logged (Fastify logs method, URL and
 * status; card numbers travel only in bodies), our own log calls carry
 * masked numbers and codes only, and these redaction paths are a second
 * line in case someone logs an object carrying one of those fields.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
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

/**
 * The fleet's steady traffic (issue 19, "cheaper hot-path logging"): every
 * kiosk reports its status and polls the calendar every 30 s and pushes its
 * journal every minute, and probes and scrapers call health and metrics.
 * At fleet scale these are nearly every request, and Fastify's default pair
 * of lines per request ("incoming request", "request completed") was about
 * a tenth of HQ's main thread.
 */
export const QUIET_ROUTES: ReadonlySet<string> = new Set([
  '/v1/kiosk/status', '/v1/calendar', '/v1/journal/batches', '/v1/hq-keys',
  '/health', '/health/live', '/health/ready', '/metrics',
]);

/**
 * Fastify's per-request lines, one per request on the quiet routes: no
 * "incoming request"; "request completed" with method, URL, status and time
 * at debug when it succeeded, at info when it was refused (4xx/5xx), and
 * Fastify's own "request errored" at error. Every other route keeps both
 * lines at info (interactive routes: a person at a machine, worth a trace).
 * The request id is still generated, logged with every line that is written
 * and echoed as `x-request-id` (app.ts).
 */
export class HqLogController extends LogController {
  private quiet(request: FastifyRequest): boolean {
    return QUIET_ROUTES.has(request.routeOptions.url ?? '');
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (!this.quiet(request)) super.incomingRequest(request, reply);
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error || !this.quiet(request)) return super.requestCompleted(error, request, reply);
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (reply.statusCode >= 400) reply.log.info(line, 'request completed');
    else reply.log.debug(line, 'request completed');
  }
}
