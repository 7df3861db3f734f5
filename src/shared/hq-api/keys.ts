/**
 * GET /v1/hq-keys: HQ's public keys, the only kiosk-facing route without a
 * signature; the same object is what a kiosk pins as `hq.keys`.
 *
 * `pinEncryption` and `receiptSigning` are HQ's active keys: the
 * single-pair form, which kiosk configs pinned before key sets and which
 * stays valid. The sets (issue 16) list every live key, oldest first, while
 * a key rotates (`npm run hq -- keys rotate`, docs/hq.md "Keys"): `next`
 * (published, opens PIN blocks, signs nothing yet) and `active`. A kiosk
 * that pins a set accepts answers and receipts signed by any key in it.
 */
import { z } from 'zod';

const SpkiPem = z.string().regex(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n?$/, 'SPKI public key, PEM');
const KeyId = z.string().regex(/^[0-9a-f]{16}$/);

export const PublishedKeyState = z.enum(['next', 'active']);
export type PublishedKeyState = z.infer<typeof PublishedKeyState>;

const PinKey = z.object({ algorithm: z.literal('X25519'), keyId: KeyId, publicKeyPem: SpkiPem }).strict();
const ReceiptKey = z.object({ algorithm: z.literal('Ed25519'), keyId: KeyId, publicKeyPem: SpkiPem }).strict();

/** At most this many live keys of a kind: one active and the next, with room to spare. */
export const MAX_LIVE_KEYS = 4;

export const HqKeysResponse = z.object({
  /** Kiosks encrypt PIN blocks to this key (pin-block.ts): HQ's active one. */
  pinEncryption: PinKey,
  /** HQ signs journal receipts and answers with the matching private key: its active one. */
  receiptSigning: ReceiptKey,
  /** Every live PIN key, oldest first (absent: `pinEncryption` alone). */
  pinEncryptionSet: z.array(PinKey.extend({ state: PublishedKeyState }).strict()).min(1).max(MAX_LIVE_KEYS).optional(),
  /** Every live receipt key, oldest first (absent: `receiptSigning` alone). */
  receiptSigningSet: z.array(ReceiptKey.extend({ state: PublishedKeyState }).strict()).min(1).max(MAX_LIVE_KEYS).optional(),
}).strict();
export type HqKeysResponse = z.infer<typeof HqKeysResponse>;
