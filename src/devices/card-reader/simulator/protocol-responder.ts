/**
 * The simulated CRT-310's side of the line (DEVICES.md, CRT-310): ACK or
 * NAK each command frame, execute the command on ENQ and send the reply,
 * send the last reply again on a repeated ENQ, cancel on EOT; with the line
 * faults of line-faults.ts applied and the card moves left to the
 * card mechanism.
 */
import type { ByteTransport } from '../../transport/byte-transport';
import { ACK, EOT, NAK } from '../crt310-bytes';
import { decodeCommandBody, encodeCommandBody, encodeNegativeReplyBody, encodeReplyBody, type Crt310Command, type ReaderDialect } from '../crt310-codec';
import { MAX_BODY_LENGTH, encodeFrame } from '../crt310-frame';
import { Crt310Parser, type Crt310Token } from '../crt310-parser';
import type { Clock, TimerHandle } from '../../../shared/time/clock';
import { assertNever } from '../../../shared/assert-never';
import type { CardMechanism, CommandOutcome } from './card-mechanism';
import { lineNoise, type LineFaults } from './line-faults';

interface Pending {
  command: Crt310Command | undefined;
  undefinedCode?: number;
  problem?: 'undefinedCommand' | 'badParameter';
}

export interface ProtocolResponderOptions {
  transport: ByteTransport;
  clock: Clock;
  mechanism: CardMechanism;
  faults: LineFaults;
  /** Firmware version text returned by reset. */
  firmware: string;
  /** The rate the reader is configured for. */
  baudRate: number;
  /** How read-tracks replies are laid out (docs/card-reader.md, "Reader dialects"). */
  dialect: ReaderDialect;
  /** A command was executed (after ENQ). */
  onExecuted: (command: Crt310Command['kind'] | 'undefined') => void;
  /** Something a snapshot shows changed. */
  onChanged: () => void;
}

export class ProtocolResponder {
  readonly #transport: ByteTransport;
  readonly #clock: Clock;
  readonly #parser = new Crt310Parser();
  readonly #mechanism: CardMechanism;
  readonly #faults: LineFaults;
  readonly #firmware: string;
  readonly #dialect: ReaderDialect;
  readonly #onExecuted: ProtocolResponderOptions['onExecuted'];
  readonly #onChanged: () => void;
  #detach: (() => void)[] = [];

  #baudRate: number;
  #powered = true;
  #pending: Pending | undefined;
  #lastReply: Buffer | undefined;
  #replyTimer: TimerHandle | undefined;
  #commandsExecuted = 0;

  constructor(options: ProtocolResponderOptions) {
    this.#transport = options.transport;
    this.#clock = options.clock;
    this.#mechanism = options.mechanism;
    this.#faults = options.faults;
    this.#firmware = options.firmware;
    this.#dialect = options.dialect;
    this.#baudRate = options.baudRate;
    this.#onExecuted = options.onExecuted;
    this.#onChanged = options.onChanged;
    this.#parser.on('data', (token: Crt310Token) => this.#onToken(token));
  }

  get powered(): boolean {
    return this.#powered;
  }

  get baudRate(): number {
    return this.#baudRate;
  }

  get commandsExecuted(): number {
    return this.#commandsExecuted;
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

  /** Main power goes: the command in progress is lost. */
  powerOff(): void {
    this.#powered = false;
    this.#faults.losePowerMidReply(false);
    this.#cancelReplyTimer();
    this.#pending = undefined;
    this.#onChanged();
  }

  /** Power comes back: the controller restarts with no command and no reply in hand. */
  powerOn(): void {
    this.#powered = true;
    this.#faults.losePowerMidReply(false);
    this.#pending = undefined;
    this.#lastReply = undefined;
  }

  #onBytes(chunk: Buffer): void {
    if (!this.#powered || this.#faults.silent) return;
    if (this.#faults.lineBaudRate !== this.#baudRate) {
      // Wrong rate: what the UART makes of the host's bytes is garbage, and
      // what it sends back reads as garbage at the host.
      this.#write(lineNoise(chunk.length));
      return;
    }
    this.#parser.write(chunk);
  }

  #onToken(token: Crt310Token): void {
    if (!this.#powered || this.#faults.silent) return;
    switch (token.kind) {
      case 'frame': {
        this.#cancelReplyTimer();
        this.#lastReply = undefined;
        if (this.#faults.takeNak()) {
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
    if (this.#faults.replyDelayMs > 0) this.#replyTimer = this.#clock.setTimeout(run, this.#faults.replyDelayMs);
    else run();
  }

  #sendReply(frame: Buffer): void {
    const bytes = this.#faults.damage(frame);
    if (this.#faults.powerLossMidReply) {
      this.#write(bytes.subarray(0, Math.ceil(bytes.length / 2)));
      this.powerOff();
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

  #cancelReplyTimer(): void {
    if (this.#replyTimer !== undefined) this.#clock.clearTimeout(this.#replyTimer);
    this.#replyTimer = undefined;
  }

  #execute(pending: Pending): Buffer {
    this.#commandsExecuted++;
    const command = pending.command;
    if (!command) {
      this.#onExecuted('undefined');
      return encodeNegativeReplyBody(pending.undefinedCode ?? 0, pending.problem === 'undefinedCommand' ? 'undefinedCommand' : 'badParameter');
    }
    const outcome = this.#run(command);
    this.#onExecuted(command.kind);
    this.#onChanged();
    return 'refuse' in outcome ? encodeNegativeReplyBody(encodeCommandBody(command)[0]!, outcome.refuse) : encodeReplyBody(command, outcome.reply, this.#dialect);
  }

  #run(command: Crt310Command): CommandOutcome {
    const mechanism = this.#mechanism;
    switch (command.kind) {
      case 'status':
        return { reply: { kind: 'status', position: mechanism.position, entry: mechanism.entry, rear: mechanism.rear } };
      case 'reset':
        return mechanism.reset(command.action, this.#firmware);
      case 'entryControl':
        mechanism.setEntry(command.front, command.rear);
        return { reply: { kind: 'entryControl', result: 'ok' } };
      case 'move':
        return mechanism.move(command.target);
      case 'readTracks':
        return mechanism.readTracks(command.mode, command.tracks);
      case 'led':
        return { reply: { kind: 'led' } };
      case 'ledBlink':
        return { reply: { kind: 'ledBlink' } };
      case 'setBaudRate':
        // Takes effect after the reply, as the host must reopen its port at the new rate.
        this.#clock.setTimeout(() => {
          this.#baudRate = command.baudRate;
          this.#onChanged();
        }, 0);
        return { reply: { kind: 'setBaudRate', result: 'ok' } };
      default:
        return assertNever(command, 'command');
    }
  }
}
