/**
 * The kiosk's signed HQ client, from the config: the configured HQ, or the
 * embedded reference HQ started next to the kiosk when no URL is configured
 * (development only, embedded-hq.ts) with the embedded credit bureau it
 * asks (embedded-bureau.ts), with HQ's keys pinned when the config
 * has them (docs/hq.md, "Keys").
 */
import { join, resolve } from 'node:path';
import type { KioskConfig } from '../config/kiosk-config';
import { DEMO_LENDER_ID } from '../../shared/demo/demo-lenders';
import { ensureLenderKey, freePort, startEmbeddedBureau, type EmbeddedBureau } from '../embedded-hq/embedded-bureau';
import { startEmbeddedHq, type EmbeddedHq } from '../embedded-hq/embedded-hq';
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

export async function connectHq({ config, root, dataDir, key: kioskKey, fetch, now, logger }: HqConnectionOptions): Promise<HqConnection> {
  // With the embedded HQ, the simulator's clock is shared with it and the bureau through a file (simulation/kiosk-clock.ts),
  // and the embedded credit bureau HQ asks (issue 14) starts at the same time on a port chosen first.
  const hqDataDir = resolve(root, config.hq.embeddedDataDir);
  let bureau: EmbeddedBureau | null = null;
  let embedded: EmbeddedHq | null = null;
  if (!config.hq.url) {
    const port = await freePort();
    const key = ensureLenderKey(hqDataDir);
    const clockOffsetFile = join(dataDir, 'sim-clock-offset');
    const starting = [
      startEmbeddedBureau({ root, hqDataDir, logger, port, clockOffsetFile }),
      startEmbeddedHq({
        root, dataDir: hqDataDir, kioskId: config.kioskId, kioskPublicKeyPath: kioskKey.publicKeyPath, logger,
        bureau: { url: `http://127.0.0.1:${port}`, lenderId: DEMO_LENDER_ID, lenderKeyFile: key.privateKeyFile },
        extraArgs: ['--clock-offset-file', clockOffsetFile],
      }),
    ] as const;
    const [b, h] = await Promise.allSettled(starting);
    if (b.status === 'rejected' || h.status === 'rejected') {
      if (b.status === 'fulfilled') await b.value.stop();
      if (h.status === 'fulfilled') await h.value.stop();
      throw (b.status === 'rejected' ? b.reason : (h as PromiseRejectedResult).reason) as Error;
    }
    bureau = b.value;
    embedded = h.value;
  }
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
    baseUrl: hqUrl, kioskId: config.kioskId, privateKey: kioskKey.privateKey, timeoutMs: config.hq.timeoutMs, fetch: tls?.fetch ?? fetch, clock: now,
    ...(pinned ? { pinnedKeys: pinned.keys } : {}),
    // Route and code only: an HQ error's message is HQ's words, and a body may hold personal data.
    onFailure: (path, error) => logger.warn({
      path, error: error.kind, ...(error.kind === 'http' ? { status: error.status, code: error.code, hqRequestId: error.requestId } : {}), ...(error.kind === 'unreachable' ? { cause: error.detail } : {}),
      ...(error.kind === 'badAnswerSignature' ? { status: error.status, signature: error.problem } : {}),
    }, 'HQ request failed'),
  });
  return { hq, hqUrl, close: async () => { await embedded?.stop(); await bureau?.stop(); await tls?.close(); } };
}
