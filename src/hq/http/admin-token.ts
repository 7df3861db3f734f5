/**
 * The one check of HQ's admin token, for the bearer header of /admin and the
 * Basic credentials of the operator console. Both sides are hashed first so
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

/**
 * The password of an `Authorization: Basic <base64 user:password>` header
 * (RFC 7617); the user name is not checked: the console has one secret.
 */
export function basicPassword(header: string | undefined): string | undefined {
  const encoded = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}
