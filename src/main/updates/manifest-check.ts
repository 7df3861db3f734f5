/**
 * Whether a manifest from the update source may be acted on (issue 16):
 * the updater believes nothing in it until the Ed25519 signature (RFC 8032)
 * over the canonical text (src/shared/updates/update-manifest.ts) verifies
 * with the update-signing key pinned in the kiosk's config. Then: the
 * channel is the kiosk's, its rollout bucket is inside the signed
 * percentage, the version is newer than the one running (no
 * downgrade: an old, signed release with a known hole must not be
 * replayable to the fleet), it is not a version this kiosk already rolled
 * back, and the journal on disk is not newer than the schema the release
 * reads and writes (docs/journal.md, "Schema changes").
 */
import { verify, type KeyObject } from 'node:crypto';
import { inRollout } from '../../shared/updates/rollout';
import { compareVersions, manifestSigningText, SignedUpdateManifest, type UpdateManifest } from '../../shared/updates/update-manifest';
import type { UpdateRefusalReason } from './update-refusal';

export interface ManifestContext {
  publicKey: KeyObject;
  kioskId: string;
  channel: string;
  runningVersion: string;
  /** `schema_version` in the journal's meta table on disk. */
  journalSchema: number;
  /** Versions this kiosk rolled back from (update-ledger.ts): never offered again. */
  rolledBack: readonly string[];
}

export type ManifestCheck =
  | { ok: true; manifest: UpdateManifest; manifestText: string; signature: string }
  | { ok: false; reason: UpdateRefusalReason | 'notInRollout'; version: string | null };

/** Ed25519 over the manifest's canonical text; false for a key of another type or a signature that is not 64 bytes. */
export function manifestSignatureValid(manifest: UpdateManifest, signature: string, publicKey: KeyObject): boolean {
  const bytes = Buffer.from(signature, 'base64');
  if (publicKey.asymmetricKeyType !== 'ed25519' || bytes.length !== 64) return false;
  return verify(null, Buffer.from(manifestSigningText(manifest), 'utf8'), publicKey, bytes);
}

export function checkManifest(raw: unknown, context: ManifestContext): ManifestCheck {
  const parsed = SignedUpdateManifest.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'malformedManifest', version: null };
  const { manifest, signature } = parsed.data;
  if (!manifestSignatureValid(manifest, signature, context.publicKey)) return { ok: false, reason: 'badSignature', version: null };
  // From here on the fields are the release team's, and may be journaled.
  const refuse = (reason: UpdateRefusalReason | 'notInRollout'): ManifestCheck => ({ ok: false, reason, version: manifest.version });
  if (manifest.channel !== context.channel) return refuse('otherChannel');
  // HQ offers a release only inside its rollout; a static server offers it to all, so the kiosk checks too (rollout.ts).
  if (!inRollout(context.kioskId, manifest.rolloutPercent)) return refuse('notInRollout');
  if (compareVersions(manifest.version, context.runningVersion) <= 0) return refuse('downgrade');
  if (context.rolledBack.includes(manifest.version)) return refuse('rolledBackBefore');
  if (context.journalSchema > manifest.minJournalSchema) return refuse('journalSchemaTooNew');
  return { ok: true, manifest, manifestText: manifestSigningText(manifest), signature };
}
