/**
 * `npm run --silent device -- list`: the serial ports and HID devices this
 * machine has, as JSON, so a technician can find the reader's port and the
 * scanner's VID:PID. HID enumeration needs libusb (TOOLCHAIN.md); when it
 * fails, the serial list is still printed and the HID error is reported.
 */
import { SerialPort } from 'serialport';

interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const processIo: Io = { stdout: process.stdout, stderr: process.stderr };

export interface PresentDevices {
  serialPorts: { path: string; manufacturer: string | null; serialNumber: string | null; vendorId: string | null; productId: string | null; pnpId: string | null }[];
  hidDevices: { vendorId: number; productId: number; path: string | null; manufacturer: string | null; product: string | null; serialNumber: string | null; usagePage: number | null; usage: number | null; interface: number }[];
  /** Why a list could not be read (no libusb, no permission), one line each. */
  errors: string[];
}

/** The serial ports and HID devices present; also the technician's devices screen (issue 8). */
export async function listPresentDevices(): Promise<PresentDevices> {
  const errors: string[] = [];
  const serialPorts = await SerialPort.list().catch((error: Error) => {
    errors.push(`serial ports: ${error.message}`);
    return [];
  });
  const hid = await import('node-hid')
    .then((nodeHid) => nodeHid.devicesAsync())
    .then((devices) => ({ devices, error: undefined }))
    .catch((error: Error) => ({ devices: [], error: error.message }));
  if (hid.error) errors.push(`HID devices: ${hid.error}`);
  return {
    serialPorts: serialPorts.map((p) => ({
      path: p.path,
      manufacturer: p.manufacturer ?? null,
      serialNumber: p.serialNumber ?? null,
      vendorId: p.vendorId ?? null,
      productId: p.productId ?? null,
      pnpId: p.pnpId ?? null,
    })),
    hidDevices: hid.devices.map((d) => ({
      vendorId: d.vendorId,
      productId: d.productId,
      path: d.path ?? null,
      manufacturer: d.manufacturer ?? null,
      product: d.product ?? null,
      serialNumber: d.serialNumber ?? null,
      usagePage: d.usagePage ?? null,
      usage: d.usage ?? null,
      interface: d.interface,
    })),
    errors,
  };
}

export async function main(args: string[], io: Io = processIo): Promise<number> {
  if (args.length > 0) {
    io.stderr.write('usage: device list\n');
    return 2;
  }
  const { errors, ...result } = await listPresentDevices();
  for (const error of errors) io.stderr.write(`list: ${error}\n`);
  io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return errors.length > 0 ? 1 : 0;
}
