import { describe, expect, it } from 'vitest';
import HID from 'node-hid';
import { listHidDevices, listHidPosScanners, openHidScanner } from '../../../src/devices/id-scanner/hid/hid-device';
import { HidDocumentSource } from '../../../src/devices/id-scanner/hid/hid-document-source';
import { IdScannerService } from '../../../src/devices/id-scanner/id-scanner-service';

// node-hid must really load on these machines (libusb-1.0-0, libudev1), even
// though they have no HID devices and no /dev/uhid (DEVICES.md).
describe('node-hid on this machine', () => {
  it('loads its native binding and enumerates devices', async () => {
    expect(typeof HID.getHidapiVersion()).toBe('string');
    const devices = await HID.devicesAsync();
    expect(Array.isArray(devices)).toBe(true);
    expect(Array.isArray(await listHidDevices())).toBe(true);
    const scanners = await listHidPosScanners();
    expect(scanners.every((d) => d.usagePage === 0x8c)).toBe(true);
  });

  it('refuses to open a scanner that is not there, with a clear message', async () => {
    await expect(openHidScanner({ vendorId: 0xfffe, productId: 0xfffd })).rejects.toThrow('no HID device fffe:fffd');
  });

  it('leaves the service in noDevice when the real device cannot be opened', async () => {
    const service = new IdScannerService({ source: new HidDocumentSource({ device: () => openHidScanner({ vendorId: 0xfffe, productId: 0xfffd }), endpoint: 'hid:fffe:fffd' }) });
    expect(await service.open()).toMatchObject({ completion: 'hardwareError', detail: expect.stringContaining('fffe:fffd') });
    expect(service.status()).toMatchObject({ device: 'noDevice', endpoint: 'hid:fffe:fffd' });
  });
});
