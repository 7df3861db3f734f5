/**
 * Builds the kiosk from a validated config. Both shells call this one
 * function, so they cannot differ in behaviour (ARCHITECTURE.md, "Hosts:
 * one core, two shells").
 *
 * Wiring only: each part is a unit of its own, built here top to bottom in
 * dependency order, and closed in the reverse order (each part before what
 * it uses).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { APP_VERSION } from './app-version';
import type { Crt310Simulator } from '../devices/card-reader/simulator/crt310-simulator';
import type { IdScannerSimulator } from '../devices/id-scanner/simulator/id-scanner-simulator';
import type { PrinterSimulator } from '../devices/printer';
import type { ListenerErrorHandler } from '../shared/events/typed-emitter';
import type { JournalEvent } from '../shared/journal';
import { systemClock } from '../shared/time/clock';
import { cardReaderPort } from './adapters/card-reader-port';
import { hqPort } from './adapters/hq-port';
import { idScannerPort } from './adapters/id-scanner-port';
import { printerPort } from './adapters/printer-port';
import { staffHqPort } from './adapters/staff-hq-port';
import { startAvailabilityLoop } from './availability/availability-loop';
import { CalendarCache } from './availability/calendar-cache';
import { followAvailability } from './availability/follow-availability';
import { startJournalProbe } from './availability/journal-probe';
import { ServiceMonitor } from './availability/service-monitor';
import { deviceHealth, StatusReporter } from './availability/status-reporter';
import { kioskVitals } from './availability/kiosk-vitals';
import { heldOutOfServiceByTechnician } from './availability/technician-hold';
import { configHash } from './config/config-hash';
import type { KioskConfig } from './config/kiosk-config';
import type { FlowTiming } from './flows/ports';
import { connectHq } from './hq-client/connect-hq';
import { Journal } from './journal/journal';
import { startRetentionPurge } from './journal/retention-purge';
import { kioskKeyFingerprint, loadOrCreateKioskKey } from './keys/kiosk-key';
import { KioskCore } from './kiosk-core';
import { beginUpdateLedger, journalUpdates, startUpdateChecks } from './updates/kiosk-updates';
import { CrashCounter, uncleanStopEvent } from './lifecycle/crash-accounting';
import type { Logger } from './logging/logger';
import { createDevices, openDevices } from './open-devices';
import { KioskClock } from './simulation/kiosk-clock';
import { startHandset } from './start-handset';
import { NetworkSwitch } from './simulation/network-switch';
import { ed25519BatchSigner, hqJournalPushClient, hqReceiptVerifier, SyncWorker } from './sync';
import { TechnicianTools } from './technician/technician-tools';
import { RemoteDiagnostics } from './technician/remote-diagnostics';

export interface ComposeOptions {
  config: KioskConfig;
  logger: Logger;
  host: 'electron' | 'web';
  /** Repository root, for the embedded HQ (development only). */
  root?: string;
  timing?: Partial<FlowTiming>;
  /** Seconds between HQ calendar refreshes and reachability probes. */
  hqProbeSeconds?: number;
  /** Seconds between retries of a journal that cannot write (full disk, read-only) or has little disk left. */
  journalProbeSeconds?: number;
  /** Simulation and tests only (web host `--clock-start`): the kiosk's wall time at start, shared with the embedded HQ and bureau when there is one. */
  simClockStart?: Date;
}

/** Handles the web host's simulator panel drives (never built in production Electron). */
export interface Simulation {
  cardReader: Crt310Simulator | null;
  idScanner: IdScannerSimulator | null;
  printer: PrinterSimulator | null;
  network: NetworkSwitch;
  clock: KioskClock;
  /** Re-read the calendar and HQ's reachability now (after the clock or network changed). */
  refresh(): Promise<void>;
}

