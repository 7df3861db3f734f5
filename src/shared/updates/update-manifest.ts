/**
 * The signed update manifest (issue 16, "Signed, staged updates"): what a
 * release is (version, artefact file name, size, SHA-256), who gets it
 * (channel, rollout percentage), what it needs (the journal schema it reads
 * and writes) and when it was published. The release team signs the text
 * below with Ed25519 (RFC 8032) using the **update-signing key**, kept
 * offline and distinct from HQ's keys: HQ publishes a manifest but cannot
 * make one, so a compromised HQ cannot push software to the fleet. Kiosks
 * pin the key's public half in their config (`updates.publicKeyPem`).
 *
 * The signed text is a tag line, then one field a line, like the project's
 * other signed texts (src/shared/journal/batch-signing.ts,
 * src/shared/hq-api/answer-signing.ts); the tag keeps a manifest signature
 * from passing for any other signed text. Every field is checked by the
 * schema first, and none may hold a newline, so the text is unambiguous.
 *
 * Pure (zod only): the release CLI, HQ and the kiosk build the text here.
 */
import { z } from 'zod';

export const UPDATE_MANIFEST_TAG = 'contract-kiosk/update-manifest/v1';

/** x.y.z, numbers only: releases of a kiosk are ordered, never "latest" by date. */
export const ReleaseVersion = z.string().regex(/^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/, 'a version is x.y.z (numbers, no leading zeros)');
/** A bare file name (no folder, no `..`): the kiosk stores it under its data folder by this name. */
export const ArtefactFileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}\.(deb|AppImage)$/, 'a .deb or .AppImage file name, no folder').refine((s) => !s.includes('..'), 'no ".." in a file name');
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256');
export const UpdateChannel = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a channel is lower-case letters, digits and -');
/** 2 GiB: far above any kiosk package, below what a 32-bit size field or a bad manifest could make a kiosk try to fill its disk with. */
export const MAX_ARTEFACT_BYTES = 2 * 1024 ** 3;

export const UpdateManifest = z.object({
  channel: UpdateChannel,
  version: ReleaseVersion,
  artefact: z.object({
    fileName: ArtefactFileName,
    size: z.number().int().min(1).max(MAX_ARTEFACT_BYTES),
    sha256: Sha256Hex,
  }).strict(),
  /** 0-100: the kiosks whose rollout bucket (rollout.ts) is below this number get the release. 0 halts a rollout. */
  rolloutPercent: z.number().int().min(0).max(100),
  /**
   * The journal schema version this release reads and writes (its
   * JOURNAL_SCHEMA_VERSION). A kiosk whose journal on disk is already newer
   * refuses the release: it was written by a later version (docs/journal.md,
   * "Schema changes").
   */
  minJournalSchema: z.number().int().min(1).max(10_000),
  /** UTC, second precision, `Z`: e.g. 2026-12-02T10:00:00Z. */
  publishedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'UTC, YYYY-MM-DDTHH:MM:SSZ'),
}).strict();
export type UpdateManifest = z.infer<typeof UpdateManifest>;

/** A manifest with its Ed25519 signature (base64, 88 characters) as HQ stores and serves it. */
export const SignedUpdateManifest = z.object({
  manifest: UpdateManifest,
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a base64 Ed25519 signature'),
}).strict();
export type SignedUpdateManifest = z.infer<typeof SignedUpdateManifest>;

/** The exact text signed: the tag, then each field on its own line in this order. */
export function manifestSigningText(manifest: UpdateManifest): string {
  return [
    UPDATE_MANIFEST_TAG,
    manifest.channel,
    manifest.version,
    manifest.artefact.fileName,
    String(manifest.artefact.size),
    manifest.artefact.sha256,
    String(manifest.rolloutPercent),
    String(manifest.minJournalSchema),
    manifest.publishedAt,
  ].join('\n');
}

/** Negative when a < b, 0 when equal, positive when a > b (x.y.z, numerically). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
