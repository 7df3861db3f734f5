/**
 * The kiosk's card reader, ID scanner and document printer, built from the config: simulated
 * unless the config names real ones (ARCHITECTURE.md, "Configuration":
 * `npm start` needs no hardware). Each simulator speaks bytes at the far end
 * of an in-memory link, behind the real driver.
 *
 * Built and opened in two steps, so the composition can listen to the
 * devices before they open and miss nothing they report while opening.
 */
import { join } from 'node:path';
import { CardReaderService, type CardReaderServiceOptions } from '../devices/card-reader/card-reader-service';
import { createSimulatedCardReader } from '../devices/card-reader/simulated-card-reader';
import type { Crt310Simulator } from '../devices/card-reader/simulator/crt310-simulator';
import { openHidScanner } from '../devices/id-scanner/hid/hid-device';
import { HidDocumentSource } from '../devices/id-scanner/hid/hid-document-source';
import { SerialDocumentSource } from '../devices/id-scanner/serial/serial-document-source';
import { IdScannerService } from '../devices/id-scanner/id-scanner-service';
import { IdScannerSimulator } from '../devices/id-scanner/simulator/id-scanner-simulator';
import { createSimulatedPrinter, PrinterService, type PrinterSimulator } from '../devices/printer';
import { SerialTransport } from '../devices/transport/serial-transport';
import type { ListenerErrorHandler } from '../shared/events/typed-emitter';
import type { Clock } from '../shared/time/clock';
import type { ReportedDevice } from './availability/status-reporter';
import type { KioskConfig } from './config/kiosk-config';
import type { Logger } from './logging/logger';
import { keepRetainedCount, restoreRetainedCount } from './storage/retain-bin-count';

export interface DeviceOptions {
  config: KioskConfig['devices'];
  /** Holds the retain-bin count file (storage/retain-bin-count.ts). */
  dataDir: string;
  /** Where the retain-bin count is rebuilt from when its file is missing or damaged. */
  journal: Parameters<typeof restoreRetainedCount>[1];
  /** Device timing measures intervals: the system clock, never the simulator's shifted wall clock. */
  clock: Clock;
  logger: Logger;
  onListenerError?: ListenerErrorHandler;
}

export interface KioskDevices {
  reader: CardReaderService;
  scanner: IdScannerService;
  /** The contract-change document's printer (issue 14; docs/printer.md). */
  printer: PrinterService;
  /** The simulators behind simulated devices, for the web host's panel; null for real ones. */
  simulators: { cardReader: Crt310Simulator | null; idScanner: IdScannerSimulator | null; printer: PrinterSimulator | null };
  /** What HQ's fleet view shows of each device (status-reporter.ts), with the card reader's and printer's last fault. */
  health(): { cardReader: ReportedDevice; idScanner: ReportedDevice; printer: ReportedDevice };
  /** Closes each driver, then stops the simulator at its far end. */
  close(): Promise<void>;
}

export async function createDevices(options: DeviceOptions): Promise<KioskDevices> {
  const card = await createCardReader(options);
  const id = await createIdScanner(options.config.idScanner, options);
  const print = await createPrinter(options.config.printer, options);
  let readerFault: string | undefined;
  let printerFault: string | undefined;
  card.reader.on('fault', (fault) => { readerFault = fault.detail; });
  print.printer.on('fault', (fault) => { printerFault = fault.detail; });
  return {
    reader: card.reader,
    scanner: id.scanner,
    printer: print.printer,
    simulators: { cardReader: card.simulator, idScanner: id.simulator, printer: print.simulator },
    health: () => ({
      cardReader: { state: card.reader.status().device, detail: readerFault },
      idScanner: { state: id.scanner.status().device, detail: id.scanner.status().lastFault },
      printer: { state: print.printer.status().device, detail: printerFault },
    }),
    async close() {
      await card.reader.close();
      await card.simulator?.stop();
      await id.scanner.close();
      await id.simulator?.stop();
      await print.printer.close();
      await print.simulator?.stop();
    },
  };
}

/**
 * Opens the devices and says which opened. A card reader that does not
 * open stops service (the caller raises `cardReaderFault`) and keeps trying
 * to reopen its port (card-reader-connection.ts); an ID scanner that does not
 * open is logged and does not stop service (the monitor has no condition
 * for it). Neither does the printer: only limit changes need it, and each
 * asks it first (flows/customer/contract-document.ts); it keeps trying to
 * reopen its port (printer-connection.ts).
 */