export interface ComposedKiosk {
  core: KioskCore;
  journal: Journal;
  sync: SyncWorker;
  simulation: Simulation;
  hqUrl: string;
  /** Journals a renderer that died or hung (the shell reloads it) and tells HQ the new count (issue 16). */
  recordRendererFailure(kind: 'gone' | 'unresponsive', reason: RendererFailureReason): void;
  /** `restart` when a technician asked for one (journaled as `app.stopped` with that reason). */
  close(reason?: 'shutdown' | 'restart'): Promise<void>;
}

const BY_SYSTEM = { actor: { kind: 'system' }, sessionId: null } as const;

export type RendererFailureReason = Extract<JournalEvent, { type: 'app.rendererFailed' }>['payload']['reason'];

/**
 * Builds the kiosk; on failure closes whatever it had opened (the journal,
 * the embedded HQ, devices) and rethrows, so the shell can show its
 * out-of-service page with nothing left half-running. A start that fails
 * after the journal opened leaves no `app.stopped`: the next start counts it
 * as an unclean stop (lifecycle/crash-accounting.ts).
 */
export async function composeKiosk(options: ComposeOptions): Promise<ComposedKiosk> {
  const closers: Array<() => unknown> = [];
  try {
    return await compose(options, closers);
  } catch (error) {
    for (const close of closers) {
      try {
        await close();
      } catch (closeError) {
        options.logger.warn({ error: (closeError as Error).message }, 'error while closing after a failed start');
      }
    }
    throw error;
  }
}

