/**
 * Identity-document scanner: HID-POS and serial drivers, ICAO 9303 MRZ and
 * Japanese OCR record parsing, XFS-style service, simulator.
 * docs/id-scanner.md describes it; docs/id-document-record.md the JPID record.
 */
export { IdScannerService } from './id-scanner-service';
export type {
  DocumentReadEvent, IdScannerCapabilities, IdScannerEvents, IdScannerFault, IdScannerServiceOptions,
  IdScannerStatus, ScanOptions,
} from './id-scanner-service';
export type { DocumentSource, DocumentTransport, LineFault, ReadDamage } from './document-source';
export { HidDocumentSource, type HidDocumentSourceOptions } from './hid/hid-document-source';
export { SerialDocumentSource, type SerialDocumentSourceOptions } from './serial/serial-document-source';
export { classifyParse, type IdScanResult } from './id-scan-result';
export { parsePayload, MAX_PAYLOAD_CHARS } from './payload/parse-payload';
export type { Finding, FindingProblem, PayloadFormat, PayloadParse } from './payload/parse-result';
export { tokyoIsoDate } from './calendar-date';
export { HID_POS_USAGE_PAGE, listHidDevices, listHidPosScanners, openHidScanner, parseVidPid } from './hid/hid-device';
export type { HidDeviceInfo, HidDeviceLike, HidSelector } from './hid/hid-device';
export { IdScannerSimulator, type CorruptibleField, type SimulatorLink } from './simulator/id-scanner-simulator';
export { SimulatedHidDevice } from './simulator/simulated-hid-device';
export { findScannerDemoDocument, renderDemoDocumentPayload, scannerDemoDocuments, type ScannerDemoDocument } from './simulator/demo-documents';
export { systemClock, type Timers } from '../../shared/time/clock';
