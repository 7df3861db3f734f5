/**
 * One update check (issue 16, "Signed, staged updates"), run by
 * update-schedule.ts at a quiet time only:
 * 1. quiet? (quiet-time.ts: no session; outside business hours unless configured);
 * 2. the manifest from the source, believed only once its signature verifies
 *    with the pinned update-signing key, and then only if newer, not rolled
 *    back before, and readable by the journal on disk (manifest-check.ts);
 * 3. the artefact downloaded into `<dataDir>/updates`, its size and SHA-256
 *    checked against the signed manifest (artefact-download.ts);
 * 4. still quiet? (the download may take minutes: a customer may have come);
 * 5. the ledger records the hand-over (update-ledger.ts), the installer port
 *    takes the artefact, and the kiosk stops for it (`onHandedOver`: journal
 *    `app.stopped` reason `update`; the installer restarts the unit).
 * Every step is journaled (`update.*`: version, channel, reason; never a key
 * or URL). A refusal is journaled once per version and reason, not at every
 * check, so a server that keeps offering a bad release cannot fill the journal.
 */
import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { downloadArtefact } from './artefact-download';
import { checkManifest } from './manifest-check';
import type { InstallerPort, RecordUpdateEvent, UpdateSource } from './ports';
import type { QuietVerdict } from './quiet-time';
import type { UpdateLedger } from './update-ledger';
import type { UpdateRefusalReason } from './update-refusal';

export interface KioskUpdaterOptions {
  source: UpdateSource;
  installer: InstallerPort;
  ledger: UpdateLedger;
  record: RecordUpdateEvent;
  publicKey: KeyObject;
  kioskId: string;
  channel: string;
  runningVersion: string;
  /** `<dataDir>/updates`. */
  folder: string;
  /** The journal's schema version on disk (Journal.schemaVersion). */
  journalSchema(): number;
  quiet(): QuietVerdict;
  /** Called once the installer took the request: the kiosk stops for the install. */
  onHandedOver(version: string): Promise<void> | void;
}

export type CheckOutcome =
  | { step: 'deferred'; why: 'inSession' | 'businessHours' }
  | { step: 'sourceFailed'; error: string }
  | { step: 'upToDate' }
  | { step: 'refused'; reason: UpdateRefusalReason; version: string | null }
  | { step: 'handedOver'; version: string };

export class KioskUpdater {
  /** Keys of the events journaled by this process (bounded): a re-offered release is journaled once. */
  readonly #journaled = new Set<string>();
  #running = false;

  constructor(private readonly options: KioskUpdaterOptions) {}

  #once(key: string, write: () => void): void {
    if (this.#journaled.has(key)) return;
    if (this.#journaled.size >= 100) this.#journaled.clear();
    this.#journaled.add(key);
    write();
  }

  #refuse(reason: UpdateRefusalReason, version: string | null): CheckOutcome {
    this.#once(`refused:${version}:${reason}`, () => this.options.record({ type: 'update.refused', payload: { version, reason } }));
    return { step: 'refused', reason, version };
  }

  async check(): Promise<CheckOutcome> {
    if (this.#running) return { step: 'deferred', why: 'inSession' };
    this.#running = true;
    try {
      return await this.#check();
    } finally {
      this.#running = false;
    }
  }

  async #check(): Promise<CheckOutcome> {
    const o = this.options;
    const before = o.quiet();
    if (!before.quiet) return { step: 'deferred', why: before.why };
    const answer = await o.source.fetchManifest(o.channel);
    if (!answer.ok) return { step: 'sourceFailed', error: answer.error };
    if (answer.value === null) return { step: 'upToDate' };
    const checked = checkManifest(answer.value, {
      publicKey: o.publicKey, kioskId: o.kioskId, channel: o.channel, runningVersion: o.runningVersion, journalSchema: o.journalSchema(), rolledBack: o.ledger.read().rolledBack,
    });
    if (!checked.ok) {
      // What HQ answers a kiosk that already runs the newest release, and a static server's release outside
      // this kiosk's rollout bucket: nothing to do, not worth a journal line.
      if (checked.reason === 'downgrade' || checked.reason === 'notInRollout') return { step: 'upToDate' };
      return this.#refuse(checked.reason, checked.version);
    }
    const { manifest } = checked;
    this.#once(`available:${manifest.version}:${manifest.rolloutPercent}`, () => o.record({
      type: 'update.available', payload: { version: manifest.version, channel: manifest.channel, rolloutPercent: manifest.rolloutPercent },
    }));
    const downloaded = await downloadArtefact(o.source, manifest, o.folder);
    if (!downloaded.ok) return this.#refuse(downloaded.reason, manifest.version);
    o.record({ type: 'update.downloaded', payload: { version: manifest.version, sizeBytes: manifest.artefact.size } });
    const after = o.quiet();
    if (!after.quiet) return { step: 'deferred', why: after.why };
    const artefact = { version: manifest.version, fileName: manifest.artefact.fileName, manifestText: checked.manifestText, signature: checked.signature };
    o.ledger.handOver(artefact, o.runningVersion);
    o.record({ type: 'update.installing', payload: { version: manifest.version, fromVersion: o.runningVersion, kind: 'update' } });
    const handed = await o.installer.install({ kind: 'update', version: manifest.version, artefactPath: join(o.folder, manifest.artefact.fileName), manifestText: checked.manifestText, signature: checked.signature });
    if (!handed.ok) {
      o.ledger.abandon();
      return this.#refuse('installFailed', manifest.version);
    }
    await o.onHandedOver(manifest.version);
    return { step: 'handedOver', version: manifest.version };
  }
}
