/**
 * The updater as the kiosk composes it (compose-kiosk.ts), when the config
 * has an `updates` block (updates-config.ts):
 * - `beginUpdateLedger`, right after the journal opens: this start counts
 *   for a version on trial, or rolls it back (update-ledger.ts);
 * - `startUpdateChecks`, once the core runs: marks this start healthy and
 *   checks every `checkEveryMinutes` (kiosk-updater.ts), against HQ (or
 *   `updates.url`) with the .deb installer (deb-installer.ts).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import type { ServiceStatus } from '../../shared/domain/calendar';
import { SYSTEM_ACTOR } from '../../shared/journal/actor';
import type { JournalEvent } from '../../shared/journal';
import { repeatEvery, type Clock } from '../../shared/time/clock';
import type { Logger } from '../logging/logger';
import { debInstaller } from './deb-installer';
import { hqUpdateSource } from './hq-update-source';
import { KioskUpdater } from './kiosk-updater';
import type { RecordUpdateEvent } from './ports';
import { quietTime } from './quiet-time';
import { UpdateLedger } from './update-ledger';
import type { UpdatesConfig } from './updates-config';

export function updatesFolder(dataDir: string): string {
  return join(dataDir, 'updates');
}

export function journalUpdates(record: (event: JournalEvent) => boolean): RecordUpdateEvent {
  return (event) => { record({ ...event, actor: SYSTEM_ACTOR } as JournalEvent); };
}

export async function beginUpdateLedger(options: {
  config: UpdatesConfig; dataDir: string; record: RecordUpdateEvent; clock: Pick<Clock, 'now'>; runningVersion: string; logger: Logger;
}): Promise<UpdateLedger> {
  const folder = updatesFolder(options.dataDir);
  const ledger = new UpdateLedger({ folder, installer: debInstaller(folder), record: options.record, clock: options.clock, maxStarts: options.config.maxStartsBeforeRollback });
  const decision = await ledger.atStart(options.runningVersion);
  if (decision !== 'noUpdatePending') options.logger.warn({ decision, version: options.runningVersion }, 'update ledger at start');
  return ledger;
}

export interface UpdateChecksOptions {
  config: UpdatesConfig;
  ledger: UpdateLedger;
  kioskId: string;
  dataDir: string;
  hqUrl: string;
  kioskKey: KeyObject;
  fetch: typeof fetch;
  clock: Clock;
  record: RecordUpdateEvent;
  runningVersion: string;
  journalSchema(): number;
  inSession(): boolean;
  status(at: Date): Pick<ServiceStatus, 'state'>;
  logger: Logger;
}

/** Confirms this start and checks at every interval; returns the stop function. */
export function startUpdateChecks(o: UpdateChecksOptions): () => void {
  o.ledger.healthy(o.runningVersion);
  const folder = updatesFolder(o.dataDir);
  const updater = new KioskUpdater({
    source: hqUpdateSource({
      baseUrl: o.config.url ?? o.hqUrl, kioskId: o.kioskId, privateKey: o.kioskKey, fetch: o.fetch, now: () => new Date(o.clock.now()),
      timeoutMs: 15_000, downloadTimeoutMs: o.config.downloadTimeoutMinutes * 60_000,
    }),
    installer: debInstaller(folder), ledger: o.ledger, record: o.record, publicKey: createPublicKey(o.config.publicKeyPem),
    kioskId: o.kioskId, channel: o.config.channel, runningVersion: o.runningVersion, folder, journalSchema: o.journalSchema,
    quiet: () => quietTime({ inSession: o.inSession(), status: o.status(new Date(o.clock.now())), allowDuringBusinessHours: o.config.allowDuringBusinessHours }),
    // The root-owned helper installs and restarts the unit (SIGTERM: a clean stop, journaled as app.stopped).
    onHandedOver: (version) => o.logger.info({ version }, 'update handed to the installer; the kiosk restarts when it is installed'),
  });
  return repeatEvery(o.clock, o.config.checkEveryMinutes * 60_000, () => {
    updater.check().then(
      (outcome) => { if (outcome.step !== 'deferred' && outcome.step !== 'upToDate') o.logger.info({ ...outcome }, 'update check'); },
      (error: unknown) => o.logger.error({ error: (error as Error).message }, 'update check failed'),
    );
  });
}
