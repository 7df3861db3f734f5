/**
 * Starts the guidance handset the config names (issue 18,
 * config/accessibility-config.ts): `simulated` is the simulator panel's
 * toggle and `none` has no switch, so neither opens anything; `hid` and
 * `evdev` follow the hardware and tell the core when the handset is lifted
 * or put back. A handset that cannot be opened is logged for technicians and
 * the kiosk runs on (guidance still starts with the guidance key).
 */
import { followEvdevHandset, followHidHandset, openEvdevStream, openHidHandset, type HandsetListener } from '../devices/handset/handset-source';
import type { Logger } from './logging/logger';
import { assertNever } from '../shared/assert-never';
import { EVDEV_SWITCHES, type HandsetConfig } from './config/accessibility-config';

export interface HandsetDrivers {
  openHid: typeof openHidHandset;
  openEvdev: typeof openEvdevStream;
}

const REAL: HandsetDrivers = { openHid: openHidHandset, openEvdev: openEvdevStream };

export function startHandset(config: HandsetConfig, options: { onChange(lifted: boolean): void; logger: Logger; drivers?: HandsetDrivers }): () => void {
  const drivers = options.drivers ?? REAL;
  const listener: HandsetListener = {
    onChange: (lifted) => {
      options.logger.info({ handset: config.kind, lifted }, lifted ? 'guidance handset lifted' : 'guidance handset put back');
      options.onChange(lifted);
    },
    onError: (error) => options.logger.warn({ handset: config.kind, error: error.message }, 'guidance handset: device error; guidance starts with the guidance key only'),
  };
  switch (config.kind) {
    case 'simulated':
    case 'none':
      return () => undefined;
    case 'hid': {
      let close: (() => Promise<void>) | null = null;
      let closed = false;
      drivers.openHid({ vendorId: config.vendorId, productId: config.productId }).then((device) => {
        if (closed) { void device.close(); return; }
        close = followHidHandset(device, config, listener);
      }, (error: Error) => listener.onError(error));
      return () => { closed = true; void close?.(); };
    }
    case 'evdev': {
      const code = typeof config.switch === 'number' ? config.switch : EVDEV_SWITCHES[config.switch];
      return followEvdevHandset(drivers.openEvdev(config.device), { code, liftedWhen: config.liftedWhen }, listener);
    }
    default:
      return assertNever(config, 'handset kind');
  }
}
