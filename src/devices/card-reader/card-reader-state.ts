/**
 * What CardReaderService knows of its reader, in CEN/XFS / XFS4IoT
 * CardReader terms: device state, card position, card entry, jam, and the
 * retain-bin count; the status, capabilities and events made from them.
 *
 * - A card position found by polling counts once `debouncePolls` polls in a
 *   row agree; insertion and removal by a person are announced from it.
 * - The retain bin has no sensor on this reader: the service counts the
 *   cards it captures against the configured `high` and `full` thresholds.
 * - Every change of the status is told once, as `statusChanged`.
 */
import { type DeviceState, type MediaStatus, type RetainBinState } from '../../shared/xfs/vocabulary';
import { DeviceStatusTeller } from '../common/device-status';
import { assertNever } from '../../shared/assert-never';
import type { TypedEmitter } from '../../shared/events/typed-emitter';
import type { Clock } from '../../shared/time/clock';
import type { CardPosition, EntryMode, ReadMode } from './crt310-bytes';
import type { ReaderStatus } from './crt310-codec';
import type { ExchangeError } from './crt310-exchange';
import type { InvalidMediaReason, TrackStatuses } from './card-read';

export interface RetainBinConfig {
  /** Count at which the bin reports `high`. */
  high: number;
  /** Count at which the bin reports `full` and captures are refused. */
  full: number;
  /** Cards already in the bin (persisted by the kiosk across restarts). */
  count?: number;
}

export type CardEntry = 'enabled' | 'disabled' | 'unknown';

export interface CardReaderStatus {
  device: DeviceState;
  media: MediaStatus;
  /** CRT-310 S1, for technicians; `unknown` before the first status reply. */
  position: CardPosition | 'unknown';
  cardEntry: CardEntry;
  retainBin: RetainBinState;
  retainedCount: number;
}

export interface CardReaderCapabilities {
  type: 'motor';
  readTracks: ReadonlyArray<'track1' | 'track2' | 'track3'>;
  readModes: readonly ReadMode[];
  writeTracks: readonly never[];
  moveTargets: ReadonlyArray<'exit' | 'retain' | 'transport'>;
  resetTargets: ReadonlyArray<ResetTarget>;
  retainBin: { high: number; full: number };
  cardSizeDetection: boolean;
}

export type MoveTarget = 'exit' | 'retain' | 'transport';
export type ResetTarget = 'exit' | 'retain' | 'currentPosition' | 'auto';
export type CardPlace = 'exit' | 'transport' | 'unknown';

export interface CardReaderEvents extends Record<string, unknown> {
  /** A card went into the reader (found by polling). */
  mediaInserted: { at: number };
  /** A card left the reader or the slot by the customer's hand (found by polling). */
  mediaRemoved: { at: number };
  /** The service moved a card. */
  cardAction: { from: CardPlace; to: MoveTarget };
  /** A card that is not a usable card: wrong size, or tracks that fail their checks. */
  invalidMedia: { reason: InvalidMediaReason | { kind: 'cardTooLong' } | { kind: 'cardTooShort' }; tracks?: TrackStatuses };
  statusChanged: CardReaderStatus;
  /** The device stopped working as it should; `detail` is one line, no card data. */
  fault: { error: ExchangeError['kind'] | 'jam' | 'openFailed'; detail: string };
  /** The retain bin crossed a threshold (XFS RetainBinThreshold). */
  retainBinThreshold: { state: RetainBinState; count: number };
}

/** Where the service's events go out: the service itself. */
export type CardReaderEmitter = Pick<TypedEmitter<CardReaderEvents>, 'emit'>;

export function mediaOf(position: CardPosition | 'unknown'): MediaStatus {
  switch (position) {
    case 'unknown':
      return 'unknown';
    case 'noCard':
    case 'rearNotHeld':
      return 'notPresent';
    case 'frontHeld':
    case 'frontNotHeld':
      return 'entering';
    case 'inside':
    case 'rearHeld':
    case 'longCard':
    case 'shortCard':
      return 'present';
    case 'icContact':
      return 'latched';
    default:
      return assertNever(position, 'card position');
  }
}

export function placeOf(position: CardPosition | 'unknown'): CardPlace {
  const media = mediaOf(position);
  return media === 'entering' ? 'exit' : media === 'present' || media === 'latched' ? 'transport' : 'unknown';
}

export class CardReaderState {
  readonly #emitter: CardReaderEmitter;
  readonly #clock: Clock;
  readonly #debouncePolls: number;
  readonly #retainThresholds: { high: number; full: number };
  readonly #teller: DeviceStatusTeller<CardReaderStatus, CardReaderEvents['fault']>;

  #position: CardPosition | 'unknown' = 'unknown';
  #entry: EntryMode | 'unknown' = 'unknown';
  #jammed = false;
  #retained: number;
  #candidate: { position: CardPosition; polls: number } | undefined;

