/**
 * The encrypted PIN block (issue 5, "PIN transport"): the kiosk never sends a
 * PIN in clear. ECIES to HQ's X25519 public key: an ephemeral X25519 key
 * agreement, HKDF-SHA256 to an AES-256-GCM key, and GCM's additional data
 * binding the block to the kiosk, the session, the purpose, a nonce and its
 * creation time. The plaintext is an ISO 9564-1 format 4 plain-text PIN
 * field (16 bytes: control nibble 4, PIN length, PIN digits, fill `A`, then
 * 8 random bytes), so a later move to an encrypting PIN pad with format 4
 * keeps the same plaintext.
 *
 * HQ refuses a block whose nonce it has seen (replay), whose creation time is
 * outside {@link PIN_BLOCK_MAX_AGE_MS}, or whose additional data does not
 * match the request it arrives in (GCM authentication fails).
 */
import { z } from 'zod';

export const PIN_BLOCK_VERSION = 1;
export const PIN_BLOCK_HKDF_INFO = 'kiosk-pin-block/v1 x25519-hkdf-sha256-aes256gcm';
export const PIN_BLOCK_MAX_AGE_MS = 5 * 60 * 1000;

/** What the PIN is for: a block made for card authentication cannot be replayed as a new PIN, and vice versa. */
export const PinBlockPurpose = z.enum(['authenticate', 'newPin']);
export type PinBlockPurpose = z.infer<typeof PinBlockPurpose>;

const base64url = (bytes: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}$`), `${bytes} bytes, base64url`);

export const PinBlock = z.object({
  version: z.literal(PIN_BLOCK_VERSION),
  /** Which HQ PIN key the block is for (from GET /v1/hq-keys); lets HQ rotate keys. */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  /** The kiosk's one-time X25519 public key, raw 32 bytes. */
  ephemeralPublicKey: base64url(32),
  nonce: base64url(16),
  /** Unix epoch milliseconds when the kiosk made the block. */
  createdAt: z.number().int().min(0),
  iv: base64url(12),
  ciphertext: base64url(16),
  tag: base64url(16),
}).strict();
export type PinBlock = z.infer<typeof PinBlock>;

/** GCM additional data: binds the block to everything about the request that matters. */
export function pinBlockAdditionalData(binding: {
  kioskId: string;
  sessionId: string;
  purpose: PinBlockPurpose;
  keyId: string;
  nonce: string;
  createdAt: number;
}): string {
  return ['kiosk-pin-block/v1', binding.kioskId, binding.sessionId, binding.purpose, binding.keyId, binding.nonce, String(binding.createdAt)].join('\n');
}

/** ISO 9564-1 format 4 allows 4 to 12 PIN digits; DOMAIN.md fixes card PINs at 4. */
export const PIN_LENGTH = 4;
export const PIN_FIELD_BYTES = 16;
