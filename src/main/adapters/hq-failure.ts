/**
 * The one translation of an HQ client failure into what a flow sees
 * (ARCHITECTURE.md, "Composition": HQ failures of any kind become one
 * `HqUnavailableError`, which the flows turn into "HQ unavailable, here is
 * your card"). Both HQ ports unwrap through here, so the customer flow and
 * service mode cannot describe the same failure differently.
 */
import { assertNever } from '../../shared/assert-never';
import type { HqClientError, HqResult } from '../hq-client/hq-client';
import { HqUnavailableError } from '../flows/ports';

/** An HQ answer a port refuses before the general translation (service mode's operator refusals). */
export type HqRefusal = (error: HqClientError) => Error | null;

export function hqUnavailable(error: HqClientError): HqUnavailableError {
  switch (error.kind) {
    case 'unreachable': return new HqUnavailableError('unreachable', error.detail);
    case 'timeout': return new HqUnavailableError('timeout', `no answer in ${error.timeoutMs} ms`);
    case 'http': return new HqUnavailableError('http', `HTTP ${error.status}${error.code ? ` ${error.code}` : ''}`);
    case 'invalidResponse': return new HqUnavailableError('invalidResponse', `answer broke the contract (HTTP ${error.status})`);
    // Not HQ's answer (issue 15): whatever it said (a role, an outcome) is not read.
    case 'badAnswerSignature': return new HqUnavailableError('invalidResponse', `answer not signed by HQ's key (${error.problem}, HTTP ${error.status})`);
    // Our own bug, not HQ's answer; to the flow it is HQ not answering usefully all the same.
    case 'invalidRequest': return new HqUnavailableError('invalidResponse', error.detail);
    default: return assertNever(error, 'HQ client error');
  }
}

/** The value of an HQ answer, or the failure thrown as `refuse` names it, else as `HqUnavailableError`. */
export function valueOrThrow<T>(result: HqResult<T>, refuse?: HqRefusal): T {
  if (result.ok) return result.value;
  throw refuse?.(result.error) ?? hqUnavailable(result.error);
}
