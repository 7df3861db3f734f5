/**
 * Builds the kiosk core and everything it stands on from a validated
 * config. Both shells call this one function, so they cannot differ in
 * behaviour (ARCHITECTURE.md, "Hosts: one core, two shells").
 */
import type { KioskConfig } from './config/kiosk-config';
import { KioskCore } from './kiosk-core';
import type { Logger } from './logging/logger';

export interface ComposedKiosk {
  core: KioskCore;
  close(): Promise<void>;
}

export async function composeKiosk(config: KioskConfig, logger: Logger): Promise<ComposedKiosk> {
  const core = new KioskCore({ logger, hoursToday: config.storeHours ?? { open: '09:00', close: '22:00' } });
  core.start();
  logger.info({ kioskId: config.kioskId }, 'kiosk core started');
  return {
    core,
    async close() {
      core.stop();
    },
  };
}
