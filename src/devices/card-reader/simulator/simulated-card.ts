/**
 * A card for the CRT-310 simulator: what is written on its tracks, how the
 * simulated head holds it (character codes, or flux it cannot decode), and
 * what the head reads back from it in ASCII or binary mode.
 */
import { BINARY_CHARACTER_MARK } from '../crt310-bytes';
import type { TrackBlock, TrackNumber } from '../crt310-codec';
import { decodeTrackCharacters, encodeTrackCharacters, type StripeFault, type TrackProblem } from '../magstripe';
import { assertNever } from '../../../shared/assert-never';

/** What is written on one track of a simulated card. */
export type SimulatedTrack =
  /** Text with sentinels, written correctly: `;4000000001=30121010000000000?`. */
  | string
  /** Text written with one deliberate fault, which binary mode shows raw. */
  | { text: string; fault: StripeFault }
  /** Arbitrary character codes (data bits with parity above them), for odd cards. */
  | { codes: readonly number[] }
  /** Flux the head cannot decode at all (status 0x4F). */
  | { unreadable: true };

export interface SimulatedCard {
  track1?: SimulatedTrack;
  track2?: SimulatedTrack;
  track3?: SimulatedTrack;
  /** Cards of the wrong size are reported as S1 0x46 / 0x47. */
  size?: 'normal' | 'long' | 'short';
}

export type Stripe = { kind: 'codes'; codes: number[] } | { kind: 'unreadable' } | { kind: 'blank' };

export function toStripe(track: TrackNumber, spec: SimulatedTrack | undefined): Stripe {
  if (spec === undefined || spec === '') return { kind: 'blank' };
  if (typeof spec === 'string') return { kind: 'codes', codes: encodeTrackCharacters(track, spec) };
  if ('unreadable' in spec) return { kind: 'unreadable' };
  if ('codes' in spec) return { kind: 'codes', codes: [...spec.codes] };
  return { kind: 'codes', codes: encodeTrackCharacters(track, spec.text, spec.fault) };
}

/** The asked tracks of a card, once each and in order, as the reader's track blocks. */
export function readTrackBlocks(stripes: Record<TrackNumber, Stripe>, mode: 'ascii' | 'binary', tracks: readonly TrackNumber[]): TrackBlock[] {
  return [...new Set(tracks)].sort().map((track) => {
    const stripe = stripes[track];
    switch (stripe.kind) {
      case 'blank':
        return { track, status: 'error', error: 'blank' };
      case 'unreadable':
        return { track, status: 'unreadable' };
      case 'codes': {
        if (mode === 'binary') {
          return { track, status: 'ok', data: Buffer.from(stripe.codes.map((c) => BINARY_CHARACTER_MARK | c)) };
        }
        const decoded = decodeTrackCharacters(track, stripe.codes);
        if (decoded.ok) return { track, status: 'ok', data: Buffer.from(decoded.text, 'latin1') };
        return { track, status: 'error', error: readerTrackError(decoded.problem) };
      }
      default:
        return assertNever(stripe, 'stripe');
    }
  });
}

/** The reader's own ASCII-mode verdict, as its track error codes (DEVICES.md, 0xE1..0xE5). */
function readerTrackError(problem: TrackProblem): 'noStartSentinel' | 'noEndSentinel' | 'parity' | 'lrc' | 'blank' {
  switch (problem) {
    case 'noStartSentinel':
    case 'noEndSentinel':
    case 'parity':
    case 'lrc':
    case 'blank':
      return problem;
    case 'tooLong':
      return 'noEndSentinel';
    case 'unreadable':
    case 'badCharacter':
    case 'badFormat':
      return 'parity';
    default:
      return assertNever(problem, 'track problem');
  }
}
