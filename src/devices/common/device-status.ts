/**
 * A device's XFS device state, and the telling of its status, as every
 * driver here does it (card reader, printer):
 *
 * - every change of the status is told once, as `statusChanged` (XFS4IoT
 *   `Common.StatusChangedEvent`: one event per change, none for a repeat);
 *   the status is compared whole, so a change of any field counts;
 * - a `fault` comes with a change of device state and is told once per
 *   change (an outage that goes on, poll after poll, is one fault).
 *
 * What the status holds is each device's own; this only decides when to tell.
 */
import type { DeviceState } from '../../shared/xfs/vocabulary';

export interface DeviceStatusTellerOptions<S, F> {
  /** The device's whole status now. */
  status(): S;
  statusChanged(status: S): void;
  fault(fault: F): void;
}

export class DeviceStatusTeller<S, F> {
  readonly #options: DeviceStatusTellerOptions<S, F>;
  #device: DeviceState = 'offline';
  #lastStatus = '';

  constructor(options: DeviceStatusTellerOptions<S, F>) {
    this.#options = options;
  }

  get device(): DeviceState {
    return this.#device;
  }

  /** Sets the device state; `fault` is told only when the state changes. */
  setDevice(device: DeviceState, fault?: F): void {
    const was = this.#device;
    this.#device = device;
    if (fault && was !== device) this.#options.fault(fault);
    this.tellIfChanged();
  }

  /** Tells the status if it differs from the last one told. */
  tellIfChanged(): void {
    const status = this.#options.status();
    const key = JSON.stringify(status);
    if (key === this.#lastStatus) return;
    this.#lastStatus = key;
    this.#options.statusChanged(status);
  }
}
