/**
 * What the kiosk's updater (issue 16, "Signed, staged updates") needs from
 * the rest of the kiosk, as ports so its decisions are tested with fakes and
 * a manual clock: where manifests and artefacts come from, who installs, and
 * where each step is journaled.
 */
import type { JournalEventOf } from '../../shared/journal/journal-event';

export type UpdateEventType = 'update.available' | 'update.downloaded' | 'update.refused' | 'update.installing' | 'update.installed' | 'update.rolledBack';
export type UpdateEvent = { [K in UpdateEventType]: Pick<JournalEventOf<K>, 'type' | 'payload'> }[UpdateEventType];
/** Appends one update event to the journal (actor: system; no session). */
export type RecordUpdateEvent = (event: UpdateEvent) => void;

export type SourceResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** HQ's update routes (hq-update-source.ts) or a static server: unverified bytes, checked by the updater. */
export interface UpdateSource {
  /** The answer's JSON as received (null: nothing for this kiosk); the updater parses and verifies it. */
  fetchManifest(channel: string): Promise<SourceResult<unknown>>;
  /** The artefact's bytes and the Content-Length the server declared (null when it declared none). */
  openArtefact(fileName: string): Promise<SourceResult<{ declaredLength: number | null; body: AsyncIterable<Uint8Array> }>>;
}

export interface InstallRequest {
  kind: 'update' | 'rollback';
  version: string;
  /** Absolute path of the verified artefact in the data folder. */
  artefactPath: string;
  /** The signed manifest text and its signature: the root-owned installer checks them again (deb-installer.ts). */
  manifestText: string;
  signature: string;
}

/**
 * Installs an artefact. For the .deb: hands the request to the root-owned
 * helper (build/linux/system/contract-kiosk-update.*) which installs and
 * restarts the kiosk; `ok` means handed over, not installed.
 */
export interface InstallerPort {
  install(request: InstallRequest): Promise<{ ok: true } | { ok: false; error: string }>;
}