async function compose(options: ComposeOptions, closers: Array<() => unknown>): Promise<ComposedKiosk> {
  const { config, logger } = options;
  const root = options.root ?? process.cwd();
  const dataDir = resolve(root, config.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const onClose = (closer: () => unknown) => closers.unshift(closer);
  // A listener's failure is the listener's, and is logged (shared/events/typed-emitter.ts).
  const onListenerError: ListenerErrorHandler = (error, event) => logger.error({ event, error: String(error) }, 'event listener failed');
  // The kiosk's wall clock; with the embedded HQ, a simulator shift is shared with it through a file.
  const clock = new KioskClock(config.hq.url ? undefined : join(dataDir, 'sim-clock-offset'), options.simClockStart);
  const network = new NetworkSwitch();

  // Journal first: no customer operation runs without it (ARCHITECTURE.md).
  const journal = Journal.open(join(dataDir, 'journal.db'), { kioskId: config.kioskId, diskFreeFloorBytes: config.diskFloorMb * 1024 * 1024, onListenerError });
  onClose(() => journal.close());
  const record = (event: JournalEvent): boolean => {
    const result = journal.append(event);
    if (!result.ok) logger.error({ eventType: event.type, error: result.error.code }, 'journal append failed');
    return result.ok;
  };
  // Before anything else is journaled: did the previous run stop cleanly? (lifecycle/crash-accounting.ts)
  const crashCounter = new CrashCounter(journal);
  onClose(() => crashCounter.stop());
  const uncleanStop = uncleanStopEvent(journal, new Date(clock.now()));
  if (uncleanStop) {
    logger.warn({ event: uncleanStop.type, ...uncleanStop.payload }, 'the previous run did not stop cleanly');
    record(uncleanStop);
  }
  // Signed updates (src/main/updates): this start counts for a version on trial, or rolls it back.
  const updateLedger = config.updates ? await beginUpdateLedger({ config: config.updates, dataDir, record: journalUpdates(record), clock, runningVersion: APP_VERSION, logger }) : null;

  const key = loadOrCreateKioskKey(join(dataDir, 'kiosk-ed25519.pem'));
  // Read to HQ's administrator for enrolment (issue 16): on the out-of-service screen while HQ refuses the kiosk, the health page and the start-up log line.
  const keyFingerprint = await kioskKeyFingerprint(key.publicKey);
  const { hq, hqUrl, close: closeHq } = await connectHq({ config, root, dataDir, key, fetch: network.fetch, now: () => new Date(clock.now()), logger });
  onClose(closeHq);

  const devices = await createDevices({ config: config.devices, dataDir, journal, clock: systemClock, logger, onListenerError });
  onClose(() => devices.close());
  const { reader, scanner, printer } = devices;

  // Journal sync: signed batches after HQ's acknowledged seq, every receipt
  // checked with HQ's receipt key (docs/hq.md, "Keys"). Started last.
  const sync = new SyncWorker({
    journal, client: hqJournalPushClient(hq), kioskId: config.kioskId,
    signBatch: ed25519BatchSigner(key.privateKey), verifyReceipt: hqReceiptVerifier(hq), onListenerError,
  });
  const calendar = new CalendarCache(join(dataDir, 'calendar.json'), config.storeHours);
  const monitor = new ServiceMonitor(onListenerError);
  const timing = { ...config.timing, ...options.timing };
  const technician = new TechnicianTools({
    kioskId: config.kioskId, appVersion: APP_VERSION, reader, scanner, printer, journal, hq, keyFingerprint,
    sync: () => sync.status(),
    availability: () => ({ available: monitor.availability.available, reasons: monitor.conditions }),
    crashCounts: () => crashCounter.counts,
    dataDir, diagnosticsDir: resolve(dataDir, config.diagnosticsDir), exportRoots: config.diagnosticsExportRoots, clock: () => new Date(clock.now()),
    documentScanTimeoutMs: timing.documentScanTimeoutMs ?? 30_000,
    // In the simulation, the staff's hands that empty the bin are the simulator's.
    ...(devices.simulators.cardReader ? { onRetainBinEmptied: () => devices.simulators.cardReader?.emptyRetainBin() } : {}),
  });
  const core = new KioskCore({
    logger,
    ports: { cardReader: cardReaderPort(reader), idScanner: idScannerPort(scanner), printer: printerPort(printer), hq: hqPort(hq), journal: record },
    service: {
      staffHq: staffHqPort(hq),
      technician,
      control: { setOutOfService: (on) => monitor.set('technician', on), isOutOfService: () => !monitor.availability.available },
    },
    timing,
    hoursToday: () => calendar.hoursOn(new Date(clock.now())),
    increaseDeadline: () => calendar.increaseDeadline(new Date(clock.now())),
    now: () => clock.now(),
    guidanceOutput: config.accessibility.output,
    enrolment: { kioskId: config.kioskId, keyFingerprint },
  });
  onClose(() => core.stop());
  // The guidance handset's hook switch or the headphone jack's sense, by config (issue 18; the simulated one is the panel's).
  onClose(startHandset(config.accessibility.handset, { onChange: (lifted) => core.handsetChanged(lifted), logger }));

  // A console operator's request for a bundle comes with a status ack (technician/remote-diagnostics.ts, issue 17).
  const remoteDiagnostics = new RemoteDiagnostics({
    buildBundle: (createdBy) => technician.buildBundle(createdBy, []), upload: (input) => hq.uploadRequestedDiagnostics(input), logger,
  });
  // HQ's fleet view: software version, device health, in or out of service, vitals; its ack carries
  // HQ's calendar when it changed and a console's request for a bundle (availability/status-reporter.ts, kiosk-vitals.ts).
  const vitals = { hqKeysPinned: hq.keysPinned, configHash: configHash(config) };
  const reporter = new StatusReporter({
    current: () => ({
      softwareVersion: APP_VERSION,
      outOfService: !monitor.availability.available,
      outOfServiceReasons: monitor.conditions,
      devices: deviceHealth(devices.health()),
      crashes: crashCounter.counts,
      ...kioskVitals({ ...vitals, diskFreeBytes: () => journal.health.freeBytes, retainBin: () => technician.retainBin(), sync: () => sync.status() }),
      calendarVersion: calendar.version,
    }),
    send: (report) => hq.reportStatus(report),
    onAck: (ack) => {
      if (ack.calendar) calendar.update(ack.calendar.calendar, ack.calendar.version);
      void remoteDiagnostics.onAck(ack);
    },
    now: () => clock.now(),
  });
  onClose(followAvailability(monitor, { record, core, reporter }));

  // A technician's out-of-service survives the restart (availability/technician-hold.ts).
  if (heldOutOfServiceByTechnician(journal)) {
    logger.info('out of service: a technician took the kiosk out of service before this start');
    monitor.set('technician', true);
  }
  // Disk low, full, read-only or corrupt stops service until the journal recovers (availability/journal-probe.ts).
  onClose(startJournalProbe({
    journal, setUnavailable: (on) => monitor.set('journalUnavailable', on), clock, everyMs: (options.journalProbeSeconds ?? 10) * 1000, logger,
  }));
  onClose(startRetentionPurge({ journal, retentionDays: config.journalRetentionDays, clock, logger }));

  // Card reader: insertion and removal drive the flow; a fault stops service.
  const unwire = [
    reader.on('mediaInserted', () => core.cardInserted()),
    reader.on('mediaRemoved', () => core.cardRemoved()),
    reader.on('statusChanged', (status) => {
      monitor.set('cardReaderFault', status.device !== 'online');
      void reporter.reportIfChanged();
    }),
    scanner.on('statusChanged', () => void reporter.reportIfChanged()),
    printer.on('statusChanged', () => void reporter.reportIfChanged()),
    // A printer fault is journaled but stops nothing: each limit change asks the printer first (flows/customer/contract-document.ts).
    printer.on('fault', (fault) => {
      record({ type: 'device.fault', ...BY_SYSTEM, payload: { device: 'printer', completion: fault.error === 'timeout' ? 'timeOut' : 'hardwareError', errorCode: fault.error } });
    }),
    reader.on('fault', (fault) => {
      record({ type: 'device.fault', ...BY_SYSTEM, payload: { device: 'cardReader', completion: 'hardwareError', errorCode: fault.error } });
      if (core.inSession) core.deviceFault();
    }),
  ];
  onClose(() => unwire.forEach((off) => off()));
  const opened = await openDevices(devices, logger);
  if (!opened.cardReader) monitor.set('cardReaderFault', true);

  // Calendar and HQ reachability (availability/availability-loop.ts).
  const availabilityLoop = await startAvailabilityLoop({ reporter, calendar, monitor, clock, everyMs: (options.hqProbeSeconds ?? 30) * 1000, logger });
  onClose(availabilityLoop.stop);
  sync.start();
  onClose(() => sync.stop());

  record({ type: 'app.started', ...BY_SYSTEM, payload: { version: APP_VERSION, host: options.host } });
  core.start();
  const availability = monitor.availability;
  if (!availability.available) core.goOutOfService(availability.reason!, availability.resumesAt, availability.notice);
  // The core runs: a version on trial is kept; then checks at quiet times only (updates/kiosk-updates.ts).
  if (config.updates && updateLedger) {
    onClose(startUpdateChecks({
      config: config.updates, ledger: updateLedger, kioskId: config.kioskId, dataDir, hqUrl, kioskKey: key.privateKey, fetch: network.fetch, clock,
      record: journalUpdates(record), runningVersion: APP_VERSION, journalSchema: () => journal.schemaOnDisk().version,
      inSession: () => core.inSession, status: (at) => calendar.statusAt(at), logger,
    }));
  }
  logger.info({ kioskId: config.kioskId, hq: hqUrl, available: availability.available, keyFingerprint }, 'kiosk started');

  return {
    core,
    journal,
    sync,
    hqUrl,
    simulation: { ...devices.simulators, network, clock, refresh: availabilityLoop.refresh },
    recordRendererFailure(kind, reason) {
      record({ type: 'app.rendererFailed', ...BY_SYSTEM, payload: { kind, reason } });
      void reporter.reportIfChanged();
    },
    async close(reason = 'shutdown') {
      record({ type: 'app.stopped', ...BY_SYSTEM, payload: { reason } });
      for (const close of closers) {
        try {
          await close();
        } catch (error) {
          logger.warn({ error: (error as Error).message }, 'error while closing');
        }
      }
    },
  };
}
