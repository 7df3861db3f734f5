import HID from 'node-hid';

/**
 * The part of node-hid's `HIDAsync` the scanner driver uses. The real device
 * (an EventEmitter) and the simulator's injected device both satisfy it (DEVICES.md, "Test rigs
 * without hardware": these machines have no /dev/uhid, so HID tests inject an
 * object with HIDAsync's surface).
 */
export interface HidDeviceLike {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'data', listener: (report: Buffer) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  write(values: number[] | Buffer): Promise<number>;
  sendFeatureReport(data: number[] | Buffer): Promise<number>;
  getFeatureReport(reportId: number, reportLength: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** HID Point-of-Sale usage page (USB HID Usage Tables, "Point of Sale" page 0x8C). */
export const HID_POS_USAGE_PAGE = 0x8c;

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string;
  product?: string;
  manufacturer?: string;
  usagePage?: number;
  usage?: number;
}

/** Every HID device the OS lists. Loads node-hid's native binding (needs libusb-1.0-0 and libudev1). */
export async function listHidDevices(): Promise<HidDeviceInfo[]> {
  return (await HID.devicesAsync()).map((d) => ({
    vendorId: d.vendorId, productId: d.productId, path: d.path, product: d.product,
    manufacturer: d.manufacturer, usagePage: d.usagePage, usage: d.usage,
  }));
}

/**
 * Scanners in HID-POS mode. A reader left in USB keyboard mode shows up as a
 * keyboard (usage page 0x01) and the OS keeps it: it must be switched to
 * HID-POS mode with the vendor's configuration barcode (docs/id-scanner.md).
 */
export async function listHidPosScanners(): Promise<HidDeviceInfo[]> {
  return (await listHidDevices()).filter((d) => d.usagePage === HID_POS_USAGE_PAGE);
}

export type HidSelector = { path: string } | { vendorId: number; productId: number };

/**
 * Opens a scanner. By vendor/product id, the HID-POS interface is chosen
 * when the device exposes several (composite readers often add a keyboard).
 */
export async function openHidScanner(selector: HidSelector): Promise<HidDeviceLike> {
  if ('path' in selector) return HID.HIDAsync.open(selector.path);
  const interfaces = (await HID.devicesAsync(selector.vendorId, selector.productId));
  const pos = interfaces.find((d) => d.usagePage === HID_POS_USAGE_PAGE && d.path);
  if (pos?.path) return HID.HIDAsync.open(pos.path);
  if (interfaces.length > 0) {
    throw new Error(`device ${hex(selector.vendorId)}:${hex(selector.productId)} has no HID-POS interface (usage page 0x8C): switch the reader to HID-POS mode`);
  }
  throw new Error(`no HID device ${hex(selector.vendorId)}:${hex(selector.productId)}`);
}

/** `VID:PID` in hex, as lsusb prints it. */
export function parseVidPid(text: string): { vendorId: number; productId: number } | undefined {
  const match = /^(?:0x)?([0-9a-f]{1,4}):(?:0x)?([0-9a-f]{1,4})$/i.exec(text.trim());
  return match ? { vendorId: parseInt(match[1]!, 16), productId: parseInt(match[2]!, 16) } : undefined;
}

function hex(n: number): string {
  return n.toString(16).padStart(4, '0');
}
