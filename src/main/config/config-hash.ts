/**
 * The hash of a kiosk's effective configuration in its status report
 * (issue 19, "What kiosks report"): two kiosks configured alike report the
 * same hash, so HQ's fleet view shows at a glance which ones drifted.
 *
 * SHA-256 over the canonical JSON (keys sorted, src/shared/journal/
 * canonical-json.ts) of the validated config with its defaults filled in,
 * leaving out what differs per machine by design and says nothing about
 * behaviour: the kiosk id, every file-system path (data, embedded HQ data,
 * diagnostics folder and export roots, TLS file paths, serial device paths).
 * Everything else is hashed: HQ's URL, timeout and pinned keys, device kinds,
 * baud rates and USB ids, the retain-bin thresholds, store hours, the disk
 * floor, journal retention and the flow timers. The config holds no secret
 * (the kiosk's private key and the TLS key are files it names), so nothing
 * secret can leak through the hash. Listed in docs/hq.md, "What kiosks report".
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/journal/canonical-json';
import type { KioskConfig } from './kiosk-config';

/** A device's settings without its path (`/dev/ttyUSB0` on one machine, `/dev/ttyUSB1` on the next). */
function withoutPath<T extends { kind: string }>(device: T): Omit<T, 'path'> {
  const { path: _path, ...rest } = device as T & { path?: string };
  return rest;
}

/** The part of the config the hash covers (exported for the test that pins what it leaves out). */
export function hashedConfig(config: KioskConfig): unknown {
  const { kioskId: _id, dataDir: _data, diagnosticsDir: _diag, diagnosticsExportRoots: _roots, hq, devices, ...rest } = config;
  const { embeddedDataDir: _embedded, tls, ...hqRest } = hq;
  return {
    ...rest,
    hq: { ...hqRest, tls: tls === undefined ? undefined : { ca: tls.ca !== undefined, cert: tls.cert !== undefined } },
    devices: {
      cardReader: withoutPath(devices.cardReader),
      idScanner: withoutPath(devices.idScanner),
      printer: withoutPath(devices.printer),
      retainBin: devices.retainBin,
    },
  };
}

export function configHash(config: KioskConfig): string {
  return createHash('sha256').update(canonicalJson(hashedConfig(config)), 'utf8').digest('hex');
}
