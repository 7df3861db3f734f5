/**
 * A CRT-310 that lives at the far end of any ByteTransport: an in-memory
 * link, or the device end of a socat pty pair. It speaks the bytes of
 * DEVICES.md, CRT-310 (ACK or NAK a frame, execute on ENQ, reply, EOT
 * cancels), so the driver cannot tell it from the reader.
 *
 * The control API (insertCard, jam, nakNext, powerLoss, ...) is what the dev
 * host's simulator panel and the tests use to script a customer and faults.
 *
 * The parts: card-mechanism.ts (the card in the slot, the moves, the retain
 * bin), protocol-responder.ts (the reader's side of the line), line-faults.ts
 * (the scripted line faults), simulated-card.ts (tracks on a card and what
 * the head reads); this class puts them together behind the control API.
 */
import type { ByteTransport } from '../../transport/byte-transport';
import type { CardPosition, EntryMode, RearEntry, CardReaderBaudRate } from '../crt310-bytes';
import type { Crt310Command, ReaderDialect } from '../crt310-codec';
import { systemClock, type Clock } from '../../../shared/time/clock';
import { TypedEmitter } from '../../../shared/events/typed-emitter';
import { CardMechanism } from './card-mechanism';
import { LineFaults } from './line-faults';
import { ProtocolResponder } from './protocol-responder';
import type { SimulatedCard } from './simulated-card';

export type { SimulatedCard, SimulatedTrack } from './simulated-card';

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
  /**
   * Read-tracks reply layout (issue 15, "Reader dialects"; docs/card-reader.md):
   * `standard` (default) or `echo` (mode and track echoed, ASCII tracks
   * without sentinels, an error byte after an unreadable block).
   */
  dialect?: ReaderDialect;
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

export class Crt310Simulator extends TypedEmitter<SimulatorEvents> {
  readonly #mechanism: CardMechanism;
  readonly #faults: LineFaults;
  readonly #responder: ProtocolResponder;

  constructor(options: SimulatorOptions) {
    super();
    const baudRate = options.baudRate ?? 9600;
    this.#mechanism = new CardMechanism({ entryAtPowerOn: options.entry ?? 'magneticCard', retainBinCapacity: options.retainBinCapacity ?? 50 });
    this.#faults = new LineFaults({ lineBaudRate: options.lineBaudRate ?? baudRate });
    this.#responder = new ProtocolResponder({
      transport: options.transport,
      clock: options.clock ?? systemClock,
      mechanism: this.#mechanism,
      faults: this.#faults,
      firmware: options.firmware ?? 'CRT-310 V3.0 SIM',
      baudRate,
      dialect: options.dialect ?? 'standard',
      onExecuted: (command) => this.emit('executed', { command }),
      onChanged: () => this.#changed(),
    });
  }

  /** Opens the transport if needed and starts answering. */
  start(): Promise<void> {
    return this.#responder.start();
  }

  stop(options: { closeTransport?: boolean } = {}): Promise<void> {
    return this.#responder.stop(options);
  }

  // ---- control API: the customer ----

  /**
   * A customer pushes a card into the slot. With entry allowed the reader
   * takes it in at once (in magnetic-card mode only if a stripe is there);
   * otherwise it waits at the slot until entry is allowed.
   */
  insertCard(card: SimulatedCard): InsertOutcome {
    if (!this.#mechanism.insert(card)) return 'slotOccupied';
    this.#changed();
    return this.#mechanism.cardInside ? 'inside' : 'waitingAtSlot';
  }

  /** The customer takes a card presented at the front. False when there is none to take. */
  removeCard(): boolean {
    if (!this.#mechanism.remove()) return false;
    this.#changed();
    return true;
  }

  // ---- control API: faults ----

  /** The card sticks: every motor command fails until `clearJam`. */
  jam(): void {
    this.#mechanism.setJammed(true);
    this.#changed();
  }

  clearJam(): void {
    this.#mechanism.setJammed(false);
    this.#changed();
  }

  /** Answer the next `count` command frames with NAK, as if they arrived damaged. */
  nakNext(count: number): void {
    this.#faults.nakNext(count);
  }

  /** Send the next `count` replies with a wrong BCC. */
  corruptNextReplies(count: number): void {
    this.#faults.corruptNextReplies(count);
  }

  /** Wait this long between ENQ and the reply. */
  setReplyDelay(ms: number): void {
    this.#faults.setReplyDelay(ms);
  }

  /** Ignore everything (cable pulled, reader hung) until told otherwise. */
  setSilent(silent: boolean): void {
    this.#faults.setSilent(silent);
    this.#changed();
  }

  /**
   * Main power goes. `midReply`: at the next reply, send half of it first,
   * as a reader whose supply dies while transmitting.
   */
  powerLoss(options: { midReply?: boolean } = {}): void {
    if (options.midReply) {
      this.#faults.losePowerMidReply(true);
      return;
    }
    this.#responder.powerOff();
  }

  /** Power comes back: the controller restarts; the card stays where it was. */
  powerRestore(): void {
    this.#responder.powerOn();
    this.#mechanism.powerOn();
    this.#changed();
  }

  /** Change what the host's port is set to (see `SimulatorOptions.lineBaudRate`). */
  setLineBaudRate(baudRate: number): void {
    this.#faults.setLineBaudRate(baudRate);
    this.#changed();
  }

  setRetainBin(state: { retained?: number; capacity?: number }): void {
    this.#mechanism.setRetainBin(state);
    this.#changed();
  }

  /** A technician empties the retain bin. */
  emptyRetainBin(): void {
    this.setRetainBin({ retained: 0 });
  }

  snapshot(): SimulatorSnapshot {
    const mechanism = this.#mechanism;
    return {
      powered: this.#responder.powered,
      silent: this.#faults.silent,
      position: mechanism.position,
      entry: mechanism.entry,
      rear: mechanism.rear,
      jammed: mechanism.jammed,
      cardWaitingAtSlot: mechanism.cardWaitingAtSlot,
      retained: mechanism.retained,
      retainBinCapacity: mechanism.retainBinCapacity,
      baudRate: this.#responder.baudRate,
      lineBaudRate: this.#faults.lineBaudRate,
      commandsExecuted: this.#responder.commandsExecuted,
    };
  }

  #changed(): void {
    this.emit('changed', this.snapshot());
  }
}
