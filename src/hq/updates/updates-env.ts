/**
 * HQ's update settings from the environment (docs/deploy.md, "Updates"):
 * HQ_UPDATES_PUBLIC_KEY_FILE, the release team's update-signing public key
 * (PEM; `npm run release -- keygen`), and HQ_UPDATES_DIR, where artefacts
 * are stored (shared storage when several HQ instances serve kiosks).
 * Neither: no update routes. One without the other, or a key that is not
 * Ed25519: a start-up error naming the variable.
 */
import { readFileSync } from 'node:fs';
import { releasePublicKey, type HqUpdatesSettings } from './release-store';

export function updatesSettingsFromEnv(env: NodeJS.ProcessEnv): HqUpdatesSettings | undefined {
  const keyFile = env.HQ_UPDATES_PUBLIC_KEY_FILE || undefined;
  const artefactDir = env.HQ_UPDATES_DIR || undefined;
  if (!keyFile && !artefactDir) return undefined;
  if (!keyFile || !artefactDir) throw new Error('HQ_UPDATES_PUBLIC_KEY_FILE and HQ_UPDATES_DIR go together (docs/deploy.md, "Updates")');
  let publicKeyPem: string;
  try {
    publicKeyPem = readFileSync(keyFile, 'utf8');
    releasePublicKey(publicKeyPem);
  } catch (error) {
    throw new Error(`HQ_UPDATES_PUBLIC_KEY_FILE: ${(error as Error).message}`);
  }
  return { publicKeyPem, artefactDir };
}
