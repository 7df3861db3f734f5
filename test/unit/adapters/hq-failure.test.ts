import { describe, expect, it } from 'vitest';
import { hqUnavailable, valueOrThrow } from '../../../src/main/adapters/hq-failure';
import { hqPort } from '../../../src/main/adapters/hq-port';
import { staffHqPort } from '../../../src/main/adapters/staff-hq-port';
import { HqUnavailableError } from '../../../src/main/flows/ports';
import { OperatorRefusedError } from '../../../src/main/flows/operator/operator-ports';
import type { HqClient, HqClientError } from '../../../src/main/hq-client/hq-client';

const FAILURES: Array<[HqClientError, HqUnavailableError['kind'], string]> = [
  [{ kind: 'unreachable', detail: 'ECONNREFUSED' }, 'unreachable', 'ECONNREFUSED'],
  [{ kind: 'timeout', timeoutMs: 5000 }, 'timeout', 'no answer in 5000 ms'],
  [{ kind: 'http', status: 503, code: null, message: 'down' }, 'http', 'HTTP 503'],
  [{ kind: 'http', status: 409, code: 'sessionExpired', message: 'gone' }, 'http', 'HTTP 409 sessionExpired'],
  [{ kind: 'invalidResponse', status: 200, detail: 'missing field' }, 'invalidResponse', 'answer broke the contract (HTTP 200)'],
  [{ kind: 'invalidRequest', detail: 'PIN is not 4 digits' }, 'invalidResponse', 'PIN is not 4 digits'],
];

/** An HqClient whose every call answers with `error`. */
function failingClient(error: HqClientError): HqClient {
  return new Proxy({}, { get: () => async () => ({ ok: false, error }) }) as HqClient;
}

describe('HQ client failures as the flows see them', () => {
  it.each(FAILURES)('%j becomes HqUnavailableError(%s)', (error, kind, detail) => {
    const translated = hqUnavailable(error);
    expect(translated).toBeInstanceOf(HqUnavailableError);
    expect(translated.kind).toBe(kind);
    expect(translated.message).toBe(`HQ unavailable (${kind}): ${detail}`);
  });

  it('passes a value through and throws the refusal a port names before the general translation', () => {
    expect(valueOrThrow({ ok: true, value: 42 })).toBe(42);
    const refused = new Error('refused');
    const error: HqClientError = { kind: 'timeout', timeoutMs: 1 };
    expect(() => valueOrThrow({ ok: false, error }, () => refused)).toThrow(refused);
    expect(() => valueOrThrow({ ok: false, error }, () => null)).toThrow(HqUnavailableError);
  });

  it.each(FAILURES.filter(([e]) => !(e.kind === 'http' && e.code === 'sessionExpired')))(
    'the customer port and service mode translate %j the same way', async (error) => {
      const customer = hqPort(failingClient(error)).identifyCard('S-1', '4980000000000000').catch((e: unknown) => e);
      const staff = staffHqPort(failingClient(error)).lookup('S-1', { kind: 'card', cardNumber: '4980000000000000' }).catch((e: unknown) => e);
      const [a, b] = await Promise.all([customer, staff]);
      expect(a).toBeInstanceOf(HqUnavailableError);
      expect(b).toBeInstanceOf(HqUnavailableError);
      expect([(b as HqUnavailableError).kind, (b as Error).message]).toEqual([(a as HqUnavailableError).kind, (a as Error).message]);
    },
  );

  it('service mode alone turns HQ refusing the operator into OperatorRefusedError', async () => {
    const error: HqClientError = { kind: 'http', status: 403, code: 'operatorNotPermitted', message: 'no' };
    await expect(staffHqPort(failingClient(error)).clearLock('S-1')).rejects.toMatchObject({ name: 'OperatorRefusedError', code: 'operatorNotPermitted' });
    await expect(staffHqPort(failingClient(error)).clearLock('S-1')).rejects.toBeInstanceOf(OperatorRefusedError);
    await expect(hqPort(failingClient(error)).identifyCard('S-1', '4980000000000000')).rejects.toMatchObject({ name: 'HqUnavailableError', kind: 'http' });
  });
});
