/**
 * ISO/IEC 7811/7813 tracks: LRC (with DEVICES.md's published examples),
 * character codes with parity, and the track 1 and 2 layouts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeTrackCharacters, encodeTrackCharacters, lrcOf, parseTrack1, parseTrack2, withParity, checkTrackText,
} from '../../../src/devices/card-reader/magstripe';
import { demoTracks } from '../../../src/devices/card-reader/simulator/demo-card';

describe('LRC', () => {
  it.each([
    [';0?', 4],
    [';01?', 5],
    [';0123?', 4],
  ])('gives the published value for %s: %i', (text, lrc) => {
    expect(lrcOf(2, text)).toBe(lrc);
  });

  it('gives the LRC character its own odd parity', () => {
    const codes = encodeTrackCharacters(2, ';0?');
    // Leading zeros, ';' '0' '?', LRC, trailing zero.
    expect(codes).toEqual([0, 0, withParity(0x0b, 2), withParity(0x00, 2), withParity(0x0f, 2), withParity(4, 2), 0]);
    expect(withParity(4, 2)).toBe(0x04); // one bit set: already odd
    expect(withParity(5, 2)).toBe(0x15); // two bits set: parity bit added
  });
});

describe('binary track decoding', () => {
  const track2 = ';4000000001=30121010000000000?';
  const track1 = '%B4000000001^YAMADA/TARO^301210100000?';

  it('decodes what it encodes, for tracks 1, 2 and 3', () => {
    expect(decodeTrackCharacters(2, encodeTrackCharacters(2, track2))).toEqual({ ok: true, text: track2 });
    expect(decodeTrackCharacters(1, encodeTrackCharacters(1, track1))).toEqual({ ok: true, text: track1 });
    expect(decodeTrackCharacters(3, encodeTrackCharacters(3, ';011234=5678?'))).toEqual({ ok: true, text: ';011234=5678?' });
  });

  it.each(['noStartSentinel', 'noEndSentinel', 'parity', 'lrc'] as const)('reports a stripe written with a %s fault as that fault', (fault) => {
    expect(decodeTrackCharacters(2, encodeTrackCharacters(2, track2, fault))).toEqual({ ok: false, problem: fault });
    expect(decodeTrackCharacters(1, encodeTrackCharacters(1, track1, fault))).toEqual({ ok: false, problem: fault });
  });

  it('reports an empty or all-zero track as blank', () => {
    expect(decodeTrackCharacters(2, [])).toEqual({ ok: false, problem: 'blank' });
    expect(decodeTrackCharacters(2, [0, 0, 0])).toEqual({ ok: false, problem: 'blank' });
  });

  it('reports a missing LRC character as an LRC error', () => {
    const codes = encodeTrackCharacters(2, ';0?').slice(0, 5);
    expect(decodeTrackCharacters(2, codes)).toEqual({ ok: false, problem: 'lrc' });
  });

  it('reports a track longer than ISO allows as too long', () => {
    const long = Array.from(';' + '1'.repeat(45) + '?', (c) => withParity(c.charCodeAt(0) - 0x30, 2));
    expect(decodeTrackCharacters(2, long)).toEqual({ ok: false, problem: 'tooLong' });
  });

  it('finds any single flipped bit in a track 2 (parity or LRC catches it)', () => {
    const codes = encodeTrackCharacters(2, track2);
    fc.assert(fc.property(fc.integer({ min: 2, max: codes.length - 2 }), fc.integer({ min: 0, max: 4 }), (at, bit) => {
      const damaged = [...codes];
      damaged[at]! ^= 1 << bit;
      const result = decodeTrackCharacters(2, damaged);
      expect(result.ok).toBe(false);
    }));
  });

  it('round-trips any track-2 text made of digits and separators', () => {
    const body = fc.array(fc.constantFrom(...'0123456789='), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(fc.property(body, (content) => {
      const text = `;${content}?`;
      expect(decodeTrackCharacters(2, encodeTrackCharacters(2, text))).toEqual({ ok: true, text });
    }));
  });

  it('never throws on random codes', () => {
    fc.assert(fc.property(fc.array(fc.nat(255), { maxLength: 120 }), fc.constantFrom(1 as const, 2 as const, 3 as const), (codes, track) => {
      const result = decodeTrackCharacters(track, codes);
      expect(typeof result.ok).toBe('boolean');
    }));
  });
});

describe('ISO/IEC 7813 layouts', () => {
  it('parses track 2 into card number, expiry and service code', () => {
    expect(parseTrack2(';4000000000000051=30121010000000000?')).toEqual({
      ok: true,
      fields: { pan: '4000000000000051', expiry: { yy: 30, month: 12 }, serviceCode: '101' },
    });
  });

  it('parses track 1 with format code B', () => {
    expect(parseTrack1('%B4000000001^YAMADA/TARO^301210100000?')).toEqual({
      ok: true,
      fields: { formatCode: 'B', pan: '4000000001', expiry: { yy: 30, month: 12 }, serviceCode: '101' },
    });
  });

  it.each([
    [';4000000001?', 'badFormat'],
    [';4000000001=3013101?', 'badFormat'], // month 13
    ['4000000001=3012101?', 'noStartSentinel'],
    [';4000000001=3012101', 'noEndSentinel'],
    [';4000000001=30121A1?', 'badCharacter'],
  ])('rejects track 2 %s as %s', (text, problem) => {
    expect(parseTrack2(text)).toEqual({ ok: false, problem });
  });

  it('rejects track 1 without its name field', () => {
    expect(parseTrack1('%B4000000001^301210100000?')).toEqual({ ok: false, problem: 'badFormat' });
  });
});

describe('demo tracks', () => {
  it.each(['4000000001', '400000000000051', '4000000000000051'])('are valid ISO/IEC 7813 tracks for %s', (cardNumber) => {
    const { track1, track2 } = demoTracks(cardNumber);
    expect(parseTrack2(track2)).toMatchObject({ ok: true, fields: { pan: cardNumber } });
    expect(parseTrack1(track1)).toMatchObject({ ok: true, fields: { pan: cardNumber } });
    expect(checkTrackText(2, track2)).toEqual({ ok: true, text: track2 });
  });

  it('use the demo cast name for a known card', () => {
    expect(demoTracks('4000000001').track1).toContain('^YAMADA/TARO^');
  });

  it('refuse a card number of the wrong length', () => {
    expect(() => demoTracks('12345')).toThrow(RangeError);
  });
});
