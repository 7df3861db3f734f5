/**
 * The simulated CRT-310's card path: a card waiting at the slot, the card
 * inside and where it is (S1), front and rear entry (S2), the motor moves,
 * a jam, and the retain bin with its capacity. It knows nothing of bytes;
 * the simulator's protocol side asks it to carry out commands.
 */
import type { CardPosition, EntryMode, RearEntry, ReaderErrorCode } from '../crt310-bytes';
import type { Crt310Reply, TrackNumber } from '../crt310-codec';
import { assertNever } from '../../../shared/assert-never';
import { readTrackBlocks, toStripe, type SimulatedCard, type Stripe } from './simulated-card';

/** A command carried out (its reply) or refused with the reader's error code. */
export type CommandOutcome = { reply: Crt310Reply } | { refuse: ReaderErrorCode };

/** Card positions where the card is inside the reader and can be read. */
const READABLE_POSITIONS: ReadonlySet<CardPosition> = new Set(['inside', 'rearHeld', 'icContact']);

export class CardMechanism {
  #position: CardPosition = 'noCard';
  #entry: EntryMode;
  readonly #entryAtPowerOn: EntryMode;
  #rear: RearEntry = 'prohibited';
  #card: { tracks: Record<TrackNumber, Stripe>; size: 'normal' | 'long' | 'short' } | undefined;
  #waitingCard: SimulatedCard | undefined;
  #jammed = false;
  #retained = 0;
  #retainBinCapacity: number;

  constructor(options: { entryAtPowerOn: EntryMode; retainBinCapacity: number }) {
    this.#entryAtPowerOn = options.entryAtPowerOn;
    this.#entry = this.#entryAtPowerOn;
    this.#retainBinCapacity = options.retainBinCapacity;
  }

  get position(): CardPosition {
    return this.#position;
  }

  get entry(): EntryMode {
    return this.#entry;
  }

  get rear(): RearEntry {
    return this.#rear;
  }

  get jammed(): boolean {
    return this.#jammed;
  }

  get retained(): number {
    return this.#retained;
  }

  get retainBinCapacity(): number {
    return this.#retainBinCapacity;
  }

  get cardInside(): boolean {
    return this.#card !== undefined;
  }

  get cardWaitingAtSlot(): boolean {
    return this.#waitingCard !== undefined;
  }

  /** A card pushed into the slot; false when the slot is occupied. */
  insert(card: SimulatedCard): boolean {
    if (this.#card || this.#waitingCard) return false;
    this.#waitingCard = card;
    this.#admitWaitingCard();
    return true;
  }

  /** A card taken from the slot or the front; false when there is none to take. */
  remove(): boolean {
    if (this.#waitingCard) {
      this.#waitingCard = undefined;
      return true;
    }
    if (this.#position !== 'frontHeld' && this.#position !== 'frontNotHeld') return false;
    this.#card = undefined;
    this.#position = 'noCard';
    return true;
  }

  setJammed(jammed: boolean): void {
    this.#jammed = jammed;
  }

  setRetainBin(state: { retained?: number; capacity?: number }): void {
    if (state.retained !== undefined) this.#retained = state.retained;
    if (state.capacity !== undefined) this.#retainBinCapacity = state.capacity;
  }

  /** The controller restarts: entry as at power-on; the card stays where it was. */
  powerOn(): void {
    this.#entry = this.#entryAtPowerOn;
  }

  /** Card-entry control; a card waiting at the slot comes in if now allowed. */
  setEntry(front: EntryMode, rear: RearEntry): void {
    this.#entry = front;
    this.#rear = rear;
    this.#admitWaitingCard();
  }

  reset(action: 'keepCard' | 'ejectToFront' | 'captureToRear', firmware: string): CommandOutcome {
    const reply = { reply: { kind: 'reset', firmware } as Crt310Reply };
    if (!this.#card || action === 'keepCard') return reply;
    if (this.#jammed) return { refuse: 'cannotExecute' };
    if (action === 'ejectToFront') {
      this.#position = 'frontHeld';
      return reply;
    }
    return this.#capture() ? reply : { refuse: 'cannotExecute' };
  }

  move(target: 'frontNotHeld' | 'frontHeld' | 'rearHeld' | 'capture' | 'clearAbnormalCard'): CommandOutcome {
    const result = (r: 'ok' | 'failed' | 'noCard' | 'wrongPosition') => ({ reply: { kind: 'move', result: r } as Crt310Reply });
    if (!this.#card) return result('noCard');
    if (this.#jammed) return result('failed');
    if (target === 'clearAbnormalCard') {
      // Vendor notes: a long card goes out of the front, a short one out of the rear.
      if (this.#card.size === 'long') this.#position = 'frontNotHeld';
      else if (this.#card.size === 'short') return this.#capture() ? result('ok') : result('failed');
      else return result('wrongPosition');
      return result('ok');
    }
    if (this.#isAbnormal()) return { refuse: 'abnormalCard' };
    switch (target) {
      case 'frontNotHeld':
      case 'frontHeld':
      case 'rearHeld':
        this.#position = target;
        return result('ok');
      case 'capture':
        return this.#capture() ? result('ok') : result('failed');
      default:
        return assertNever(target, 'move target');
    }
  }

  readTracks(mode: 'ascii' | 'binary', tracks: readonly TrackNumber[]): CommandOutcome {
    if (this.#isAbnormal()) return { refuse: 'abnormalCard' };
    if (!this.#card || !READABLE_POSITIONS.has(this.#position)) return { refuse: 'cannotExecute' };
    return { reply: { kind: 'readTracks', mode, blocks: readTrackBlocks(this.#card.tracks, mode, tracks) } };
  }

  /** Into the retain bin; a full bin stops the card half way: jammed. */
  #capture(): boolean {
    if (this.#retained >= this.#retainBinCapacity) {
      this.#jammed = true;
      this.#position = 'inside';
      return false;
    }
    this.#retained++;
    this.#card = undefined;
    this.#position = 'noCard';
    return true;
  }

  #isAbnormal(): boolean {
    return this.#position === 'longCard' || this.#position === 'shortCard';
  }

  #admitWaitingCard(): void {
    const card = this.#waitingCard;
    if (!card || this.#card || this.#entry === 'prohibited') return;
    const tracks = {
      1: toStripe(1, card.track1),
      2: toStripe(2, card.track2),
      3: toStripe(3, card.track3),
    } as Record<TrackNumber, Stripe>;
    const hasStripe = Object.values(tracks).some((t) => t.kind !== 'blank');
    // Magnetic-card mode opens the shutter only for a card with a stripe (DEVICES.md, S2 0x49).
    if (this.#entry === 'magneticCard' && !hasStripe) return;
    this.#waitingCard = undefined;
    const size = card.size ?? 'normal';
    this.#card = { tracks, size };
    this.#position = size === 'long' ? 'longCard' : size === 'short' ? 'shortCard' : 'inside';
  }
}
