/**
 * The web host's page watch (issue 16, "Crash accounting": a renderer crash
 * or hang is journaled and the page reloaded). Electron sees its renderer
 * die or hang (`render-process-gone`, `unresponsive`); the web host sees only
 * a WebSocket, and Chromium closes it with 1001 on a crash exactly as on a
 * reload. So the page says it is alive and says when it fails, on the
 * bridge beside its intents:
 * - `heartbeat` every HEARTBEAT_MS while it runs; once one has arrived, a
 *   socket silent for the host's hang limit is a hung page: the host
 *   journals `app.rendererFailed` (`unresponsive`) and closes the socket with
 *   PAGE_UNRESPONSIVE_CLOSE, and the page, if it ever runs again, reloads;
 * - `fatal` when an error escaped everything (an uncaught exception): the
 *   host journals `app.rendererFailed` (`gone`, `crashed`), and the page
 *   reloads itself.
 * Never an intent: the core never sees these (web-host.ts takes them off).
 */
import { z } from 'zod';

export const PageHealthMessage = z.discriminatedUnion('pageHealth', [
  z.object({ pageHealth: z.literal('heartbeat') }).strict(),
  z.object({ pageHealth: z.literal('fatal') }).strict(),
]);
export type PageHealthMessage = z.infer<typeof PageHealthMessage>;

export const HEARTBEAT_MS = 5000;
/** WebSocket close code (private range, RFC 6455 §7.4.2) the host uses for a page it found hung: the page reloads. */
export const PAGE_UNRESPONSIVE_CLOSE = 4000;
