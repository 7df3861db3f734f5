/**
 * Builds the kiosk from a validated config: journal, keys, HQ client (and
 * the embedded HQ when no URL is configured), devices (simulated by
 * default), the flow core and the service monitor. Both shells call this one
 * function, so they cannot differ in behaviour (ARCHITECTURE.md, "Hosts:
 * one core, two shells").
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSimulatedCardReader } from '../devices/card-reader/simulated-card-reader';
import { CardReaderService } from '../devices/card-reader/card-reader-service';
import type { Crt310Simulator } from '../devices/card-reader/simulator/crt310-simulator';
import { IdScannerService } from '../devices/id-scanner/id-scanner-service';
import { openHidScanner } from '../devices/id-scanner/hid/hid-device';
import { IdScannerSimulator } from '../devices/id-scanner/simulator/id-scanner-simulator';
import { SerialTransport } from '../devices/transport/serial-transport';
import type { JournalEvent } from '../shared/journal';
import { cardReaderPort } from './adapters/card-reader-port';
import { hqPort } from './adapters/hq-port';
import { staffHqPort } from './adapters/staff-hq-port';
import { idScannerPort } from './adapters/id-scanner-port';
import type { KioskConfig } from './config/kiosk-config';
import { startEmbeddedHq, type EmbeddedHq } from './embedded-hq/embedded-hq';
import type { FlowTiming } from './flows/ports';
import { HqClient } from './hq-client/hq-client';
import { trustHqKeys } from './hq-client/trusted-hq-keys';
import { Journal } from './journal/journal';
import { loadOrCreateKioskKey } from './keys/kiosk-key';
import { KioskCore } from './kiosk-core';
import type { Logger } from './logging/logger';
import { CalendarCache } from './availability/calendar-cache';
import { KioskClock } from './simulation/kiosk-clock';
import { NetworkSwitch } from './simulation/network-switch';
import { ServiceMonitor, type Condition } from './availability/service-monitor';
import { deviceHealth, StatusReporter } from './availability/status-reporter';
import { heldOutOfServiceByTechnician } from './availability/technician-hold';
import { keepRetainedCount, restoreRetainedCount } from './storage/retain-bin-count';
import { ed25519BatchSigner, hqJournalPushClient, hqReceiptVerifier, SyncWorker } from './sync';
import { TechnicianTools } from './technician/technician-tools';

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
}

/** Handles the web host's simulator panel drives (never built in production Electron). */
export interface Simulation {
  cardReader: Crt310Simulator | null;
  idScanner: IdScannerSimulator | null;
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
  /** `restart` when a technician asked for one (journaled as `app.stopped` with that reason). */
  close(reason?: 'shutdown' | 'restart'): Promise<void>;
}

const APP_VERSION = '0.1.0';

/** The journal's names for out-of-service reasons (src/shared/journal/event-payloads.ts). */
const JOURNALED_REASON = {
  journalUnavailable: 'journalUnavailable',
  cardReaderFault: 'deviceFault',
  technician: 'technicianRequest',
  maintenance: 'maintenanceWindow',
  closedHours: 'closed',
  hqUnreachable: 'hqUnreachable',
} as const satisfies Record<Condition, string>;

