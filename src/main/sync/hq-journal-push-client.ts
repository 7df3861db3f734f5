/**
 * `JournalPushClient` over the kiosk's HQ client: `pushJournalBatch`, the
 * HQ_ROUTES entry for POST /v1/journal/batches, signed like every kiosk
 * request, answer validated with the shared schema.
 * HQ client failures map onto the worker's closed set of push failures.
 *
 * Nothing is pushed before HQ's receipt key is known (pinned in the config,
 * or fetched and checked by the client), so every receipt HQ gives is
 * checked: a kiosk that starts while HQ is away still verifies the receipts
 * of the backlog it sends when HQ comes back.
 */
import type { HqClient, HqClientError } from '../hq-client/hq-client';
import { receiptKeysOf } from '../hq-client/trusted-hq-keys';
import { verifyReceiptSignature, type ReceiptVerifier } from './batch-signer';
import type { JournalBatchRequest, JournalBatchResponse } from '../../shared/hq-api/journal-ingest';
import { assertNever } from '../../shared/assert-never';
import type { JournalPushClient, PushOutcome } from './journal-push-client';

export function hqJournalPushClient(client: Pick<HqClient, 'pushJournalBatch' | 'trustedKeys'>): JournalPushClient {
  return {
    async push(batch: JournalBatchRequest): Promise<PushOutcome> {
      const keys = await client.trustedKeys();
      if (!keys.ok) return toFailure(keys.error);
      const result = await client.pushJournalBatch(batch);
      return result.ok ? toOutcome(result.value) : toFailure(result.error);
    },
  };
}

/** Checks HQ's receipts with HQ's trusted receipt key (known before any push, see above). */
export function hqReceiptVerifier(client: Pick<HqClient, 'trustedKeys'>): ReceiptVerifier {
  return async (receipt) => {
    const keys = await client.trustedKeys();
    // Receipts name no key: any key of a pinned set (issue 16) may have signed it.
    return keys.ok && receiptKeysOf(keys.value).some((key) => verifyReceiptSignature(receipt, key.publicKey));
  };
}

export function toOutcome(answer: JournalBatchResponse): PushOutcome {
  switch (answer.outcome) {
    case 'accepted': return { kind: 'accepted', ackedThrough: answer.ackedThrough, inserted: answer.inserted, receipt: answer.receipt };
    case 'gap': return { kind: 'gap', highWaterMark: answer.highWaterMark };
    case 'refused': return answer.atSeq === undefined ? { kind: 'refused', reason: answer.reason } : { kind: 'refused', reason: answer.reason, atSeq: answer.atSeq };
    default: return assertNever(answer, 'journal ingest answer');
  }
}

export function toFailure(error: HqClientError): PushOutcome {
  switch (error.kind) {
    case 'unreachable': return { kind: 'failed', failure: 'network', detail: error.detail };
    case 'timeout': return { kind: 'failed', failure: 'timeout', detail: `no answer within ${error.timeoutMs} ms` };
    case 'http':
      if (error.status === 401 || error.status === 403) return { kind: 'failed', failure: 'unauthorised', detail: `HQ answered ${error.status} ${error.code ?? ''}`.trim() };
      // HQ shedding load (429 busy, 503 overloaded): a server-side condition, with the pause it asked for.
      if (error.status === 429 || error.status >= 500) {
        return { kind: 'failed', failure: 'serverError', detail: `HQ answered ${error.status} ${error.code ?? ''}`.trim(), ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) };
      }
      return { kind: 'failed', failure: 'badResponse', detail: `HQ answered ${error.status} ${error.code ?? ''}`.trim() };
    case 'invalidResponse': return { kind: 'failed', failure: 'badResponse', detail: `answer does not match the schema: ${error.detail}` };
    case 'invalidRequest': return { kind: 'failed', failure: 'badResponse', detail: `refused before sending: ${error.detail}` };
    // Not HQ's answer (issue 15): a receipt in it is not read, so nothing is marked delivered.
    case 'badAnswerSignature': return { kind: 'failed', failure: 'badResponse', detail: `answer not signed by HQ's key (${error.problem})` };
    default: return assertNever(error, 'HQ client error');
  }
}
