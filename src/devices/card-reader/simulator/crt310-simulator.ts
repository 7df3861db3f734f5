/**
 * A CRT-310 that lives at the far end of any ByteTransport: an in-memory
 * link, or the device end of a socat pty pair. It speaks the bytes of
 * DEVICES.md, CRT-310 (ACK or NAK a frame, execute on ENQ, reply, EOT
 * cancels), so the driver cannot tell it from the reader.
 *
 * The control API (insertCard, jam, nakNext, powerLoss, ...) is what the dev
 * host's simulator panel and the tests use to script a customer and faults.
 */
import type { ByteTransport } from '../../transport/byte-transport';
import { ACK, EOT, NAK, BINARY_CHARACTER_MARK, type CardPosition, type EntryMode, type RearEntry, type ReaderErrorCode, type CardReaderBaudRate } from '../crt310-bytes';
import {
  decodeCommandBody, encodeCommandBody, encodeNegativeReplyBody, encodeReplyBody,
  type Crt310Command, type Crt310Reply, type TrackBlock, type TrackNumber,
} from '../crt310-codec';
import { MAX_BODY_LENGTH, encodeFrame } from '../crt310-frame';
import { Crt310Parser, type Crt310Token } from '../crt310-parser';
import { decodeTrackCharacters, encodeTrackCharacters, type StripeFault, type TrackProblem } from '../magstripe';
import { systemClock, type Clock, type TimerHandle } from '../../../shared/time/clock';
import { TypedEmitter } from '../../../shared/events/typed-emitter';
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

type Stripe = { kind: 'codes'; codes: number[] } | { kind: 'unreadable' } | { kind: 'blank' };

export type InsertOutcome = 'inside' | 'waitingAtSlot' | 'slotOccupied';

export interface SimulatorOptions {
  transport: ByteTransport;
  clock?: Clock;
  /** Firmware version text returned by reset. */
  firmware?: string;
  /** The rate the reader is configured for. */
  baudRate?: CardReaderBaudRate;
  /**
   * The rate the host's port is set to. A pty passes bytes whatever the rate,
   * so a mismatch is modelled: when the two differ, the reader answers every
   * chunk with noise, as a UART reading at the wrong rate would see it.
   */
  lineBaudRate?: number;
  /** Cards the retain bin holds before a capture jams. */
  retainBinCapacity?: number;
  /** Front entry mode at power-on. */
  entry?: EntryMode;
}

export interface SimulatorSnapshot {
  powered: boolean;
  silent: boolean;
  position: CardPosition;
  entry: EntryMode;
  rear: RearEntry;
  jammed: boolean;
  cardWaitingAtSlot: boolean;
  retained: number;
  retainBinCapacity: number;
  baudRate: number;
  lineBaudRate: number;
  commandsExecuted: number;
}

export interface SimulatorEvents extends Record<string, unknown> {
  /** A command was executed (after ENQ); for tests and the dev panel. */
  executed: { command: Crt310Command['kind'] | 'undefined' };
  changed: SimulatorSnapshot;
}

const NOISE = [0xf8, 0x80, 0xfe, 0x78, 0xe0, 0x98, 0xfc, 0x86];

/** Card positions where the card is inside the reader and can be read. */
const READABLE_POSITIONS: ReadonlySet<CardPosition> = new Set(['inside', 'rearHeld', 'icContact']);

interface Pending {
  command: Crt310Command | undefined;
  undefinedCode?: number;
  problem?: 'undefinedCommand' | 'badParameter';
}

export class Crt310Simulator extends TypedEmitter<SimulatorEvents> {
  readonly #transport: ByteTransport;
  readonly #clock: Clock;
  readonly #parser = new Crt310Parser();
  readonly #firmware: string;
  #detach: (() => void)[] = [];

  // Mechanism
  #position: CardPosition = 'noCard';
  #entry: EntryMode;
  readonly #entryAtPowerOn: EntryMode;
  #rear: RearEntry = 'prohibited';
  #card: { tracks: Record<TrackNumber, Stripe>; size: 'normal' | 'long' | 'short' } | undefined;
  #waitingCard: SimulatedCard | undefined;
  #jammed = false;
  #retained = 0;
  #retainBinCapacity: number;

