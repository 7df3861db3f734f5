/**
 * The kiosk's signed HQ client, from the config: the configured HQ, or the
 * embedded reference HQ started next to the kiosk when no URL is configured
 * (development only, embedded-hq.ts), with HQ's keys pinned when the config
 * has them (docs/hq.md, "Keys").
 */
import { join, resolve } from 'node:path';
import type { KioskConfig } from '../config/kiosk-config';
import { startEmbeddedHq } from '../embedded-hq/embedded-hq';
import type { KioskKey } from '../keys/kiosk-key';
import type { Logger } from '../logging/logger';
import { HqClient } from './hq-client';
import { readHqTls, tlsFetch } from './hq-tls';
import { trustHqKeys } from './trusted-hq-keys';

/** The config's pinned HQ keys are unusable (a start-up error class of its own: startup/startup-error.ts). */
export class PinnedKeysError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PinnedKeysError';
  }
}

export interface HqConnectionOptions {
  config: KioskConfig;
  /** Repository root, for the embedded HQ. */
  root: string;
  dataDir: string;
  key: KioskKey;
  /** The simulator's network switch in development; the platform's fetch otherwise. */
  fetch: typeof fetch;
  /** The kiosk's wall time, for request signatures. */
  now: () => Date;
  logger: Logger;
}

export interface HqConnection {
  hq: HqClient;
  hqUrl: string;
  /** Stops the embedded HQ, if one was started. */
  close(): Promise<void>;
}

export async function connectHq({ config, root, dataDir, key, fetch, now, logger }: HqConnectionOptions): Promise<HqConnection> {
  // With the embedded HQ, the simulator's clock is shared with it through a file (simulation/kiosk-clock.ts).
  const embedded = config.hq.url ? null : await startEmbeddedHq({
    root, dataDir: resolve(root, config.hq.embeddedDataDir), kioskId: config.kioskId, kioskPublicKeyPath: key.publicKeyPath, logger,
    extraArgs: ['--clock-offset-file', join(dataDir, 'sim-clock-offset')],
  });
  const hqUrl = config.hq.url ?? embedded!.url;
  // The config checked pinned keys when it was loaded (kiosk-config.ts).
  const pinned = config.hq.keys ? trustHqKeys(config.hq.keys) : null;
  if (pinned && !pinned.ok) throw new PinnedKeysError(`config hq.keys: ${pinned.problems.join('; ')}`);
  if (!pinned && config.hq.url) logger.warn({ hq: config.hq.url }, 'HQ keys are not pinned (config hq.keys): they are fetched from HQ unsigned');
  // Checked when the config loaded; read again here, as the files are used (issue 15: private CA, client certificate).
  const tlsMaterial = config.hq.tls ? readHqTls(config.hq.tls) : null;
  if (tlsMaterial && !tlsMaterial.ok) throw new Error(`config hq.tls: ${tlsMaterial.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  const tls = tlsMaterial?.ok ? tlsFetch(fetch, tlsMaterial.material) : null;
  const hq = new HqClient({
    baseUrl: hqUrl, kioskId: config.kioskId, privateKey: key.privateKey, timeoutMs: config.hq.timeoutMs, fetch: tls?.fetch ?? fetch, clock: now,
    ...(pinned ? { pinnedKeys: pinned.keys } : {}),
    // Route and code only: an HQ error's message is HQ's words, and a body may hold personal data.
    onFailure: (path, error) => logger.warn({
      path, error: error.kind, ...(error.kind === 'http' ? { status: error.status, code: error.code, hqRequestId: error.requestId } : {}), ...(error.kind === 'unreachable' ? { cause: error.detail } : {}),
      ...(error.kind === 'badAnswerSignature' ? { status: error.status, signature: error.problem } : {}),
    }, 'HQ request failed'),
  });
  return { hq, hqUrl, close: async () => { await embedded?.stop(); await tls?.close(); } };
}
