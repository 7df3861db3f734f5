/**
 * Service mode's HQ port over the signed HqClient (issue 8). Business
 * refusals pass through as values; HQ refusing the operator (role or
 * permission, not an operator session, no customer looked up, the session
 * gone) becomes OperatorRefusedError, and anything else HqUnavailableError
 * (hq-failure.ts).
 * The customer's new PIN pad is consumed here: its digits go straight into
 * the PIN-block encryption and are wiped.
 */
import type { HqClient, HqClientError, HqResult } from '../hq-client/hq-client';
import { OperatorRefusedError, type StaffHqPort } from '../flows/operator/operator-ports';
import { valueOrThrow } from './hq-failure';

const OPERATOR_CODES = new Set(['operatorNotPermitted', 'notOperatorSession', 'noCustomerSelected', 'sessionExpired'] as const);
type OperatorCode = OperatorRefusedError['code'];

/** HQ refusing the operator is service mode's own outcome; every other failure is HQ unavailable. */
function operatorRefusal(error: HqClientError): OperatorRefusedError | null {
  return error.kind === 'http' && error.code && (OPERATOR_CODES as ReadonlySet<string>).has(error.code) ? new OperatorRefusedError(error.code as OperatorCode) : null;
}

const unwrap = <T>(result: HqResult<T>): T => valueOrThrow(result, operatorRefusal);

export function staffHqPort(client: HqClient): StaffHqPort {
  return {
    lookup: async (sessionId, by) => unwrap(await client.staffLookupCustomer({ sessionId, by })),
    verifyIdentity: async (sessionId, document) => unwrap(await client.staffVerifyIdentity({ sessionId, document })),
    confirmIdentity: async (sessionId) => unwrap(await client.staffConfirmIdentity({ sessionId })),
    clearLock: async (sessionId) => unwrap(await client.staffClearLock({ sessionId })),
    resetPin: async (sessionId, newPin) => unwrap(await newPin.consume((newPinDigits) => client.staffResetPin({ sessionId, newPinDigits }))),
    uploadDiagnostics: async (sessionId, bundle) => {
      const stored = unwrap(await client.uploadDiagnostics({ sessionId, bundle }));
      return { bundleId: stored.bundleId };
    },
  };
}
