/**
 * Signs kiosk requests to HQ (src/shared/hq-api/request-signing.ts):
 * Ed25519 over KIOSK-REQUEST-V2, the canonical string of HQ's origin, kiosk
 * id, method, path, timestamp, a fresh random nonce and the SHA-256 of the
 * exact body bytes sent. `origin: null` signs the older KIOSK-REQUEST-V1
 * (tests of HQ's V1 sunset only; the client never does).
 */
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { canonicalRequestString, KIOSK_HEADERS } from '../../shared/hq-api/request-signing';

export function signRequest(input: {
  /** HQ's origin as configured (`new URL(hq.url).origin`); null: the V1 string. */
  origin: string | null;
  kioskId: string;
  privateKey: KeyObject;
  method: string;
  path: string;
  body: Uint8Array | undefined;
  now: Date;
  nonce?: string;
}): Record<string, string> {
  const timestamp = String(input.now.getTime());
  const nonce = input.nonce ?? randomBytes(18).toString('base64url');
  const bodySha256 = createHash('sha256').update(input.body ?? new Uint8Array()).digest('hex');
  const canonical = canonicalRequestString({ origin: input.origin, kioskId: input.kioskId, method: input.method, path: input.path, timestamp, nonce, bodySha256 });
  if (!canonical.ok) throw new Error(`cannot sign request: bad ${canonical.problem}`);
  const signature = sign(null, Buffer.from(canonical.value, 'utf8'), input.privateKey).toString('base64');
  return {
    [KIOSK_HEADERS.kioskId]: input.kioskId,
    [KIOSK_HEADERS.timestamp]: timestamp,
    [KIOSK_HEADERS.nonce]: nonce,
    [KIOSK_HEADERS.signature]: signature,
  };
}
