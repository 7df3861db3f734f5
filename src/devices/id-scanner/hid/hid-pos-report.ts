/**
 * HID Point-of-Sale scanner input reports (DEVICES.md, "Identity-document
 * scanner"; USB HID POS usage tables, usage page 0x8C):
 *
 *   byte 0       report ID 0x02
 *   byte 1       length of data in this report, at most 56
 *   bytes 2..4   AIM symbology identifier (ISO/IEC 15424, e.g. `]L0`)
 *   bytes 5..60  data, zero padded
 *   byte 61      vendor symbology id
 *   byte 62      reserved
 *   byte 63      bit 0 set: more reports follow
 */
export const REPORT_SIZE = 64;
export const SCANNER_REPORT_ID = 0x02;
export const MAX_DATA_PER_REPORT = 56;
const LENGTH_OFFSET = 1;
const AIM_OFFSET = 2;
const DATA_OFFSET = 5;
const VENDOR_SYMBOLOGY_OFFSET = 61;
const FLAGS_OFFSET = 63;
const MORE_FOLLOWS = 0x01;

export interface HidPosReport {
  data: Buffer;
  /** Three characters, e.g. `]L0`; not relied on (vendors differ), passed through for diagnostics. */
  aimId: string;
  vendorSymbology: number;
  moreFollows: boolean;
}

/** Closed set of reasons a report is refused. */
export type HidReportFault =
  | { code: 'wrongReportSize'; size: number }
  | { code: 'wrongReportId'; reportId: number }
  | { code: 'lengthTooLarge'; length: number };

export type DecodedReport = { ok: true; report: HidPosReport } | { ok: false; fault: HidReportFault };

export function decodeHidPosReport(bytes: Uint8Array): DecodedReport {
  if (bytes.length !== REPORT_SIZE) return { ok: false, fault: { code: 'wrongReportSize', size: bytes.length } };
  if (bytes[0] !== SCANNER_REPORT_ID) return { ok: false, fault: { code: 'wrongReportId', reportId: bytes[0]! } };
  const length = bytes[LENGTH_OFFSET]!;
  if (length > MAX_DATA_PER_REPORT) return { ok: false, fault: { code: 'lengthTooLarge', length } };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    ok: true,
    report: {
      data: Buffer.from(buffer.subarray(DATA_OFFSET, DATA_OFFSET + length)),
      aimId: buffer.toString('latin1', AIM_OFFSET, AIM_OFFSET + 3),
      vendorSymbology: buffer[VENDOR_SYMBOLOGY_OFFSET]!,
      moreFollows: (buffer[FLAGS_OFFSET]! & MORE_FOLLOWS) !== 0,
    },
  };
}

export function describeReportFault(fault: HidReportFault): string {
  switch (fault.code) {
    case 'wrongReportSize':
      return `input report of ${fault.size} bytes, expected ${REPORT_SIZE}`;
    case 'wrongReportId':
      return `input report id 0x${fault.reportId.toString(16).padStart(2, '0')}, expected 0x02 (is the reader in HID-POS mode?)`;
    case 'lengthTooLarge':
      return `input report says ${fault.length} data bytes, at most ${MAX_DATA_PER_REPORT} fit`;
  }
}

export interface EncodeOptions {
  aimId?: string;
  vendorSymbology?: number;
  /** Data bytes per report, 1..56; readers do not always fill a report. */
  chunkSize?: number;
}

/** A payload as the reader sends it: one or more 64-byte reports. An empty payload is one empty report. */
export function encodeHidPosReports(payload: Uint8Array, options: EncodeOptions = {}): Buffer[] {
  const chunkSize = options.chunkSize ?? MAX_DATA_PER_REPORT;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_DATA_PER_REPORT) {
    throw new RangeError(`chunk size must be 1..${MAX_DATA_PER_REPORT}`);
  }
  const aim = Buffer.from((options.aimId ?? ']o0').padEnd(3, '\0').slice(0, 3), 'latin1');
  const reports: Buffer[] = [];
  let offset = 0;
  do {
    const chunk = payload.subarray(offset, offset + chunkSize);
    offset += chunk.length;
    const report = Buffer.alloc(REPORT_SIZE);
    report[0] = SCANNER_REPORT_ID;
    report[LENGTH_OFFSET] = chunk.length;
    aim.copy(report, AIM_OFFSET);
    report.set(chunk, DATA_OFFSET);
    report[VENDOR_SYMBOLOGY_OFFSET] = options.vendorSymbology ?? 0;
    report[FLAGS_OFFSET] = offset < payload.length ? MORE_FOLLOWS : 0;
    reports.push(report);
  } while (offset < payload.length);
  return reports;
}
