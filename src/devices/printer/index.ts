/** The printer's public surface for the kiosk core and the dev host. */
export {
  PrinterService, PRINTER_BAUD_RATES,
  type PrinterServiceOptions, type PrinterStatus, type PrinterCapabilities, type PrinterEvents,
  type PrintReport, type PrintResult, type PrintFailure, type CoverState,
} from './printer-service';
export type { PrinterDocument, DocumentLine, LineStyle, LineAlign } from './printer-document';
export type { PrinterDiagnosticsSnapshot, PrinterCounters, PrinterTraceEntry } from './printer-diagnostics';
export type { EscPosConditions, PaperLevel } from './escpos-status';
export {
  PrinterSimulator,
  type PrinterSimulatorOptions, type PrinterSimulatorSnapshot, type PrintedDocument, type PrintedLine, type PaperSupply, type SimulatedPrinterError,
} from './simulator/printer-simulator';
export { createSimulatedPrinter, type SimulatedPrinter } from './simulated-printer';
