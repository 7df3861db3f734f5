/**
 * Service mode's HQ port over the signed HqClient (issue 8). Business
 * refusals pass through as values; HQ refusing the operator (role or
 * permission, not an operator session, no customer looked up, the session
 * gone) becomes OperatorRefusedError, and anything else HqUnavailableError.
 * The customer's new PIN pad is consumed here: its digits go straight into
 * the PIN-block encryption and are wiped.
 */
import type { HqClient, HqResult } from '../hq-client/hq-client';
import { HqUnavailableError } from '../flows/ports';
import { OperatorRefusedError, type StaffHqPort } from '../flows/operator/operator-ports';

const OPERATOR_CODES = new Set(['operatorNotPermitted', 'notOperatorSession', 'noCustomerSelected', 'sessionExpired'] as const);
type OperatorCode = OperatorRefusedError['code'];

function unwrap<T>(result: HqResult<T>): T {
  if (result.ok) return result.value;
  const error = result.error;
  if (error.kind === 'http' && error.code && (OPERATOR_CODES as ReadonlySet<string>).has(error.code)) throw new OperatorRefusedError(error.code as OperatorCode);
  switch (error.kind) {
    case 'unreachable': throw new HqUnavailableError('unreachable', error.detail);
    case 'timeout': throw new HqUnavailableError('timeout', `no answer in ${error.timeoutMs} ms`);
    case 'http': throw new HqUnavailableError('http', `HTTP ${error.status}${error.code ? ` ${error.code}` : ''}`);
    case 'invalidResponse': throw new HqUnavailableError('invalidResponse', `answer broke the contract (HTTP ${error.status})`);
    case 'invalidRequest': throw new HqUnavailableError('invalidResponse', error.detail);
  }
}

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
