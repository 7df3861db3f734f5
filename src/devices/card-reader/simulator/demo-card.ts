/**
 * Demo track data for a card number, laid out per ISO/IEC 7813 (DEVICES.md,
 * "Magnetic stripe"):
 *   track 1 `%B PAN ^ SURNAME/GIVEN ^ YYMM SVC discretionary ?`
 *   track 2 `; PAN = YYMM SVC discretionary ?`
 * Fictitious data for the simulator and tests; never for a real card.
 */
import { isValidCardNumber } from '../../../shared/domain/card-number';
import { DEMO_PEOPLE } from '../../../shared/demo/demo-people';
import { checkTrackText } from '../magstripe';

export interface DemoCardOptions {
  /** Cardholder name as on track 1, `SURNAME/GIVEN`; defaults to the demo cast's name for that number. */
  name?: string;
  /** `YYMM`; defaults to `3012` (December 2030). */
  expiry?: string;
  /** Three digits; `101` (international, normal authorisation) unless told. */
  serviceCode?: string;
}

export interface DemoTracks {
  track1: string;
  track2: string;
}

export function demoTracks(cardNumber: string, options: DemoCardOptions = {}): DemoTracks {
  if (!isValidCardNumber(cardNumber)) throw new RangeError('a demo card number has 10, 15 or 16 digits');
  const expiry = options.expiry ?? '3012';
  const serviceCode = options.serviceCode ?? '101';
  if (!/^\d{2}(0[1-9]|1[0-2])$/.test(expiry)) throw new RangeError('expiry must be YYMM');
  if (!/^\d{3}$/.test(serviceCode)) throw new RangeError('service code must be three digits');
  const person = DEMO_PEOPLE.find((p) => p.cardNumber === cardNumber);
  const name = (options.name ?? (person ? `${person.nameLatin.surname}/${person.nameLatin.givenNames}` : 'DEMO/CARDHOLDER'))
    .toUpperCase()
    .replace(/[^A-Z /.]/g, '')
    .slice(0, 26)
    .padEnd(2, ' ');
  // Discretionary data: zeros to a fixed length, as many issuers pad.
  const track2 = `;${cardNumber}=${expiry}${serviceCode}${'0'.repeat(Math.max(0, 37 - 1 - cardNumber.length - 1 - 7 - 1))}?`;
  const track1 = `%B${cardNumber}^${name}^${expiry}${serviceCode}${'0'.repeat(10)}?`;
  for (const [track, text] of [[1, track1], [2, track2]] as const) {
    const checked = checkTrackText(track, text);
    if (!checked.ok) throw new RangeError(`demo track ${track} would be invalid: ${checked.problem}`);
  }
  return { track1, track2 };
}