export async function openDevices(devices: Pick<KioskDevices, 'reader' | 'scanner' | 'printer'>, logger: Logger): Promise<{ cardReader: boolean; idScanner: boolean; printer: boolean }> {
  const reader = await devices.reader.open();
  if (reader.completion !== 'success') logger.error({ completion: reader.completion }, 'card reader did not open');
  const scanner = await devices.scanner.open();
  if (scanner.completion !== 'success') logger.warn({ completion: scanner.completion }, 'ID scanner did not open');
  const printer = await devices.printer.open();
  if (printer.completion !== 'success') logger.warn({ completion: printer.completion }, 'printer did not open');
  return { cardReader: reader.completion === 'success', idScanner: scanner.completion === 'success', printer: printer.completion === 'success' };
}

/** The printer on its configured line, or the simulator on an in-memory link (the default: `npm start` needs no hardware). */
async function createPrinter(
  config: KioskConfig['devices']['printer'],
  { clock, onListenerError }: Pick<DeviceOptions, 'clock' | 'onListenerError'>,
): Promise<{ printer: PrinterService; simulator: PrinterSimulator | null }> {
  const options = { clock, ...(onListenerError ? { onListenerError } : {}) };
  if (config.kind === 'simulated') {
    const { service, simulator } = await createSimulatedPrinter(options);
    return { printer: service, simulator };
  }
  return { printer: new PrinterService({ ...options, transport: new SerialTransport(config) }), simulator: null };
}

async function createCardReader({ config, dataDir, journal, clock, logger, onListenerError }: DeviceOptions): Promise<{ reader: CardReaderService; simulator: Crt310Simulator | null }> {
  // The retain-bin count outlives restarts (storage/retain-bin-count.ts).
  const retainBinFile = join(dataDir, 'retain-bin.json');
  const retainedCount = restoreRetainedCount(retainBinFile, journal, (problem, count) => logger.warn({ problem, count }, 'retain-bin count file damaged; count rebuilt from the journal'));
  const card = await buildCardReader(config.cardReader, { retainBin: { ...config.retainBin, count: retainedCount }, clock, onListenerError });
  // The simulated bin holds what the kiosk counted.
  card.simulator?.setRetainBin({ retained: retainedCount });
  keepRetainedCount(card.reader, retainBinFile, retainedCount, (count) => logger.warn({ count }, 'cannot save the retain-bin count'));
  return card;
}

async function buildCardReader(
  config: KioskConfig['devices']['cardReader'],
  options: Omit<CardReaderServiceOptions, 'transport'>,
): Promise<{ reader: CardReaderService; simulator: Crt310Simulator | null }> {
  if (config.kind === 'simulated') {
    const { service, simulator } = await createSimulatedCardReader(options);
    return { reader: service, simulator };
  }
  return { reader: new CardReaderService({ ...options, transport: new SerialTransport(config) }), simulator: null };
}

/** The ID scanner on its configured transport, in one function so a change of transport touches only this (issue 12). */
async function createIdScanner(
  config: KioskConfig['devices']['idScanner'],
  { clock, onListenerError }: Pick<DeviceOptions, 'clock' | 'onListenerError'>,
): Promise<{ scanner: IdScannerService; simulator: IdScannerSimulator | null }> {
  if (config.kind === 'simulated') {
    const simulator = new IdScannerSimulator({ kind: 'hid' });
    await simulator.start();
    if (!simulator.hidDevice) throw new Error('ID scanner simulator made no HID device');
    return { scanner: new IdScannerService({ clock, onListenerError, source: new HidDocumentSource({ device: simulator.hidDevice }) }), simulator };
  }
  if (config.kind === 'hid') {
    const selector = { vendorId: config.vendorId, productId: config.productId };
    return { scanner: new IdScannerService({ clock, onListenerError, source: new HidDocumentSource({ device: () => openHidScanner(selector) }) }), simulator: null };
  }
  return { scanner: new IdScannerService({ clock, onListenerError, source: new SerialDocumentSource({ transport: new SerialTransport(config) }) }), simulator: null };
}
