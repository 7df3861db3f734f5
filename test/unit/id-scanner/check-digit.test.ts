import { describe, expect, it } from 'vitest';
import { mrzCharacterValue, mrzCheckDigit, verifyCheckDigit } from '../../../src/devices/id-scanner/mrz/check-digit';

describe('ICAO 9303 check digit', () => {
  it('values digits as themselves, A..Z as 10..35 and the filler as 0', () => {
    expect(mrzCharacterValue('7')).toBe(7);
    expect(mrzCharacterValue('A')).toBe(10);
    expect(mrzCharacterValue('Z')).toBe(35);
    expect(mrzCharacterValue('<')).toBe(0);
    expect(mrzCharacterValue('a')).toBeUndefined();
    expect(mrzCharacterValue(' ')).toBeUndefined();
  });

  it('reproduces every check digit of the TD3 specimen in DEVICES.md', () => {
    expect(mrzCheckDigit('L898902C3')).toBe(6);
    expect(mrzCheckDigit('740812')).toBe(2);
    expect(mrzCheckDigit('120415')).toBe(9);
    expect(mrzCheckDigit('ZE184226B<<<<<')).toBe(1);
    expect(mrzCheckDigit('L898902C36' + '7408122' + '1204159ZE184226B<<<<<1')).toBe(0);
  });

  it('reproduces the TD1 specimen document number and composite digits', () => {
    expect(mrzCheckDigit('D23145890')).toBe(7);
    expect(mrzCheckDigit('D231458907<<<<<<<<<<<<<<<' + '7408122' + '1204159' + '<<<<<<<<<<<')).toBe(6);
  });

  it('refuses characters the MRZ cannot hold instead of guessing', () => {
    expect(mrzCheckDigit('74o812')).toBeUndefined();
    expect(verifyCheckDigit('74o812', '2')).toBe('invalid');
  });

  it('accepts a filler check digit only for an all-filler optional field, and only when asked', () => {
    expect(verifyCheckDigit('<<<<<<<<<<<<<<', '<', true)).toBe('valid');
    expect(verifyCheckDigit('<<<<<<<<<<<<<<', '<')).toBe('invalid');
    expect(verifyCheckDigit('ZE184226B<<<<<', '<', true)).toBe('invalid');
    expect(verifyCheckDigit('<<<<<<<<<<<<<<', '0', true)).toBe('valid');
  });
});
