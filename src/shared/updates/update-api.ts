/**
 * HQ's update routes (issue 16; docs/deploy.md, "Updates"). Kiosk-signed,
 * under /v1: the manifest HQ has for the calling kiosk on a channel (the
 * highest version whose rollout includes the kiosk, with its artefact
 * stored), and the artefact itself as bytes with Content-Length. Admin
 * (bearer token): publish a signed manifest, then upload its artefact.
 */
import { z } from 'zod';
import { ArtefactFileName, ReleaseVersion, SignedUpdateManifest, UpdateChannel } from './update-manifest';

export const UPDATE_PATHS = {
  manifest: '/v1/updates/manifest',
  artefact: (fileName: string) => `/v1/updates/artefacts/${fileName}`,
} as const;

export const UpdateManifestQuery = z.object({ channel: UpdateChannel }).strict();
export const UpdateManifestResponse = z.object({ update: SignedUpdateManifest.nullable() }).strict();
export type UpdateManifestResponse = z.infer<typeof UpdateManifestResponse>;
export const ArtefactParams = z.object({ fileName: ArtefactFileName }).strict();

export const PublishedRelease = z.object({
  channel: UpdateChannel,
  version: ReleaseVersion,
  rolloutPercent: z.number().int().min(0).max(100),
  /** False until the artefact whose size and SHA-256 the manifest names has been uploaded: kiosks are not offered it before. */
  artefactStored: z.boolean(),
}).strict();
export type PublishedRelease = z.infer<typeof PublishedRelease>;
