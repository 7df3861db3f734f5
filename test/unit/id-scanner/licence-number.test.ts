import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../../src/shared/demo/demo-people';
import { licenceCheckDigit, licenceCheckDigitConsistent } from '../../../src/devices/id-scanner/ocr-record/licence-number';

describe('driver licence number check digit (community-derived, DEVICES.md)', () => {
  it('agrees with the DEVICES.md example 309012345620', () => {
    expect(licenceCheckDigit('3090123456')).toBe(2);
    expect(licenceCheckDigitConsistent('309012345620')).toBe(true);
  });

  it('is consistent for every demo licence', () => {
    const licences = DEMO_PEOPLE.flatMap((p) => p.documents).filter((d) => d.kind === 'driversLicence');
    expect(licences.length).toBeGreaterThan(0);
    for (const licence of licences) expect(licenceCheckDigitConsistent(licence.documentNumber!)).toBe(true);
  });

  it('maps remainders 0 and 1 to 1 and 0 (the final mod 10)', () => {
    // weighted sum 0: (11 - 0) mod 10 = 1
    expect(licenceCheckDigit('0000000000')).toBe(1);
    // weighted sum 12 (2 x 6): 12 mod 11 = 1, (11 - 1) mod 10 = 0
    expect(licenceCheckDigit('0000000006')).toBe(0);
    // weighted sum 10 (5 x 2): 10 mod 11 = 10, 11 - 10 = 1
    expect(licenceCheckDigit('2000000000')).toBe(1);
  });

  it('flags a changed digit and a malformed number', () => {
    expect(licenceCheckDigitConsistent('309012345630')).toBe(false);
    expect(licenceCheckDigitConsistent('30901234562')).toBe(false);
    expect(licenceCheckDigitConsistent('3090123456A0')).toBe(false);
  });
});
