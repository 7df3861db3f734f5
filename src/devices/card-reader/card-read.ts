/**
 * From a read-tracks reply to what the kiosk may know about a card: the
 * card number (the track-2 PAN, DEVICES.md "Our cards"), the expiry, and each
 * track's status. The raw track text stays inside this function: it is never
 * returned, logged or put into an error (PCI DSS 3.2).
 */
import { isValidCardNumber } from '../../shared/domain/card-number';
import { BINARY_CHARACTER_MARK, type ReadMode } from './crt310-bytes';
import type { TrackBlock, TrackNumber } from './crt310-codec';
import { TRACK_FORMATS, checkTrackText, decodeTrackCharacters, parseTrack1, parseTrack2, type TrackCheck, type TrackProblem } from './magstripe';
import { assertNever } from '../../shared/assert-never';

/** XFS4IoT ReadRawData per-track status, with our reason when the data is bad. */
export type TrackReadStatus =
  | { status: 'ok' }
  | { status: 'dataMissing' }
  | { status: 'dataInvalid'; reason: TrackProblem }
  | { status: 'dataTooLong' };

export type TrackStatuses = Partial<Record<`track${TrackNumber}`, TrackReadStatus>>;

export interface CardExpiry {
  year: number;
  month: number;
}

export interface CardRead {
  /** Track-2 PAN: 10, 15 or 16 digits; null when track 2 was not asked for. */
  cardNumber: string | null;
  expiry: CardExpiry | null;
  tracks: TrackStatuses;
}

/** Why a card is not a card we can use; closed set. */
export type InvalidMediaReason =
  | { kind: 'track'; track: TrackNumber; problem: TrackProblem }
  | { kind: 'cardNumberLength' }
  | { kind: 'tracksDisagree' };

export type CardReadAnalysis = { ok: true; card: CardRead } | { ok: false; reason: InvalidMediaReason; tracks: TrackStatuses };

/** Readers may deliver ASCII tracks with or without sentinels; we check them either way. */
function asciiTrack(track: TrackNumber, data: Buffer): TrackCheck {
  const text = data.toString('latin1');
  const { startSentinel, endSentinel } = TRACK_FORMATS[track];
  const hasStart = text.startsWith(startSentinel);
  const hasEnd = text.endsWith(endSentinel);
  if (!hasStart && !hasEnd && text.length > 0) return checkTrackText(track, `${startSentinel}${text}${endSentinel}`);
  return checkTrackText(track, text);
}

function binaryTrack(track: TrackNumber, data: Buffer): TrackCheck {
  const codes: number[] = [];
  for (const byte of data) {
    if ((byte & BINARY_CHARACTER_MARK) === 0) return { ok: false, problem: 'badCharacter' };
    codes.push(byte & ~BINARY_CHARACTER_MARK);
  }
  return decodeTrackCharacters(track, codes);
}

function blockText(mode: ReadMode, block: TrackBlock): TrackCheck {
  switch (block.status) {
    case 'ok':
      return mode === 'ascii' ? asciiTrack(block.track, block.data) : binaryTrack(block.track, block.data);
    case 'unreadable':
      return { ok: false, problem: 'unreadable' };
    case 'error':
      return { ok: false, problem: block.error === 'unknown' ? 'unreadable' : block.error };
    default:
      return assertNever(block, 'track block');
  }
}

function statusOf(check: TrackCheck): TrackReadStatus {
  if (check.ok) return { status: 'ok' };
  switch (check.problem) {
    case 'blank':
      return { status: 'dataMissing' };
    case 'tooLong':
      return { status: 'dataTooLong' };
    default:
      return { status: 'dataInvalid', reason: check.problem };
  }
}

/**
 * Checks every track block, then takes the card number from track 2. A track
 * that fails sentinel, parity or LRC checks is a read error, not a card
 * (DEVICES.md, "Our cards"). Luhn is not checked here: it is a property of
 * the card plan, decided by HQ configuration.
 */
export function analyseTrackBlocks(mode: ReadMode, blocks: readonly TrackBlock[]): CardReadAnalysis {
  const tracks: TrackStatuses = {};
  const texts = new Map<TrackNumber, TrackCheck>();
  for (const block of blocks) {
    const check = blockText(mode, block);
    texts.set(block.track, check);
    tracks[`track${block.track}`] = statusOf(check);
  }
  const track2 = texts.get(2);
  if (!track2) return { ok: true, card: { cardNumber: null, expiry: null, tracks } };
  if (!track2.ok) return { ok: false, reason: { kind: 'track', track: 2, problem: track2.problem }, tracks };
  const fields = parseTrack2(track2.text);
  if (!fields.ok) {
    tracks.track2 = statusOf(fields);
    return { ok: false, reason: { kind: 'track', track: 2, problem: fields.problem }, tracks };
  }
  const { pan, expiry } = fields.fields;
  if (!isValidCardNumber(pan)) return { ok: false, reason: { kind: 'cardNumberLength' }, tracks };
  // Track 1 is optional for our cards; when it reads well it must name the same card.
  const track1 = texts.get(1);
  if (track1?.ok) {
    const track1Fields = parseTrack1(track1.text);
    if (!track1Fields.ok) tracks.track1 = statusOf(track1Fields);
    else if (track1Fields.fields.pan !== pan) return { ok: false, reason: { kind: 'tracksDisagree' }, tracks };
  }
  return { ok: true, card: { cardNumber: pan, expiry: { year: 2000 + expiry.yy, month: expiry.month }, tracks } };
}

/** One line for `detail` and stderr: statuses and reasons only, never data. */
export function describeInvalidMedia(reason: InvalidMediaReason): string {
  switch (reason.kind) {
    case 'track':
      return `track ${reason.track} ${reason.problem}`;
    case 'cardNumberLength':
      return 'track 2 card number is not 10, 15 or 16 digits';
    case 'tracksDisagree':
      return 'track 1 and track 2 name different card numbers';
    default:
      return assertNever(reason, 'invalid media reason');
  }
}