  constructor(options: { emitter: CardReaderEmitter; clock: Clock; retainBin: RetainBinConfig; debouncePolls: number }) {
    const { high, full, count = 0 } = options.retainBin;
    if (!(Number.isInteger(high) && Number.isInteger(full) && high > 0 && full >= high)) {
      throw new RangeError('retainBin needs integers 0 < high <= full');
    }
    this.#emitter = options.emitter;
    this.#clock = options.clock;
    this.#debouncePolls = options.debouncePolls;
    this.#retainThresholds = { high, full };
    this.#retained = count;
    this.#teller = new DeviceStatusTeller({
      status: () => this.status(),
      statusChanged: (status) => this.#emitter.emit('statusChanged', status),
      fault: (fault) => this.#emitter.emit('fault', fault),
    });
  }

  get device(): DeviceState {
    return this.#teller.device;
  }

  get position(): CardPosition | 'unknown' {
    return this.#position;
  }

  get jammed(): boolean {
    return this.#jammed;
  }

  get retained(): number {
    return this.#retained;
  }

  get retainThresholds(): { readonly high: number; readonly full: number } {
    return this.#retainThresholds;
  }

  status(): CardReaderStatus {
    const retainBin: RetainBinState = this.#retained >= this.#retainThresholds.full ? 'full' : this.#retained >= this.#retainThresholds.high ? 'high' : 'ok';
    return {
      device: this.#teller.device,
      media: this.#jammed ? 'jammed' : mediaOf(this.#position),
      position: this.#position,
      cardEntry: this.#entry === 'unknown' ? 'unknown' : this.#entry === 'prohibited' ? 'disabled' : 'enabled',
      retainBin,
      retainedCount: this.#retained,
    };
  }

  capabilities(): CardReaderCapabilities {
    return {
      type: 'motor',
      readTracks: ['track1', 'track2', 'track3'],
      readModes: ['ascii', 'binary'],
      writeTracks: [],
      moveTargets: ['exit', 'retain', 'transport'],
      resetTargets: ['exit', 'retain', 'currentPosition', 'auto'],
      retainBin: { ...this.#retainThresholds },
      cardSizeDetection: true,
    };
  }

  /** Takes a status reply; `debounced` for polls, `quiet` after the service's own moves (no insertion or removal events). */
  accept(reply: ReaderStatus & { kind: 'status' }, how: { quiet: boolean; debounced: boolean }): void {
    this.#entry = reply.entry;
    const position = reply.position;
    if (position === this.#position) {
      this.#candidate = undefined;
      this.#emitStatusIfChanged();
      return;
    }
    if (how.debounced) {
      const polls = this.#candidate?.position === position ? this.#candidate.polls + 1 : 1;
      if (polls < this.#debouncePolls) {
        this.#candidate = { position, polls };
        this.#emitStatusIfChanged();
        return;
      }
    }
    this.#candidate = undefined;
    const before = this.#position;
    this.#position = position;
    if (!how.quiet && before !== 'unknown') this.#announce(before, position);
    if (mediaOf(position) === 'notPresent') this.setJammed(false);
    this.#emitStatusIfChanged();
  }

  /** Insertion and removal by a person, as XFS events. */
  #announce(before: CardPosition, after: CardPosition): void {
    const at = this.#clock.now();
    if (after === 'longCard' || after === 'shortCard') {
      this.#emitter.emit('invalidMedia', { reason: { kind: after === 'longCard' ? 'cardTooLong' : 'cardTooShort' } });
      return;
    }
    const was = mediaOf(before);
    const now = mediaOf(after);
    if (was !== 'present' && was !== 'latched' && (now === 'present' || now === 'latched')) this.#emitter.emit('mediaInserted', { at });
    else if (was !== 'notPresent' && now === 'notPresent') this.#emitter.emit('mediaRemoved', { at });
  }

  /** The card-entry setting the reader accepted. */
  setEntry(entry: EntryMode): void {
    this.#entry = entry;
    this.#emitStatusIfChanged();
  }

  countRetained(): void {
    const before = this.status().retainBin;
    this.#retained++;
    const after = this.status().retainBin;
    if (after !== before) this.#emitter.emit('retainBinThreshold', { state: after, count: this.#retained });
  }

  /** The technician emptied the retain bin. */
  setRetainedCount(count: number): void {
    this.#retained = count;
    this.#emitStatusIfChanged();
  }

  setJammed(jammed: boolean): void {
    if (this.#jammed === jammed) return;
    this.#jammed = jammed;
    if (jammed) this.setDevice('hardwareError', { error: 'jam', detail: 'card jammed in the reader' });
    else if (this.#teller.device === 'hardwareError') this.setDevice('online');
    this.#emitStatusIfChanged();
  }

  /** See DeviceStatusTeller.setDevice: a fault is told once per change of state. */
  setDevice(device: DeviceState, fault?: CardReaderEvents['fault']): void {
    this.#teller.setDevice(device, fault);
  }

  #emitStatusIfChanged(): void {
    this.#teller.tellIfChanged();
  }
}
