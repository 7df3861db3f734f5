/**
 * Lender request signatures: the project's signed-request format
 * (src/shared/signed-request/signed-request.ts) under its own tag and
 * headers. The tag differs from the kiosks' `KIOSK-REQUEST-V1`, so a kiosk's
 * signature to HQ can never be replayed at the bureau, or the reverse.
 */
import type { SignedRequestScheme } from '../signed-request/signed-request';
import { LENDER_ID_PATTERN } from './common';

export const LENDER_HEADERS = {
  lenderId: 'x-lender-id',
  timestamp: 'x-lender-timestamp',
  nonce: 'x-lender-nonce',
  signature: 'x-lender-signature',
} as const;

export const BUREAU_REQUEST_SCHEME: SignedRequestScheme = {
  tag: 'BUREAU-REQUEST-V1',
  headers: { callerId: LENDER_HEADERS.lenderId, timestamp: LENDER_HEADERS.timestamp, nonce: LENDER_HEADERS.nonce, signature: LENDER_HEADERS.signature },
  callerIdPattern: LENDER_ID_PATTERN,
};
