/**
 * The kiosk's signed HQ client, from the config: the configured HQ, or the
 * embedded reference HQ started next to the kiosk when no URL is configured
 * (development only, embedded-hq.ts) with the embedded credit bureau it
 * asks (embedded-bureau.ts), with HQ's keys pinned when the config
 * has them (docs/hq.md, "Keys").
 */
import { join, resolve } from 'node:path';
import type { KioskConfig } from '../config/kiosk-config';
import { startEmbeddedBureau } from '../embedded-hq/embedded-bureau';
import { startEmbeddedHq, type EmbeddedHq } from '../embedded-hq/embedded-hq';
import type { KioskKey } from '../keys/kiosk-key';
import type { Logger } from '../logging/logger';
import { HqClient } from './hq-client';
import { trustHqKeys } from './trusted-hq-keys';

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
  // With the embedded HQ, the simulator's clock is shared with it through a file (simulation/kiosk-clock.ts),
  // and the embedded credit bureau is started first so HQ can ask it (issue 14).
  const hqDataDir = resolve(root, config.hq.embeddedDataDir);
  const bureau = config.hq.url ? null : await startEmbeddedBureau({ root, hqDataDir, logger });
  let embedded: EmbeddedHq | null = null;
  try {
    embedded = config.hq.url ? null : await startEmbeddedHq({
      root, dataDir: hqDataDir, kioskId: config.kioskId, kioskPublicKeyPath: key.publicKeyPath, logger, bureau,
      extraArgs: ['--clock-offset-file', join(dataDir, 'sim-clock-offset')],
    });
  } catch (error) {
    await bureau?.stop();
    throw error;
  }
  const hqUrl = config.hq.url ?? embedded!.url;
  // The config checked pinned keys when it was loaded (kiosk-config.ts).
  const pinned = config.hq.keys ? trustHqKeys(config.hq.keys) : null;
  if (pinned && !pinned.ok) throw new Error(`config hq.keys: ${pinned.problems.join('; ')}`);
  if (!pinned && config.hq.url) logger.warn({ hq: config.hq.url }, 'HQ keys are not pinned (config hq.keys): they are fetched from HQ unsigned');
  const hq = new HqClient({
    baseUrl: hqUrl, kioskId: config.kioskId, privateKey: key.privateKey, timeoutMs: config.hq.timeoutMs, fetch, clock: now,
    ...(pinned ? { pinnedKeys: pinned.keys } : {}),
    // Route and code only: an HQ error's message is HQ's words, and a body may hold personal data.
    onFailure: (path, error) => logger.warn({
      path, error: error.kind, ...(error.kind === 'http' ? { status: error.status, code: error.code } : {}), ...(error.kind === 'unreachable' ? { cause: error.detail } : {}),
    }, 'HQ request failed'),
  });
  return { hq, hqUrl, close: async () => { await embedded?.stop(); await bureau?.stop(); } };
}
