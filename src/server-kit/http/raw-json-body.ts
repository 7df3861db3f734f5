/**
 * JSON bodies with their raw bytes kept (`request.rawBody`): a kiosk (HQ) or
 * a lender (the bureau) signs the SHA-256 of exactly the bytes it sent, so
 * the service must hash exactly the bytes it received, not a
 * re-serialisation. On HQ's kiosk routes this parser only runs for a request
 * whose headers named an enrolled, enabled kiosk (hq/auth/kiosk-auth.ts,
 * `beforeBody`), within the route's body limit. A body that is not JSON is
 * not rejected here: the service's auth hook verifies the signature first
 * and then answers 400 `malformedRequest`, so an unauthenticated caller
 * learns nothing. JSON is the only accepted content type (anything else is
 * Fastify's 415).
 */
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody: Buffer | null;
    bodyParseFailed: boolean;
  }
}

export function useRawJsonBodies(app: FastifyInstance): void {
  app.decorateRequest('rawBody', null);
  app.decorateRequest('bodyParseFailed', false);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0) {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(raw.toString('utf8')));
    } catch {
      request.bodyParseFailed = true;
      done(null, undefined);
    }
  });
}
