/**
 * A kiosk's public-key fingerprint, as the technician reads it off an
 * unenrolled kiosk's out-of-service screen (or its technician page, once
 * HQ accepts an operator card) and the operator confirms it at HQ
 * (issue 16, "Provisioning"): SHA-256 over the key's SPKI DER encoding
 * (RFC 5280 4.1.2.7, SubjectPublicKeyInfo), 64 hex digits, shown upper-case
 * in sixteen groups of four so a person can compare it aloud. One
 * definition for both sides: the kiosk computes it from its own key, HQ
 * from the PEM the operator pastes, and HQ refuses an enrolment whose
 * confirmed fingerprint differs from the one it computed.
 *
 * Web Crypto (`sha256Hex`), no Node imports: src/shared runs in the renderer too.
 */
import { sha256Hex } from '../signed-request/signed-request';

/** The fingerprint as stored and compared: 64 lower-case hex digits. */
export const FINGERPRINT_PATTERN = /^[0-9a-f]{64}$/;

/** SHA-256 of the SPKI DER bytes, 64 lower-case hex digits. */
export function keyFingerprint(spkiDer: Uint8Array): Promise<string> {
  return sha256Hex(spkiDer);
}

/** The fingerprint as people read it (`groupFingerprint`): sixteen groups of four upper-case hex digits. */
export const GROUPED_FINGERPRINT_PATTERN = /^([0-9A-F]{4} ){15}[0-9A-F]{4}$/;

/** For people: `AB12 CD34 …`, sixteen groups of four upper-case hex digits. */
export function groupFingerprint(fingerprint: string): string {
  return (fingerprint.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * What a person typed or pasted, as a fingerprint: spaces, colons and
 * hyphens dropped, case ignored; null when it is not 64 hex digits.
 */
export function normalizeFingerprint(text: string): string | null {
  const compact = text.replace(/[\s:-]/g, '').toLowerCase();
  return FINGERPRINT_PATTERN.test(compact) ? compact : null;
}
