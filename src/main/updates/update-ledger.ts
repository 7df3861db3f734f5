/**
 * The updater's memory across restarts (issue 16, "a failed start after an
 * update rolls back"): `updates/ledger.json` in the data folder, written
 * atomically (storage/json-file.ts). It holds
 * - `current`: the version last seen healthy and the signed artefact it was
 *   installed from (kept on disk: it is what a rollback reinstalls; null
 *   file for a version installed by hand);
 * - `pending`: a version handed to the installer and not yet seen healthy,
 *   with the number of starts it has had;
 * - `rolledBack`: versions this kiosk rolled back from, never taken again.
 *
 * At each start (`atStart`, once the journal is open) a pending version
 * counts one more start; when it has had `maxStarts` starts without one of
 * them reaching a healthy start (`healthy`: the core runs and systemd got
 * READY=1), the next start does not try it again: it hands the kept previous
 * artefact to the installer. The first healthy start of the new version
 * confirms it, and the artefact before it is deleted.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../../shared/time/clock';
import { ArtefactFileName, ReleaseVersion } from '../../shared/updates/update-manifest';
import { readJsonFile, writeJsonFileAtomically } from '../storage/json-file';
import type { InstallerPort, RecordUpdateEvent } from './ports';

const SignedArtefact = z.object({
  version: ReleaseVersion,
  fileName: ArtefactFileName,
  manifestText: z.string().max(2000),
  signature: z.string().max(100),
}).strict();
export type SignedArtefact = z.infer<typeof SignedArtefact>;

export const LedgerState = z.object({
  current: z.object({ version: z.string().max(64), artefact: SignedArtefact.nullable() }).strict().nullable(),
  pending: z.object({
    artefact: SignedArtefact,
    fromVersion: z.string().max(64),
    starts: z.number().int().min(0).max(1000),
    handedOverAt: z.string(),
  }).strict().nullable(),
  rolledBack: z.array(ReleaseVersion).max(100),
}).strict();
export type LedgerState = z.infer<typeof LedgerState>;

const EMPTY: LedgerState = { current: null, pending: null, rolledBack: [] };

export type StartDecision = 'noUpdatePending' | 'tryingNewVersion' | 'rollingBack' | 'installDidNotTake' | 'noPreviousArtefact';

export interface UpdateLedgerOptions {
  /** `<dataDir>/updates`: the ledger and the artefacts. */
  folder: string;
  installer: InstallerPort;
  record: RecordUpdateEvent;
  clock: Pick<Clock, 'now'>;
  /** Starts a new version gets to reach a healthy start before it is rolled back (config `updates.maxStartsBeforeRollback`). */
  maxStarts: number;
}

export class UpdateLedger {
  readonly #path: string;

  constructor(private readonly options: UpdateLedgerOptions) {
    this.#path = join(options.folder, 'ledger.json');
  }

  /** The ledger on disk; an unreadable one reads as empty (nothing pending: the kiosk runs what it runs). */
  read(): LedgerState {
    const read = readJsonFile(this.#path, LedgerState);
    return read.ok ? read.value : structuredClone(EMPTY);
  }

  #write(state: LedgerState): void {
    writeJsonFileAtomically(this.#path, state);
  }

  artefactPath(artefact: SignedArtefact): string {
    return join(this.options.folder, artefact.fileName);
  }

  /** Written before the installer is asked, so the start that follows knows it is the new version's. */
  handOver(artefact: SignedArtefact, fromVersion: string): void {
    const state = this.read();
    state.pending = { artefact, fromVersion, starts: 0, handedOverAt: new Date(this.options.clock.now()).toISOString() };
    this.#write(state);
  }

  /** Forgets a hand-over the installer refused at once. */
  abandon(): void {
    const state = this.read();
    state.pending = null;
    this.#write(state);
  }

  async atStart(runningVersion: string): Promise<StartDecision> {
    const state = this.read();
    const pending = state.pending;
    if (!pending) return 'noUpdatePending';
    const { record } = this.options;
    if (runningVersion !== pending.artefact.version) {
      // Still (or again) the old version: the installer never installed it.
      record({ type: 'update.refused', payload: { version: pending.artefact.version, reason: 'installFailed' } });
      state.pending = null;
      this.#write(state);
      return 'installDidNotTake';
    }
    if (pending.starts < this.options.maxStarts) {
      pending.starts += 1;
      this.#write(state);
      return 'tryingNewVersion';
    }
    const previous = state.current?.artefact ?? null;
    state.pending = null;
    state.rolledBack = [...state.rolledBack.filter((v) => v !== pending.artefact.version), pending.artefact.version].slice(-100);
    if (!previous || !existsSync(this.artefactPath(previous))) {
      this.#write(state);
      record({ type: 'update.refused', payload: { version: pending.artefact.version, reason: 'noPreviousArtefact' } });
      return 'noPreviousArtefact';
    }
    this.#write(state);
    record({ type: 'update.rolledBack', payload: { version: pending.artefact.version, toVersion: previous.version, failedStarts: pending.starts } });
    record({ type: 'update.installing', payload: { version: previous.version, fromVersion: runningVersion, kind: 'rollback' } });
    const handed = await this.options.installer.install({
      kind: 'rollback', version: previous.version, artefactPath: this.artefactPath(previous), manifestText: previous.manifestText, signature: previous.signature,
    });
    if (!handed.ok) record({ type: 'update.refused', payload: { version: previous.version, reason: 'installFailed' } });
    if (pending.artefact.fileName !== previous.fileName) rmSync(this.artefactPath(pending.artefact), { force: true });
    return 'rollingBack';
  }

  /** The running version reached a healthy start: a pending update is confirmed, the artefact before it deleted. */
  healthy(runningVersion: string): void {
    const state = this.read();
    const pending = state.pending;
    if (pending && pending.artefact.version === runningVersion) {
      const before = state.current?.artefact ?? null;
      this.options.record({ type: 'update.installed', payload: { version: runningVersion, fromVersion: pending.fromVersion, failedStarts: Math.max(0, pending.starts - 1) } });
      state.current = { version: runningVersion, artefact: pending.artefact };
      state.pending = null;
      this.#write(state);
      if (before && before.fileName !== pending.artefact.fileName) rmSync(this.artefactPath(before), { force: true });
      return;
    }
    if (!pending && state.current?.version !== runningVersion) {
      // Installed by hand (or rolled back to): no signed artefact of this version is known.
      const kept = state.current?.artefact?.version === runningVersion ? state.current.artefact : null;
      state.current = { version: runningVersion, artefact: kept };
      this.#write(state);
    }
  }
}
