/**
 * The flow's HQ port over the signed HqClient. Business outcomes pass
 * through as values; every client failure (unreachable, timeout, HTTP error,
 * an answer that breaks the contract) becomes HqUnavailableError, which the
 * flow turns into "HQ unavailable, here is your card". PIN pads are consumed
 * here: their digits go straight into the PIN-block encryption and are wiped.
 */
import type { HqClient, HqClientError, HqResult } from '../hq-client/hq-client';
import { HqUnavailableError, type HqPort } from '../flows/ports';

function unwrap<T>(result: HqResult<T>): T {
  if (result.ok) return result.value;
  throw new HqUnavailableError(errorKind(result.error), describe(result.error));
}

function errorKind(error: HqClientError): HqUnavailableError['kind'] {
  return error.kind === 'invalidRequest' ? 'invalidResponse' : error.kind;
}

function describe(error: HqClientError): string {
  switch (error.kind) {
    case 'unreachable': return error.detail;
    case 'timeout': return `no answer in ${error.timeoutMs} ms`;
    case 'http': return `HTTP ${error.status}${error.code ? ` ${error.code}` : ''}`;
    case 'invalidResponse': return `answer broke the contract (HTTP ${error.status})`;
    case 'invalidRequest': return error.detail;
  }
}

export function hqPort(client: HqClient): HqPort {
  return {
    authenticateCard: async (sessionId, cardNumber, pin) =>
      unwrap(await pin.consume((pinDigits) => client.authenticateCard({ sessionId, cardNumber, pinDigits }))),
    identifyCard: async (sessionId, cardNumber) => unwrap(await client.identifyCard({ sessionId, cardNumber })),
    verifyIdentity: async (sessionId, document) => unwrap(await client.verifyIdentity({ sessionId, document })),
    resetPin: async (sessionId, newPin) =>
      unwrap(await newPin.consume((newPinDigits) => client.resetPin({ sessionId, newPinDigits }))),
    reviewLimitIncrease: async (sessionId, requestedLimit, incomeCertificateProvided, declarations) =>
      unwrap(await client.reviewLimitIncrease({ sessionId, requestedLimit, incomeCertificateProvided, ...(declarations ? { declarations } : {}) })),
    decreaseLimit: async (sessionId, newLimit) => unwrap(await client.decreaseLimit({ sessionId, newLimit })),
    endSession: async (sessionId) => {
      unwrap(await client.endSession({ sessionId }));
    },
  };
}
