/**
 * The one check of HQ's admin token, for the bearer header of /admin
 * (machine clients, and the bootstrap of the first console administrator:
 * people sign in to the console by name, issue 17). Both sides are hashed first so
 * the comparison is constant-time whatever the lengths (timingSafeEqual
 * needs equal lengths; comparing the raw strings would leak the length).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type AdminTokenCheck = (given: string | undefined) => boolean;

export function adminTokenCheck(adminToken: string): AdminTokenCheck {
  const expected = createHash('sha256').update(adminToken).digest();
  return (given) => {
    const actual = createHash('sha256').update(given ?? '').digest();
    return timingSafeEqual(actual, expected) && given !== undefined && given.length > 0;
  };
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer (\S+)$/.exec(header ?? '')?.[1];
}

