/**
 * The simulated printer's mechanism and sensors: the paper supply (full,
 * near its end, out, or a roll scripted to end after so many more lines),
 * the cover, offline for no sensor reason, an error; whether it can print,
 * and the ESC/POS conditions that `DLE EOT n` reports of them. It knows
 * nothing of bytes.
 */
import type { EscPosConditions } from '../escpos-status';

export type PaperSupply = 'full' | 'nearEnd' | 'out';
export type SimulatedPrinterError = 'autoCutter' | 'unrecoverable' | 'autoRecoverable';

export class PrinterMechanism {
  #paper: PaperSupply = 'full';
  #paperLinesLeft: number | null = null;
  #coverOpen = false;
  #offline = false;
  #error: SimulatedPrinterError | null = null;

  get paper(): PaperSupply {
    return this.#paper;
  }

  get paperLinesLeft(): number | null {
    return this.#paperLinesLeft;
  }

  get coverOpen(): boolean {
    return this.#coverOpen;
  }

  get offline(): boolean {
    return this.#offline;
  }

  get error(): SimulatedPrinterError | null {
    return this.#error;
  }

  setPaper(paper: PaperSupply): void {
    this.#paper = paper;
    if (paper === 'full') this.#paperLinesLeft = null;
  }

  runOutOfPaperAfter(lines: number): void {
    if (!(Number.isInteger(lines) && lines >= 0)) throw new RangeError('lines must be a whole number');
    this.#paperLinesLeft = lines;
    if (this.#paper === 'full') this.#paper = 'nearEnd';
    if (lines === 0) this.#paper = 'out';
  }

  setCoverOpen(open: boolean): void {
    this.#coverOpen = open;
  }

  setOffline(offline: boolean): void {
    this.#offline = offline;
  }

  setError(error: SimulatedPrinterError | null): void {
    this.#error = error;
  }

  canPrint(): boolean {
    return this.#paper !== 'out' && !this.#coverOpen && !this.#offline && this.#error === null;
  }

  /** A line was printed and fed: a roll scripted to end runs out with its last line. */
  lineFed(): void {
    if (this.#paperLinesLeft !== null) {
      this.#paperLinesLeft--;
      if (this.#paperLinesLeft <= 0) {
        this.#paperLinesLeft = null;
        this.#paper = 'out';
      }
    }
  }

  conditions(): EscPosConditions {
    const out = this.#paper === 'out';
    return {
      offline: !this.canPrint(),
      coverOpen: this.#coverOpen,
      feedButton: false,
      stoppedByPaperEnd: out,
      error: this.#error !== null,
      autoCutterError: this.#error === 'autoCutter',
      unrecoverableError: this.#error === 'unrecoverable',
      autoRecoverableError: this.#error === 'autoRecoverable',
      paperNearEnd: this.#paper !== 'full',
      paperEnd: out,
    };
  }
}
