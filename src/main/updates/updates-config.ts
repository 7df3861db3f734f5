/**
 * The kiosk config's `updates` block (issue 16; docs/deploy.md, "Updates").
 * Absent: the kiosk never updates itself (it is updated by hand).
 */
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { UpdateChannel } from '../../shared/updates/update-manifest';

export const UpdatesConfig = z.object({
  /**
   * The release team's update-signing public key (Ed25519, PEM), pinned:
   * `npm run release -- keygen` prints where it is. Not one of HQ's keys.
   */
  publicKeyPem: z.string().superRefine((pem, ctx) => {
    try {
      if (createPublicKey(pem).asymmetricKeyType !== 'ed25519') ctx.addIssue({ code: 'custom', message: 'updates.publicKeyPem must be an Ed25519 public key' });
    } catch {
      ctx.addIssue({ code: 'custom', message: 'updates.publicKeyPem is not a PEM public key' });
    }
  }),
  /** Where the manifest and artefacts are published; default HQ (`hq.url`). Same paths (src/shared/updates/update-api.ts). */
  url: z.url({ protocol: /^https?$/ }).optional(),
  channel: UpdateChannel.default('stable'),
  /** Minutes between checks; a check outside a quiet time does nothing. */
  checkEveryMinutes: z.number().int().min(5).max(24 * 60).default(60),
  /** Install while the store is open (still never mid-session). Default: closed hours and maintenance only. */
  allowDuringBusinessHours: z.boolean().default(false),
  /** Starts a new version gets to reach a healthy start before the previous one is reinstalled. */
  maxStartsBeforeRollback: z.number().int().min(1).max(10).default(3),
  /** The whole artefact download, in minutes. */
  downloadTimeoutMinutes: z.number().int().min(1).max(240).default(30),
}).strict();
export type UpdatesConfig = z.infer<typeof UpdatesConfig>;
