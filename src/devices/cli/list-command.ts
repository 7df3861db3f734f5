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

export async function main(args: string[], io: Io = processIo): Promise<number> {
  if (args.length > 0) {
    io.stderr.write('usage: device list\n');
    return 2;
  }
  let failed = false;
  const serialPorts = await SerialPort.list().catch((error: Error) => {
    failed = true;
    io.stderr.write(`list: serial ports: ${error.message}\n`);
    return [];
  });
  const hid = await import('node-hid')
    .then((nodeHid) => nodeHid.devicesAsync())
    .then((devices) => ({ devices, error: undefined }))
    .catch((error: Error) => ({ devices: [], error: error.message }));
  if (hid.error) {
    failed = true;
    io.stderr.write(`list: HID devices: ${hid.error}\n`);
  }
  const result = {
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
  };
  io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return failed ? 1 : 0;
}
