/**
 * `--simulate` (issue 15, "The simulator panel only when asked"): the web
 * host attaches the simulator panel (`/sim.html`, `/sim/api/*`) only when
 * asked, and refuses to when the config names real devices. The panel can
 * take HQ "offline", move the kiosk clock and drive the simulators; next to a
 * real card reader, ID scanner or printer it has no business existing.
 */
import type { KioskConfig } from '../config/kiosk-config';

/** The config fields naming a real device, or an empty list when every device is simulated. */
export function realDevices(config: Pick<KioskConfig, 'devices'>): string[] {
  const real: string[] = [];
  if (config.devices.cardReader.kind !== 'simulated') real.push(`devices.cardReader (${config.devices.cardReader.kind})`);
  if (config.devices.idScanner.kind !== 'simulated') real.push(`devices.idScanner (${config.devices.idScanner.kind})`);
  if (config.devices.printer.kind !== 'simulated') real.push(`devices.printer (${config.devices.printer.kind})`);
  return real;
}

/** Why `--simulate` is refused with this config, or null when it may run. */
export function simulateRefusal(config: Pick<KioskConfig, 'devices'>): string | null {
  const real = realDevices(config);
  return real.length === 0
    ? null
    : `--simulate refused: the config names real devices (${real.join(', ')}); the simulator panel runs only with every device simulated`;
}
