/**
 * Running a reference service as a process: listening and telling the URL,
 * closing once (app, then store), and stopping on SIGINT or SIGTERM.
 * The ready line itself says what the service has to say (src/hq/cli.ts,
 * src/bureau/cli.ts).
 */
import type { FastifyInstance } from 'fastify';

/** Listens and answers the URL to reach the app at (port 0: the port picked; `https` for an app built with TLS). */
export async function listenOn(app: FastifyInstance, port: number, host: string, scheme: 'http' | 'https' = 'http'): Promise<{ url: string; port: number }> {
  await app.listen({ port, host });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${bound}`, port: bound };
}

/** Closes the app, then the store; later calls do nothing. */
export function closeOnce(app: FastifyInstance, store: { close(): Promise<void> }): () => Promise<void> {
  let closed = false;
  return async () => {
    if (closed) return;
    closed = true;
    await app.close();
    await store.close();
  };
}

/**
 * On the first SIGINT or SIGTERM: logs `<label> stopping`, closes, exits 0
 * (1, saying why on stderr as `<name>: ...`, when closing fails).
 */
export function stopOnSignals(service: { name: string; label: string; app: FastifyInstance; close(): Promise<void> }): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    service.app.log.info({ signal }, `${service.label} stopping`);
    service.close().then(() => process.exit(0), (error: unknown) => {
      process.stderr.write(`${service.name}: error while stopping: ${String(error)}\n`);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