export async function composeKiosk(options: ComposeOptions): Promise<ComposedKiosk> {
  const { config, logger } = options;
  const root = options.root ?? process.cwd();
  const dataDir = resolve(root, config.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // With the embedded HQ, the simulator's clock is shared with it through a file.
  const clock = new KioskClock(config.hq.url ? undefined : join(dataDir, 'sim-clock-offset'));
  const network = new NetworkSwitch();
  const closers: Array<() => Promise<void> | void> = [];

  // Journal first: no customer operation runs without it (ARCHITECTURE.md).
  const journal = Journal.open(join(dataDir, 'journal.db'), { kioskId: config.kioskId, diskFreeFloorBytes: config.diskFloorMb * 1024 * 1024 });
  closers.push(() => journal.close());
  const record = (event: JournalEvent): boolean => {
    const result = journal.append(event);
    if (!result.ok) logger.error({ eventType: event.type, error: result.error.code }, 'journal append failed');
    return result.ok;
  };

  const key = loadOrCreateKioskKey(join(dataDir, 'kiosk-ed25519.pem'));
  let embedded: EmbeddedHq | null = null;
  let hqUrl = config.hq.url;
  if (!hqUrl) {
    embedded = await startEmbeddedHq({
      root, dataDir: resolve(root, config.hq.embeddedDataDir), kioskId: config.kioskId, kioskPublicKeyPath: key.publicKeyPath, logger,
      extraArgs: ['--clock-offset-file', join(dataDir, 'sim-clock-offset')],
    });
    hqUrl = embedded.url;
    closers.push(() => embedded?.stop());
  }
  // The config checked pinned keys when it was loaded (kiosk-config.ts).
  const pinned = config.hq.keys ? trustHqKeys(config.hq.keys) : null;
  if (pinned && !pinned.ok) throw new Error(`config hq.keys: ${pinned.problems.join('; ')}`);
  if (!pinned && config.hq.url) logger.warn({ hq: config.hq.url }, 'HQ keys are not pinned (config hq.keys): they are fetched from HQ unsigned');
  const hq = new HqClient({
    baseUrl: hqUrl, kioskId: config.kioskId, privateKey: key.privateKey, timeoutMs: config.hq.timeoutMs, fetch: network.fetch, clock: () => new Date(clock.now()),
    ...(pinned ? { pinnedKeys: pinned.keys } : {}),
    // Route and code only: an HQ error's message is HQ's words, and a body may hold personal data.
    onFailure: (path, error) => logger.warn({
      path, error: error.kind, ...(error.kind === 'http' ? { status: error.status, code: error.code } : {}), ...(error.kind === 'unreachable' ? { cause: error.detail } : {}),
    }, 'HQ request failed'),
  });

  // Devices: simulated unless the config names real ones.
  // The retain-bin count outlives restarts (storage/retain-bin-count.ts).
  const retainBinFile = join(dataDir, 'retain-bin.json');
  const retainedCount = restoreRetainedCount(retainBinFile, journal, (problem, count) => logger.warn({ problem, count }, 'retain-bin count file damaged; count rebuilt from the journal'));
  const retainBin = { ...config.devices.retainBin, count: retainedCount };
  let cardSimulator: Crt310Simulator | null = null;
  let reader: CardReaderService;
  if (config.devices.cardReader.kind === 'simulated') {
    const simulated = await createSimulatedCardReader({ retainBin });
    reader = simulated.service;
    cardSimulator = simulated.simulator;
    // The simulated bin holds what the kiosk counted.
    cardSimulator.setRetainBin({ retained: retainedCount });
    closers.push(() => simulated.simulator.stop());
  } else {
    reader = new CardReaderService({ transport: new SerialTransport(config.devices.cardReader), retainBin });
  }
  closers.push(() => reader.close());
  keepRetainedCount(reader, retainBinFile, retainedCount, (count) => logger.warn({ count }, 'cannot save the retain-bin count'));

  let scannerSimulator: IdScannerSimulator | null = null;
  let scanner: IdScannerService;
  const scannerConfig = config.devices.idScanner;
  if (scannerConfig.kind === 'simulated') {
    scannerSimulator = new IdScannerSimulator({ kind: 'hid' });
    await scannerSimulator.start();
    if (!scannerSimulator.hidDevice) throw new Error('ID scanner simulator made no HID device');
    scanner = new IdScannerService({ transport: { kind: 'hid', device: scannerSimulator.hidDevice } });
    closers.push(() => scannerSimulator?.stop());
  } else if (scannerConfig.kind === 'hid') {
    scanner = new IdScannerService({ transport: { kind: 'hid', device: () => openHidScanner({ vendorId: scannerConfig.vendorId, productId: scannerConfig.productId }) } });
  } else {
    scanner = new IdScannerService({ transport: { kind: 'serial', transport: new SerialTransport(scannerConfig) } });
  }
  closers.push(() => scanner.close());

  const calendar = new CalendarCache(join(dataDir, 'calendar.json'), config.storeHours);
  // Service mode (issue 8): built before the monitor and the sync worker, which it reaches through closures.
  let sync: SyncWorker | null = null;
  let monitor: ServiceMonitor | null = null;
  const timing = { ...config.timing, ...options.timing };
  const technician = new TechnicianTools({
    kioskId: config.kioskId, appVersion: APP_VERSION, reader, scanner, journal, hq,
    sync: () => sync?.status() ?? null,
    availability: () => ({ available: monitor?.availability.available ?? true, reasons: monitor?.conditions ?? [] }),
    dataDir, diagnosticsDir: resolve(dataDir, config.diagnosticsDir), exportRoots: config.diagnosticsExportRoots, clock: () => new Date(clock.now()),
    documentScanTimeoutMs: timing.documentScanTimeoutMs ?? 30_000,
    // In the simulation, the staff's hands that empty the bin are the simulator's.
    ...(cardSimulator ? { onRetainBinEmptied: () => cardSimulator?.emptyRetainBin() } : {}),
  });
  const core = new KioskCore({
    logger,
    ports: { cardReader: cardReaderPort(reader), idScanner: idScannerPort(scanner), hq: hqPort(hq), journal: record },
    service: {
      staffHq: staffHqPort(hq),
      technician,
      control: {
        setOutOfService: (on) => monitor?.set('technician', on),
        isOutOfService: () => !(monitor?.availability.available ?? true),
      },
    },
    timing,
    hoursToday: () => calendar.hoursOn(new Date(clock.now())),
    increaseDeadline: () => calendar.increaseDeadline(new Date(clock.now())),
  });
  closers.unshift(() => core.stop());

  // HQ's fleet view: software version, device health, in or out of service (service/status-reporter.ts).
  let readerFault: string | undefined;
  const reporter = new StatusReporter({
    current: () => ({
      softwareVersion: APP_VERSION,
      outOfService: !(monitor?.availability.available ?? false),
      outOfServiceReasons: monitor?.conditions ?? [],
      devices: deviceHealth({
        cardReader: { state: reader.status().device, detail: readerFault },
        idScanner: { state: scanner.status().device, detail: scanner.status().lastFault },
      }),
    }),
    send: (report) => hq.reportStatus(report),
  });

  monitor = new ServiceMonitor((availability) => {
    if (availability.available) {
      record({ type: 'outOfService.left', actor: { kind: 'system' }, sessionId: null, payload: {} });
      core.resumeService();
    } else {
      const reason = availability.reason!;
      if (reason !== 'journalUnavailable') record({ type: 'outOfService.entered', actor: { kind: 'system' }, sessionId: null, payload: { reasons: [JOURNALED_REASON[reason]] } });
      core.goOutOfService(reason, availability.resumesAt, availability.notice);
    }
    void reporter.reportIfChanged();
  });

  // A technician's out-of-service survives the restart (service/technician-hold.ts).
  if (heldOutOfServiceByTechnician(journal)) {
    logger.info('out of service: a technician took the kiosk out of service before this start');
    monitor.set('technician', true);
  }

  // Journal health: disk low, full, read-only or corrupt stops service.
  const applyJournalHealth = () => {
    // A journal found corrupt while running is quarantined and continued in a
    // successor linked to its head (docs/journal.md); until then, and for
    // disk low, full or read-only, the kiosk is out of service.
    if (journal.health.state === 'corrupt') {
      try {
        journal.recover();
      } catch (error) {
        logger.error({ error: (error as Error).message }, 'journal recovery failed');
      }
    }
    monitor.set('journalUnavailable', journal.health.state !== 'ok');
  };
  closers.push(journal.onHealthChange(applyJournalHealth));
  // journal.ts clears a write fault (full disk, read-only) only when a write
  // succeeds, and a disk-low state only at its next disk check; an
  // out-of-service kiosk writes nothing, so without this it would stay out
  // of service after the space came back, or after a recovery that failed.
  // The retried write is the record the kiosk could not make when it
  // stopped: why it is out of service.
  const probeJournal = () => {
    const state = journal.health.state;
    if (state === 'full' || state === 'readOnly') {
      const retried = journal.append({ type: 'outOfService.entered', actor: { kind: 'system' }, sessionId: null, payload: { reasons: [JOURNALED_REASON.journalUnavailable] } });
      if (retried.ok) logger.info({ was: state }, 'journal writes again');
    } else if (state === 'diskLow') {
      journal.refreshHealth();
    } else if (state === 'corrupt') {
      // A recovery that failed (no room for the successor, say) is tried again.
      applyJournalHealth();
    }
  };
  const journalProbe = setInterval(probeJournal, (options.journalProbeSeconds ?? 10) * 1000);
  journalProbe.unref();
  closers.push(() => clearInterval(journalProbe));
  // Retention: acknowledged events older than the configured age, once at start and daily.
  const purge = () => {
    try {
      const { purged } = journal.purge({ olderThanMs: config.journalRetentionDays * 24 * 60 * 60 * 1000 });
      if (purged > 0) logger.info({ purged }, 'journal retention purge');
    } catch (error) {
      logger.warn({ error: (error as Error).message }, 'journal retention purge failed');
    }
  };
  purge();
  const purgeTimer = setInterval(purge, 24 * 60 * 60 * 1000);
  purgeTimer.unref();
  closers.push(() => clearInterval(purgeTimer));
  applyJournalHealth();

  // Card reader: insertion and removal drive the flow; a fault stops service.
  reader.on('mediaInserted', () => core.cardInserted());
  reader.on('mediaRemoved', () => core.cardRemoved());
  reader.on('statusChanged', (status) => {
    monitor.set('cardReaderFault', status.device !== 'online');
    void reporter.reportIfChanged();
  });
  scanner.on('statusChanged', () => void reporter.reportIfChanged());
  reader.on('fault', (fault) => {
    readerFault = fault.detail;
    record({ type: 'device.fault', actor: { kind: 'system' }, sessionId: null, payload: { device: 'cardReader', completion: 'hardwareError', errorCode: fault.error } });
    if (core.inSession) core.deviceFault();
  });
  const opened = await reader.open();
  if (opened.completion !== 'success') {
    logger.error({ completion: opened.completion }, 'card reader did not open');
    monitor.set('cardReaderFault', true);
  }
  const scannerOpened = await scanner.open();
  if (scannerOpened.completion !== 'success') logger.warn({ completion: scannerOpened.completion }, 'ID scanner did not open');

  // Calendar and HQ reachability, refreshed periodically; the cached calendar rules while HQ is away.
  const refresh = async () => {
    const answer = await hq.getCalendar();
    if (answer.ok) calendar.update(answer.value.calendar);
    monitor.set('hqUnreachable', !answer.ok);
    const now = new Date(clock.now());
    const status = calendar.statusAt(now);
    monitor.set('maintenance', status.state === 'maintenance', status.until.toISOString(), calendar.noticeAt(now));
    monitor.set('closedHours', status.state === 'closed', (status.nextOpenAt ?? status.until).toISOString());
    // A report HQ did not take (it was away) goes again now; start-up does not wait for it.
    void reporter.reportIfChanged();
  };
  await refresh();
  const probe = setInterval(() => void refresh().catch((error: Error) => logger.warn({ error: error.message }, 'calendar refresh failed')), (options.hqProbeSeconds ?? 30) * 1000);
  closers.push(() => clearInterval(probe));

  // Journal sync: signed batches after HQ's acknowledged seq, every receipt
  // checked with HQ's receipt key (pinned in the config, or fetched from HQ
  // before the first push; docs/hq.md, "Keys").
  sync = new SyncWorker({
    journal,
    client: hqJournalPushClient(hq),
    kioskId: config.kioskId,
    signBatch: ed25519BatchSigner(key.privateKey),
    verifyReceipt: hqReceiptVerifier(hq),
  });
  sync.start();
  const started = sync;
  closers.unshift(() => started.stop());

  record({ type: 'app.started', actor: { kind: 'system' }, sessionId: null, payload: { version: APP_VERSION, host: options.host } });
  core.start();
  const availability = monitor.availability;
  const syncWorker = sync;
  if (!availability.available) core.goOutOfService(availability.reason!, availability.resumesAt, availability.notice);
  logger.info({ kioskId: config.kioskId, hq: hqUrl, available: availability.available }, 'kiosk started');

  return {
    core,
    journal,
    sync: syncWorker,
    hqUrl,
    simulation: { cardReader: cardSimulator, idScanner: scannerSimulator, network, clock, refresh },
    async close(reason = 'shutdown') {
      record({ type: 'app.stopped', actor: { kind: 'system' }, sessionId: null, payload: { reason } });
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
