/**
 * How HQ reaches its designated credit bureau (指定信用情報機関; Money
 * Lending Business Act art. 13 and 41-35, docs/bureau.md): the bureau's
 * address, the member id the bureau knows this lender by, the Ed25519 key
 * it signs with (the bureau holds the public half, `npm run bureau --
 * enroll-lender`), and how long HQ waits for an answer.
 *
 * Read from the command line or the environment (cli.ts):
 *   --bureau-url / HQ_BUREAU_URL, --bureau-lender-id / HQ_BUREAU_LENDER_ID,
 *   --bureau-key-file / HQ_BUREAU_KEY_FILE, --bureau-timeout-ms / HQ_BUREAU_TIMEOUT_MS.
 * Without a URL HQ has no bureau and decides no increase (docs/policy.md).
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LenderId } from '../../shared/bureau-api/common';
import { DEMO_LENDER_ID } from '../../shared/demo/demo-lenders';
import type { RequestSigner } from '../../shared/signed-request/signed-request';

export const DEFAULT_BUREAU_TIMEOUT_MS = 3000;

export const BureauSettings = z.object({
  url: z.string().url().refine((u) => /^https?:$/.test(new URL(u).protocol), 'the bureau URL must be http or https'),
  lenderId: LenderId.default(DEMO_LENDER_ID),
  /** A PEM file with this lender's Ed25519 private key (PKCS#8). */
  keyFile: z.string().min(1),
  /** The whole round trip of one request; past it the review decides nothing (issue 14). */
  timeoutMs: z.coerce.number().int().min(100).max(60_000).default(DEFAULT_BUREAU_TIMEOUT_MS),
}).strict();
export type BureauSettings = z.infer<typeof BureauSettings>;

/** What HQ needs to call the bureau: settings plus the signing function (the private key stays in this closure). */
export interface BureauLinkConfig {
  url: string;
  lenderId: string;
  timeoutMs: number;
  sign: RequestSigner;
  /** How HTTP is done; the platform's fetch unless told (a bench answers in-process to measure the round trip). */
  fetch?: typeof fetch;
}

/** Flags win over the environment; no URL from either means no bureau (null). */
export function bureauSettingsFrom(flags: Partial<Record<'url' | 'lenderId' | 'keyFile' | 'timeoutMs', string | undefined>>, env: NodeJS.ProcessEnv): BureauSettings | null {
  const pick = (flag: string | undefined, name: string) => flag ?? (env[name] || undefined);
  const url = pick(flags.url, 'HQ_BUREAU_URL');
  if (!url) return null;
  const raw = {
    url,
    lenderId: pick(flags.lenderId, 'HQ_BUREAU_LENDER_ID'),
    keyFile: pick(flags.keyFile, 'HQ_BUREAU_KEY_FILE'),
    timeoutMs: pick(flags.timeoutMs, 'HQ_BUREAU_TIMEOUT_MS'),
  };
  const parsed = BureauSettings.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
  if (!parsed.success) throw new Error(`bureau settings: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Reads the signing key (an Ed25519 PKCS#8 PEM); a wrong file is refused naming the file, never its content. */
export function loadBureauLink(settings: BureauSettings): BureauLinkConfig {
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(settings.keyFile, 'utf8'));
  } catch {
    throw new Error(`bureau key file ${settings.keyFile}: not readable as a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`bureau key file ${settings.keyFile}: not an Ed25519 key`);
  return { url: settings.url, lenderId: settings.lenderId, timeoutMs: settings.timeoutMs, sign: (message) => sign(null, message, key) };
}
