/**
 * The default, hardware-free printer: a PrinterService on one end of an
 * in-memory link and the ESC/POS simulator on the other (ARCHITECTURE.md,
 * "Configuration": `npm start` needs no hardware). The simulator's control
 * API and `printed()` are what the dev host's simulator panel will drive
 * and show.
 */
import { createMemoryLink } from '../transport/memory-link';
import { PrinterService, type PrinterServiceOptions } from './printer-service';
import { PrinterSimulator, type PrinterSimulatorOptions } from './simulator/printer-simulator';

export interface SimulatedPrinter {
  service: PrinterService;
  simulator: PrinterSimulator;
}

/** Starts the simulator; the caller opens the service (`service.open()`) as it would a real printer. */
export async function createSimulatedPrinter(
  options: Omit<PrinterServiceOptions, 'transport'> & { simulator?: Omit<PrinterSimulatorOptions, 'transport'> } = {},
): Promise<SimulatedPrinter> {
  const { simulator: simulatorOptions, ...serviceOptions } = options;
  const link = createMemoryLink('printer');
  const simulator = new PrinterSimulator({
    ...simulatorOptions,
    transport: link.device,
    ...(serviceOptions.clock && !simulatorOptions?.clock ? { clock: serviceOptions.clock } : {}),
  });
  await simulator.start();
  return { service: new PrinterService({ ...serviceOptions, transport: link.host }), simulator };
}
