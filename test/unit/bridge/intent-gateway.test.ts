import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseIntent } from '../../../src/main/bridge/intent-gateway';
import { MAX_INTENT_BYTES } from '../../../src/shared/bridge';

describe('intent gateway refuses hostile renderer messages', () => {
  it('accepts a well-formed intent from IPC and from a WebSocket frame', () => {
    expect(parseIntent({ type: 'setLocale', locale: 'en' })).toEqual({ ok: true, intent: { type: 'setLocale', locale: 'en' } });
    expect(parseIntent('{"type":"setLargeText","on":true}')).toEqual({ ok: true, intent: { type: 'setLargeText', on: true } });
  });

  it.each([
    ['wrong field type', { type: 'setLocale', locale: 42 }, 'invalidShape'],
    ['unknown enum value', { type: 'setLocale', locale: 'fr' }, 'invalidShape'],
    ['extra field', { type: 'setLocale', locale: 'ja', pin: '1234' }, 'invalidShape'],
    ['unknown intent', { type: 'transferMoney', amount: 1 }, 'unknownType'],
    ['no type', { locale: 'ja' }, 'unknownType'],
    ['null', null, 'unknownType'],
    ['array', [{ type: 'ready' }], 'unknownType'],
    ['prototype pollution', JSON.parse('{"type":"ready","__proto__":{"admin":true}}'), 'invalidShape'],
    ['not JSON text', '{"type": "ready"', 'notJson'],
    ['huge string', JSON.stringify({ type: 'ready', pad: 'x'.repeat(MAX_INTENT_BYTES) }), 'tooLarge'],
    ['huge object', { type: 'ready', pad: 'x'.repeat(MAX_INTENT_BYTES) }, 'tooLarge'],
    ['BigInt', { type: 'ready', n: 1n }, 'invalidShape'],
  ])('refuses %s', (_label, raw, reason) => {
    const result = parseIntent(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });

  it('refuses a cyclic structure without throwing', () => {
    const cyclic: Record<string, unknown> = { type: 'ready' };
    cyclic.self = cyclic;
    expect(parseIntent(cyclic)).toMatchObject({ ok: false, reason: 'invalidShape' });
  });

  it('names only a known intent type in a refusal, never what the renderer sent', () => {
    const refusal = parseIntent({ type: 'secret-4000000001', x: 1 });
    expect(refusal).toEqual({ ok: false, reason: 'unknownType' });
    expect(parseIntent({ type: 'setLocale', locale: '7391' })).toEqual({ ok: false, reason: 'invalidShape', type: 'setLocale' });
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.oneof(fc.anything(), fc.string(), fc.json()), (raw) => {
      const result = parseIntent(raw);
      expect(typeof result.ok).toBe('boolean');
    }), { numRuns: 2000 });
  });
});
