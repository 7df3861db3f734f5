/**
 * The flow's HQ port over the signed HqClient. Business outcomes pass
 * through as values; every client failure (unreachable, timeout, HTTP error,
 * an answer that breaks the contract) becomes HqUnavailableError
 * (hq-failure.ts), which the flow turns into "HQ unavailable, here is your
 * card". PIN pads are consumed here: their digits go straight into the
 * PIN-block encryption and are wiped.
 */
import type { HqClient } from '../hq-client/hq-client';
import type { HqPort } from '../flows/ports';
import { valueOrThrow } from './hq-failure';

export function hqPort(client: HqClient): HqPort {
  return {
    authenticateCard: async (sessionId, cardNumber, pin) =>
      valueOrThrow(await pin.consume((pinDigits) => client.authenticateCard({ sessionId, cardNumber, pinDigits }))),
    identifyCard: async (sessionId, cardNumber) => valueOrThrow(await client.identifyCard({ sessionId, cardNumber })),
    verifyIdentity: async (sessionId, document) => valueOrThrow(await client.verifyIdentity({ sessionId, document })),
    resetPin: async (sessionId, newPin) =>
      valueOrThrow(await newPin.consume((newPinDigits) => client.resetPin({ sessionId, newPinDigits }))),
    reviewLimitIncrease: async (sessionId, requestedLimit, incomeCertificate, declarations) =>
      valueOrThrow(await client.reviewLimitIncrease({ sessionId, requestedLimit, ...(incomeCertificate ? { incomeCertificate } : {}), ...(declarations ? { declarations } : {}) })),
    answerLimitOffer: async (sessionId, accept) => valueOrThrow(await client.answerLimitOffer({ sessionId, accept })),
    decreaseLimit: async (sessionId, newLimit) => valueOrThrow(await client.decreaseLimit({ sessionId, newLimit })),
    reportDocumentDelivery: async (report) => valueOrThrow(await client.reportDocumentDelivery(report)),
    endSession: async (sessionId) => {
      valueOrThrow(await client.endSession({ sessionId }));
    },
  };
}
