/**
 * `npm run hq -- keys rotate` and `keys retire --key-id ID ...` (issue 16;
 * key-set.ts): changes the secrets folder's key set and says what to do
 * next. Every HQ instance must be restarted on the folder afterwards.
 */
import { hqKeysResponse, type HqKeys } from './hq-keys';
import { retireKeys, rotateKeySet, withKeySet } from './key-set';

export function keySetCommand(command: 'rotate' | 'retire', dir: string, keys: HqKeys, keyIds: readonly string[]): string {
  if (command === 'rotate') {
    if (keyIds.length > 0) throw new Error('keys rotate takes no --key-id');
    const added = rotateKeySet(dir, keys);
    const pinned = hqKeysResponse(withKeySet(keys, dir));
    return [
      `new keys, next: PIN ${added.pinKeyId}, receipt ${added.receiptKeyId}.`,
      'Restart every HQ instance on this folder, then pin this set in every kiosk config (hq.keys);',
      `once the fleet has it: npm run hq -- keys retire --key-id ${keys.pinKeyId} --key-id ${keys.receiptKeyId}`,
      JSON.stringify({ hq: { keys: pinned } }, null, 2),
      '',
    ].join('\n');
  }
  if (keyIds.length === 0) throw new Error('keys retire needs --key-id ID (one or more)');
  const result = retireKeys(dir, keys, keyIds);
  return [
    `retired: ${result.retired.join(', ')}${result.activated.length > 0 ? `; active now: ${result.activated.join(', ')}` : ''}.`,
    'Restart every HQ instance on this folder. Kiosks that still pin only the retired keys now refuse HQ\'s answers (re-pin them).',
    '',
  ].join('\n');
}
