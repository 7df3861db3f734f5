/**
 * Opens a PIN block for an operation: decrypts it under the request's binding
 * and then records its nonce, so the same block is accepted once only
 * (issue 5: "a replayed block is refused"). The nonce is recorded after the
 * block proves authentic, and on its own (not inside the operation's
 * transaction): a refused or failed operation still uses the block up.
 */
import type { PinBlock, PinBlockPurpose } from '../../shared/hq-api/pin-block';
import { refuse, type HqContext, type Outcome } from '../context';
import { decryptPinBlock } from './pin-block-decryptor';

export async function openPinBlock(
  ctx: HqContext,
  block: PinBlock,
  binding: { kioskId: string; sessionId: string; purpose: PinBlockPurpose },
): Promise<Outcome<Buffer>> {
  const now = ctx.clock();
  const decrypted = decryptPinBlock(block, binding, ctx.keys, now);
  if (!decrypted.ok) {
    switch (decrypted.problem) {
      case 'unknownKey': return refuse('pinBlockUnknownKey', 'the PIN block was made for a key HQ does not hold; fetch GET /v1/hq-keys');
      // Before any card is looked at: no PIN attempt is counted (issue 16).
      case 'retiredKey': return refuse('pinBlockKeyRetired', 'the PIN block was made for a key HQ has retired; the kiosk needs HQ\'s current keys pinned (GET /v1/hq-keys)');
      case 'stale': return refuse('pinBlockStale', 'the PIN block is older than HQ accepts');
      case 'invalid': return refuse('pinBlockInvalid', 'the PIN block does not decrypt under this kiosk, session and purpose');
      default: {
        const never: never = decrypted.problem;
        throw new Error(`unknown PIN block problem ${String(never)}`);
      }
    }
  }
  const inserted = await ctx.db.query(
    'INSERT INTO pin_block_nonces (nonce, kiosk_id, seen_at) VALUES ($1, $2, $3) ON CONFLICT (nonce) DO NOTHING',
    [block.nonce, binding.kioskId, now.toISOString()],
  );
  if (inserted.rowCount !== 1) {
    decrypted.pinDigits.fill(0);
    return refuse('pinBlockReplayed', 'this PIN block was already used');
  }
  return { ok: true, value: decrypted.pinDigits };
}
