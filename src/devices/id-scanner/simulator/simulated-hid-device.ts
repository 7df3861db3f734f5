import { EventEmitter } from 'node:events';
import type { HidDeviceLike } from '../hid/hid-device';
import { REPORT_SIZE } from '../hid/hid-pos-report';

/**
 * A scanner-side HID device with node-hid's HIDAsync surface, for machines
 * without /dev/uhid (DEVICES.md, "Test rigs without hardware"). Reports the
 * simulator sends arrive at the driver asynchronously, one per macrotask, in
 * order, as interrupt-IN transfers do.
 */
export class SimulatedHidDevice extends EventEmitter implements HidDeviceLike {
  #open = true;
  readonly #outputReports: Buffer[] = [];
  readonly #featureReports = new Map<number, Buffer>();
  #queue: Promise<void> = Promise.resolve();

  get isOpen(): boolean {
    return this.#open;
  }

  /** Output reports the driver wrote (HID-POS readers accept e.g. trigger or beep commands). */
  get outputReports(): readonly Buffer[] {
    return this.#outputReports;
  }

  /** Sends input reports to the driver, in order; resolves once all were delivered (or dropped because the device closed). */
  deliver(reports: readonly Uint8Array[]): Promise<void> {
    const copies = reports.map((r) => Buffer.from(r));
    this.#queue = this.#queue.then(async () => {
      for (const report of copies) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.#open) this.emit('data', report);
      }
    });
    return this.#queue;
  }

  /** The device vanished (cable pulled): node-hid reports it as an `error` event. */
  unplug(): void {
    if (!this.#open) return;
    this.#open = false;
    this.emit('error', new Error('could not read from HID device'));
  }

  async write(values: number[] | Buffer): Promise<number> {
    this.#assertOpen();
    this.#outputReports.push(Buffer.from(values));
    return values.length;
  }

  async sendFeatureReport(data: number[] | Buffer): Promise<number> {
    this.#assertOpen();
    const buffer = Buffer.from(data);
    this.#featureReports.set(buffer[0] ?? 0, buffer);
    return buffer.length;
  }

  async getFeatureReport(reportId: number, reportLength: number): Promise<Buffer> {
    this.#assertOpen();
    const stored = this.#featureReports.get(reportId);
    const report = Buffer.alloc(Math.min(reportLength, REPORT_SIZE));
    report[0] = reportId;
    stored?.copy(report, 0, 0, report.length);
    return report;
  }

  async close(): Promise<void> {
    this.#open = false;
  }

  #assertOpen(): void {
    if (!this.#open) throw new Error('HID device is closed');
  }
}
