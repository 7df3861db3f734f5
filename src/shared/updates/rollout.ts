/**
 * Staged rollout (issue 16): each kiosk has a fixed bucket 0-99 derived from
 * its id alone, and a release at N percent goes to the kiosks whose bucket is
 * below N. The same kiosks are therefore always first (the canaries), and
 * raising N only adds kiosks: no kiosk that had the release loses it, and
 * none flips between releases from one check to the next.
 *
 * The hash is 32-bit FNV-1a (http://www.isthe.com/chongo/tech/comp/fnv/,
 * also IETF draft-eastlake-fnv) over the id's characters (kiosk ids are
 * ASCII, request-signing.ts): not a security boundary, only a stable,
 * well-spread number, and pure so HQ and a kiosk compute the same one.
 */
export function rolloutBucket(kioskId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < kioskId.length; i += 1) {
    hash ^= kioskId.charCodeAt(i) & 0xff;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 100;
}

export function inRollout(kioskId: string, rolloutPercent: number): boolean {
  return rolloutBucket(kioskId) < rolloutPercent;
}