  // Line and protocol
  #baudRate: number;
  #lineBaudRate: number;
  #powered = true;
  #silent = false;
  #pending: Pending | undefined;
  #lastReply: Buffer | undefined;
  #replyTimer: TimerHandle | undefined;
  #commandsExecuted = 0;

  // Fault scripts
  #nakBudget = 0;
  #corruptBudget = 0;
  #replyDelayMs = 0;
  #powerLossMidReply = false;

  constructor(options: SimulatorOptions) {
    super();
    this.#transport = options.transport;
    this.#clock = options.clock ?? systemClock;
    this.#firmware = options.firmware ?? 'CRT-310 V3.0 SIM';
    this.#baudRate = options.baudRate ?? 9600;
    this.#lineBaudRate = options.lineBaudRate ?? this.#baudRate;
    this.#retainBinCapacity = options.retainBinCapacity ?? 50;
    this.#entryAtPowerOn = options.entry ?? 'magneticCard';
    this.#entry = this.#entryAtPowerOn;
    this.#parser.on('data', (token: Crt310Token) => this.#onToken(token));
  }

  /** Opens the transport if needed and starts answering. */
  async start(): Promise<void> {
    if (!this.#transport.isOpen) await this.#transport.open();
    this.#detach.push(this.#transport.onData((chunk) => this.#onBytes(chunk)));
  }

  async stop(options: { closeTransport?: boolean } = {}): Promise<void> {
    this.#cancelReplyTimer();
    for (const detach of this.#detach) detach();
    this.#detach = [];
    if (options.closeTransport ?? true) await this.#transport.close();
  }

  // ---- control API: the customer ----

  /**
   * A customer pushes a card into the slot. With entry allowed the reader
   * takes it in at once (in magnetic-card mode only if a stripe is there);
   * otherwise it waits at the slot until entry is allowed.
   */
  insertCard(card: SimulatedCard): InsertOutcome {
    if (this.#card || this.#waitingCard) return 'slotOccupied';
    this.#waitingCard = card;
    this.#admitWaitingCard();
    this.#changed();
    return this.#card ? 'inside' : 'waitingAtSlot';
  }

  /** The customer takes a card presented at the front. False when there is none to take. */
  removeCard(): boolean {
    if (this.#waitingCard) {
      this.#waitingCard = undefined;
      this.#changed();
      return true;
    }
    if (this.#position !== 'frontHeld' && this.#position !== 'frontNotHeld') return false;
    this.#card = undefined;
    this.#position = 'noCard';
    this.#changed();
    return true;
  }

  // ---- control API: faults ----

  /** The card sticks: every motor command fails until `clearJam`. */
  jam(): void {
    this.#jammed = true;
    this.#changed();
  }

  clearJam(): void {
    this.#jammed = false;
    this.#changed();
  }

  /** Answer the next `count` command frames with NAK, as if they arrived damaged. */
  nakNext(count: number): void {
    this.#nakBudget = count;
  }

  /** Send the next `count` replies with a wrong BCC. */
  corruptNextReplies(count: number): void {
    this.#corruptBudget = count;
  }

  /** Wait this long between ENQ and the reply. */
  setReplyDelay(ms: number): void {
    this.#replyDelayMs = ms;
  }

  /** Ignore everything (cable pulled, reader hung) until told otherwise. */
  setSilent(silent: boolean): void {
    this.#silent = silent;
    this.#changed();
  }

  /**
   * Main power goes. `midReply`: at the next reply, send half of it first,
   * as a reader whose supply dies while transmitting.
   */
  powerLoss(options: { midReply?: boolean } = {}): void {
    if (options.midReply) {
      this.#powerLossMidReply = true;
      return;
    }
    this.#powerOff();
  }

  /** Power comes back: the controller restarts; the card stays where it was. */
  powerRestore(): void {
    this.#powered = true;
    this.#powerLossMidReply = false;
    this.#pending = undefined;
    this.#lastReply = undefined;
    this.#entry = this.#entryAtPowerOn;
    this.#changed();
  }

  /** Change what the host's port is set to (see `SimulatorOptions.lineBaudRate`). */
  setLineBaudRate(baudRate: number): void {
    this.#lineBaudRate = baudRate;
    this.#changed();
  }

  setRetainBin(state: { retained?: number; capacity?: number }): void {
    if (state.retained !== undefined) this.#retained = state.retained;
    if (state.capacity !== undefined) this.#retainBinCapacity = state.capacity;
    this.#changed();
  }

  /** A technician empties the retain bin. */
  emptyRetainBin(): void {
    this.setRetainBin({ retained: 0 });
  }

  snapshot(): SimulatorSnapshot {
    return {
      powered: this.#powered,
      silent: this.#silent,
      position: this.#position,
      entry: this.#entry,
      rear: this.#rear,
      jammed: this.#jammed,
      cardWaitingAtSlot: this.#waitingCard !== undefined,
      retained: this.#retained,
      retainBinCapacity: this.#retainBinCapacity,
      baudRate: this.#baudRate,
      lineBaudRate: this.#lineBaudRate,
      commandsExecuted: this.#commandsExecuted,
    };
  }

  // ---- the line ----

  #onBytes(chunk: Buffer): void {
    if (!this.#powered || this.#silent) return;
    if (this.#lineBaudRate !== this.#baudRate) {
      // Wrong rate: what the UART makes of the host's bytes is garbage, and
      // what it sends back reads as garbage at the host.
      const noise = Buffer.from(Array.from({ length: Math.max(1, chunk.length) }, (_, i) => NOISE[i % NOISE.length]!));
      this.#write(noise);
      return;
    }
    this.#parser.write(chunk);
  }

  #onToken(token: Crt310Token): void {
    if (!this.#powered || this.#silent) return;
    switch (token.kind) {
      case 'frame': {
        this.#cancelReplyTimer();
        this.#lastReply = undefined;
        if (this.#nakBudget > 0) {
          this.#nakBudget--;
          this.#pending = undefined;
          this.#write(Buffer.from([NAK]));
          return;
        }
        const decoded = decodeCommandBody(token.frame.body);
        this.#pending = decoded.ok ? { command: decoded.command } : { command: undefined, problem: decoded.problem, undefinedCode: token.frame.body[0]! };
        this.#write(Buffer.from([ACK]));
        return;
      }
      case 'fault':
        // "Reader checks BCC and answers ACK, or NAK" (DEVICES.md, "Exchange").
        if (token.reason === 'badBcc' || token.reason === 'missingEtx') this.#write(Buffer.from([NAK]));
        return;
      case 'control':
        switch (token.control) {
          case 'enq':
            return this.#onEnq();
          case 'eot':
            // "Host EOT cancels the command in progress (reader answers EOT)."
            this.#cancelReplyTimer();
            this.#pending = undefined;
            this.#write(Buffer.from([EOT]));
            return;
          case 'ack':
          case 'nak':
            return;
          default:
            return assertNever(token.control, 'control byte');
        }
      default:
        return assertNever(token, 'token');
    }
  }

  #onEnq(): void {
    if (this.#replyTimer !== undefined) return; // already working on it
    const pending = this.#pending;
    if (!pending) {
      // A repeated ENQ asks for the last reply again (see crt310-exchange.ts).
      if (this.#lastReply) this.#sendReply(this.#lastReply);
      return;
    }
    const run = () => {
      this.#replyTimer = undefined;
      this.#pending = undefined;
      const body = this.#execute(pending);
      // A scripted stripe longer than any real track would overflow a frame: refuse it as a data error.
      this.#lastReply = body.length <= MAX_BODY_LENGTH ? encodeFrame(body) : encodeFrame(encodeNegativeReplyBody(body[0]!, 'dataError'));
      this.#sendReply(this.#lastReply);
    };
    if (this.#replyDelayMs > 0) this.#replyTimer = this.#clock.setTimeout(run, this.#replyDelayMs);
    else run();
  }

  #sendReply(frame: Buffer): void {
    let bytes = frame;
    if (this.#corruptBudget > 0) {
      this.#corruptBudget--;
      bytes = Buffer.from(frame);
      bytes[bytes.length - 1]! ^= 0x5a;
    }
    if (this.#powerLossMidReply) {
      this.#write(bytes.subarray(0, Math.ceil(bytes.length / 2)));
      this.#powerOff();
      return;
    }
    this.#write(bytes);
  }

  #write(bytes: Buffer): void {
    if (!this.#transport.isOpen) return;
    this.#transport.write(bytes).catch(() => {
      // The host went away; a reader does not care.
    });
  }

  #powerOff(): void {
    this.#powered = false;
    this.#powerLossMidReply = false;
    this.#cancelReplyTimer();
    this.#pending = undefined;
    this.#changed();
  }

  #cancelReplyTimer(): void {
    if (this.#replyTimer !== undefined) this.#clock.clearTimeout(this.#replyTimer);
    this.#replyTimer = undefined;
  }

  // ---- the mechanism ----

  #execute(pending: Pending): Buffer {
    this.#commandsExecuted++;
    const command = pending.command;
    if (!command) {
      this.emit('executed', { command: 'undefined' });
      return encodeNegativeReplyBody(pending.undefinedCode ?? 0, pending.problem === 'undefinedCommand' ? 'undefinedCommand' : 'badParameter');
    }
    const outcome = this.#run(command);
    this.emit('executed', { command: command.kind });
    this.#changed();
    return 'refuse' in outcome ? encodeNegativeReplyBody(encodeCommandBody(command)[0]!, outcome.refuse) : encodeReplyBody(command, outcome.reply);
  }

  #run(command: Crt310Command): { reply: Crt310Reply } | { refuse: ReaderErrorCode } {
    switch (command.kind) {
      case 'status':
        return { reply: { kind: 'status', position: this.#position, entry: this.#entry, rear: this.#rear } };
      case 'reset':
        return this.#reset(command.action);
      case 'entryControl':
        this.#entry = command.front;
        this.#rear = command.rear;
        this.#admitWaitingCard();
        return { reply: { kind: 'entryControl', result: 'ok' } };
      case 'move':
        return this.#move(command.target);
      case 'readTracks':
        if (this.#isAbnormal()) return { refuse: 'abnormalCard' };
        if (!this.#card || !READABLE_POSITIONS.has(this.#position)) return { refuse: 'cannotExecute' };
        return { reply: { kind: 'readTracks', mode: command.mode, blocks: this.#readBlocks(command.mode, command.tracks) } };
      case 'led':
        return { reply: { kind: 'led' } };
      case 'ledBlink':
        return { reply: { kind: 'ledBlink' } };
      case 'setBaudRate':
        // Takes effect after the reply, as the host must reopen its port at the new rate.
        this.#clock.setTimeout(() => {
          this.#baudRate = command.baudRate;
          this.#changed();
        }, 0);
        return { reply: { kind: 'setBaudRate', result: 'ok' } };
      default:
        return assertNever(command, 'command');
    }
  }

  #reset(action: 'keepCard' | 'ejectToFront' | 'captureToRear'): { reply: Crt310Reply } | { refuse: ReaderErrorCode } {
    const reply = { reply: { kind: 'reset', firmware: this.#firmware } as Crt310Reply };
    if (!this.#card || action === 'keepCard') return reply;
    if (this.#jammed) return { refuse: 'cannotExecute' };
    if (action === 'ejectToFront') {
      this.#position = 'frontHeld';
      return reply;
    }
    return this.#capture() ? reply : { refuse: 'cannotExecute' };
  }

  #move(target: 'frontNotHeld' | 'frontHeld' | 'rearHeld' | 'capture' | 'clearAbnormalCard'): { reply: Crt310Reply } | { refuse: ReaderErrorCode } {
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

  #readBlocks(mode: 'ascii' | 'binary', tracks: readonly TrackNumber[]): TrackBlock[] {
    return [...new Set(tracks)].sort().map((track) => {
      const stripe = this.#card!.tracks[track];
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

  #changed(): void {
    this.emit('changed', this.snapshot());
  }
}

function toStripe(track: TrackNumber, spec: SimulatedTrack | undefined): Stripe {
  if (spec === undefined || spec === '') return { kind: 'blank' };
  if (typeof spec === 'string') return { kind: 'codes', codes: encodeTrackCharacters(track, spec) };
  if ('unreadable' in spec) return { kind: 'unreadable' };
  if ('codes' in spec) return { kind: 'codes', codes: [...spec.codes] };
  return { kind: 'codes', codes: encodeTrackCharacters(track, spec.text, spec.fault) };
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
