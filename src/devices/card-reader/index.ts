/** The card reader's public surface for the kiosk core and the dev host. */
export {
  CardReaderService,
  type CardReaderServiceOptions, type CardReaderStatus, type CardReaderCapabilities, type CardReaderEvents,
  type MoveTarget, type ResetTarget, type CardPlace, type ReadRawDataRequest, type RetainBinConfig,
} from './card-reader-service';
export type { CardRead, CardExpiry, TrackReadStatus, TrackStatuses, InvalidMediaReason } from './card-read';
export type { DiagnosticsSnapshot, DiagnosticsCounters, TraceEntry } from './diagnostics';
export { Crt310Simulator, type SimulatedCard, type SimulatedTrack, type SimulatorOptions, type SimulatorSnapshot } from './simulator/crt310-simulator';
export { demoTracks, type DemoCardOptions } from './simulator/demo-card';
export { createSimulatedCardReader, type SimulatedCardReader } from './simulated-card-reader';
export { systemClock, type Clock } from '../../shared/time/clock';
