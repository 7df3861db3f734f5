/** GET /v1/hq-keys: HQ's public keys, the only kiosk-facing route without a signature. */
import { z } from 'zod';

const SpkiPem = z.string().regex(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n?$/, 'SPKI public key, PEM');

export const HqKeysResponse = z.object({
  /** Kiosks encrypt PIN blocks to this key (pin-block.ts). */
  pinEncryption: z.object({ algorithm: z.literal('X25519'), keyId: z.string().regex(/^[0-9a-f]{16}$/), publicKeyPem: SpkiPem }).strict(),
  /** HQ signs journal receipts with the matching private key. */
  receiptSigning: z.object({ algorithm: z.literal('Ed25519'), keyId: z.string().regex(/^[0-9a-f]{16}$/), publicKeyPem: SpkiPem }).strict(),
}).strict();
export type HqKeysResponse = z.infer<typeof HqKeysResponse>;
