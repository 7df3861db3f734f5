/**
 * The default, hardware-free card reader: a CardReaderService on one end of an
 * in-memory link and the CRT-310 simulator on the other (ARCHITECTURE.md,
 * "Configuration": `npm start` needs no hardware). The simulator's control
 * API is what the dev host's simulator panel drives.
 */
import { createMemoryLink } from '../transport/memory-link';
import { CardReaderService, type CardReaderServiceOptions } from './card-reader-service';
import { Crt310Simulator, type SimulatorOptions } from './simulator/crt310-simulator';

export interface SimulatedCardReader {
  service: CardReaderService;
  simulator: Crt310Simulator;
}

/** Starts the simulator; the caller opens the service (`service.open()`) as it would a real reader. */
export async function createSimulatedCardReader(
  options: Omit<CardReaderServiceOptions, 'transport'> & { simulator?: Omit<SimulatorOptions, 'transport'> },
): Promise<SimulatedCardReader> {
  const { simulator: simulatorOptions, ...serviceOptions } = options;
  const link = createMemoryLink('card-reader');
  const simulator = new Crt310Simulator({
    ...simulatorOptions,
    transport: link.device,
    ...(serviceOptions.clock && !simulatorOptions?.clock ? { clock: serviceOptions.clock } : {}),
  });
  await simulator.start();
  return { service: new CardReaderService({ ...serviceOptions, transport: link.host }), simulator };
}
