/**
 * The technician's tools over the real parts (issue 8, "Technicians"):
 * devices present and configured, self-tests against the configured devices
 * (the simulators in development), the card reader's raw traffic (masked by
 * the driver), kiosk health, and the diagnostics bundle. Everything a
 * technician reads here is free of personal data: card numbers appear
 * masked, documents only by kind, and the bundle is validated against the
 * shared schema (which refuses long digit runs) before it is written or sent.
 */
import type { CrashCounts } from '../../shared/hq-api/crash-counts';
import { mkdirSync, statfsSync, writeFileSync } from 'node:fs';
import { arch, platform, release, type } from 'node:os';
import { join } from 'node:path';
import type { CardReaderService } from '../../devices/card-reader/card-reader-service';
import { listPresentDevices, type PresentDevices } from '../../devices/cli/list-command';
import type { IdScannerService } from '../../devices/id-scanner/id-scanner-service';
import type { PrinterService } from '../../devices/printer';
import { selfTestPage } from '../../devices/printer/self-test-page';
import type { SelfTestName } from '../../shared/bridge';
import { DiagnosticsBundle, looksPersonal, type DeviceReport, type KioskHealth, type PresentPort, type TrafficEntry } from '../../shared/diagnostics/diagnostics-bundle';
import { maskCardNumber } from '../../shared/domain/card-number';
import { CaptureReason } from '../../shared/journal';
import type { CommandResult } from '../../shared/xfs/vocabulary';
import type { CaptureRecord, ExportTarget, TechnicianPort } from '../flows/operator/operator-ports';
import { DEFAULT_EXPORT_ROOTS, exportTargets as findExportTargets } from './export-targets';
import { refusesThisKiosk, type HqClient } from '../hq-client/hq-client';
import type { Journal } from '../journal/journal';
import type { SyncStatus } from '../sync/sync-worker';

export interface TechnicianToolsOptions {
  kioskId: string;
  appVersion: string;
  reader: CardReaderService;
  scanner: IdScannerService;
  /** The document printer (issue 14); absent on a kiosk built without one (older test rigs). */
  printer?: PrinterService;
  journal: Journal;
  /** The sync worker's status (it is built after the core). */
  sync: () => SyncStatus | null;
  hq: Pick<HqClient, 'getCalendar' | 'keysPinned'>;
  /** The kiosk key's fingerprint, grouped (kiosk-key.ts), shown for enrolment (issue 16). */
  keyFingerprint?: string;
  availability: () => { available: boolean; reasons: string[] };
  /** Unclean stops and renderer failures (lifecycle/crash-accounting.ts). */
  crashCounts: () => CrashCounts;
  dataDir: string;
  diagnosticsDir: string;
  /** The kiosk's clock (the simulator may shift it). */
  clock: () => Date;
  documentScanTimeoutMs: number;
  listDevices?: () => Promise<PresentDevices>;
  /** Where removable drives are mounted (export-targets.ts). */
  exportRoots?: readonly string[];
  /** Told after staff recorded emptying the bin (the simulator empties its own). */
  onRetainBinEmptied?: () => void;
}

const TRACE_IN_BUNDLE = 500;


/** A line for the technician: completion and error code, never the device's free text when it could carry data. */
function describe(result: CommandResult<unknown, string>): string {
  if (result.completion === 'success') return 'success';
  if (result.completion === 'commandErrorCode') return `commandErrorCode ${result.errorCode}${result.detail ? `: ${result.detail}` : ''}`;
  return `${result.completion}${result.detail ? `: ${result.detail}` : ''}`;
}

/** Free text that could carry a long digit run is cut down to its shape. */
function safe(text: string, max = 200): string {
  const cut = text.slice(0, max);
  return looksPersonal(cut) ? cut.replace(/[0-9０-９]/g, '#') : cut;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

export class TechnicianTools implements TechnicianPort {
  #integrity: KioskHealth['journal']['integrity'] = null;

  constructor(private readonly options: TechnicianToolsOptions) {}

  async portsPresent(): Promise<{ ports: PresentPort[]; error: string | null }> {
    const found = await (this.options.listDevices ?? listPresentDevices)();
    const ports: PresentPort[] = [
      ...found.serialPorts.map((p) => ({
        kind: 'serial' as const, path: safe(p.path), vendorId: p.vendorId, productId: p.productId,
        manufacturer: p.manufacturer === null ? null : safe(p.manufacturer, 100), product: null,
      })),
      ...found.hidDevices.map((d) => ({
        kind: 'hid' as const, path: d.path === null ? null : safe(d.path), vendorId: hex4(d.vendorId), productId: hex4(d.productId),
        manufacturer: d.manufacturer === null ? null : safe(d.manufacturer, 100), product: d.product === null ? null : safe(d.product, 100),
      })),
    ].slice(0, 64);
    return { ports, error: found.errors.length ? safe(found.errors.join('; ')) : null };
  }

  deviceReports(): DeviceReport[] {
    const { reader, scanner } = this.options;
    const rs = reader.status();
    const rc = reader.capabilities();
    const rd = reader.diagnostics();
    const ss = scanner.status();
    const sc = scanner.capabilities();
    return [
      {
        name: 'cardReader', model: 'CRT-310', endpoint: safe(rd.endpoint), state: rs.device, firmware: rd.firmware ? safe(rd.firmware, 60) : null,
        capabilities: {
          type: rc.type, readTracks: [...rc.readTracks], moveTargets: [...rc.moveTargets], retainBinHigh: rc.retainBin.high, retainBinFull: rc.retainBin.full,
          cardSizeDetection: rc.cardSizeDetection, led: this.ledSupported(), ...(rd.baudRate ? { baudRate: rd.baudRate } : {}),
        },
        counters: { ...rd.counters },
        status: { device: rs.device, media: rs.media, position: rs.position, cardEntry: rs.cardEntry, retainBin: rs.retainBin, retainedCount: rs.retainedCount },
      },
      {
        name: 'idScanner', model: `ID scanner (${sc.transport})`, endpoint: safe(ss.endpoint), state: ss.device, firmware: null,
        capabilities: {
          transport: sc.transport, documentKinds: [...sc.documentKinds], payloadFormats: [...sc.payloadFormats], maxPayloadBytes: sc.maxPayloadBytes,
          readsChip: sc.readsChip, capturesImages: sc.capturesImages,
        },
        counters: { ...scanner.counters() },
        status: { device: ss.device, scanning: ss.scanning, ...(ss.lastFault ? { lastFault: safe(ss.lastFault) } : {}) },
      },
      ...(this.options.printer ? [this.printerReport(this.options.printer)] : []),
    ];
  }

  /** The printer with its paper and cover state (DLE EOT, docs/printer.md); document bytes only as counts. */
  printerReport(printer: PrinterService): DeviceReport {
    const ps = printer.status();
    const pc = printer.capabilities();
    const pd = printer.diagnostics();
    return {
      name: 'printer', model: 'ESC/POS receipt printer', endpoint: safe(pd.endpoint), state: ps.device, firmware: null,
      capabilities: {
        type: pc.type, characterSets: [...pc.characterSets], cut: pc.cut, styles: [...pc.styles], sensors: [...pc.sensors], ...(pd.baudRate ? { baudRate: pd.baudRate } : {}),
      },
      counters: Object.fromEntries(Object.entries(pd.counters).filter(([, v]) => typeof v === 'number')) as DeviceReport['counters'],
      status: { device: ps.device, paper: ps.paper, cover: ps.cover, printing: ps.printing },
    };
  }

  /** The CRT-310 has LED commands (DEVICES.md); the service exposes them as `setLed`. */
  ledSupported(): boolean {
    return true;
  }

  async selfTest(test: SelfTestName): Promise<{ ok: boolean; detail: string }> {
    const { reader, scanner } = this.options;
    switch (test) {
      case 'readerReset': {
        const r = await reader.reset({ to: 'currentPosition' });
        return r.completion === 'success' ? { ok: true, detail: safe(`firmware ${r.value.firmware}; ${r.value.status.device}, media ${r.value.status.media}`) } : { ok: false, detail: safe(describe(r)) };
      }
      case 'readerStatus': {
        const r = await reader.refreshStatus();
        if (r.completion !== 'success') return { ok: false, detail: safe(describe(r)) };
        const s = r.value;
        return { ok: s.device === 'online', detail: `${s.device}, media ${s.media}, position ${s.position}, entry ${s.cardEntry}, bin ${s.retainBin} (${s.retainedCount})` };
      }
      case 'readerLed': {
        const r = await reader.setLed('blink');
        return { ok: r.completion === 'success', detail: r.completion === 'success' ? 'LED blinking' : safe(describe(r)) };
      }
      case 'readCard': {
        // The card at the slot goes in, is read, and comes back to the slot.
        const inside = await reader.move({ to: 'transport' });
        if (inside.completion !== 'success') return { ok: false, detail: safe(`move in: ${describe(inside)}`) };
        const read = await reader.readRawData({ track1: true, track2: true });
        const back = await reader.move({ to: 'exit' });
        const backNote = back.completion === 'success' ? '' : `; move out: ${describe(back)}`;
        if (read.completion !== 'success') return { ok: false, detail: safe(`read: ${describe(read)}${backNote}`) };
        const tracks = Object.entries(read.value.tracks).map(([track, status]) => `${track} ${status?.status ?? 'notRead'}`).join(', ');
        const card = read.value.cardNumber ? `; card ${maskCardNumber(read.value.cardNumber)}` : '';
        return { ok: back.completion === 'success', detail: safe(`${tracks}${card}${backNote}`) };
      }
      case 'eject': {
        const r = await reader.move({ to: 'exit' });
        return { ok: r.completion === 'success', detail: safe(r.completion === 'success' ? `card at the slot (${r.value.position})` : describe(r)) };
      }
      case 'capture': {
        const r = await reader.move({ to: 'retain' });
        return { ok: r.completion === 'success', detail: safe(r.completion === 'success' ? `captured; bin ${r.value.retainBin} (${r.value.retainedCount})` : describe(r)) };
      }
      case 'scan': {
        const r = await scanner.scan({ timeoutMs: this.options.documentScanTimeoutMs });
        if (r.completion === 'success') {
          // The document's kind and checks only: no name, number or date leaves the scanner here.
          const checks = Object.values(r.value.checks);
          const failed = checks.filter((c) => c === 'invalid').length;
          return { ok: true, detail: `read ${r.value.kind} (${r.value.source}); ${checks.length} checks, ${failed} failed` };
        }
        return { ok: false, detail: r.completion === 'commandErrorCode' ? `commandErrorCode ${r.errorCode}` : r.completion };
      }
      case 'resetCardReader': {
        const r = await reader.reset({ to: 'currentPosition' });
        if (r.completion !== 'success') return { ok: false, detail: safe(describe(r)) };
        const status = await reader.refreshStatus();
        return { ok: status.completion === 'success' && status.value.device === 'online', detail: safe(status.completion === 'success' ? `reset; ${status.value.device}, media ${status.value.media}` : describe(status)) };
      }
      case 'printerStatus':
      case 'printerPage': {
        const { printer } = this.options;
        if (!printer) return { ok: false, detail: 'no printer configured' };
        if (test === 'printerStatus') {
          const r = await printer.refreshStatus();
          if (r.completion !== 'success') return { ok: false, detail: safe(describe(r)) };
          return { ok: r.value.device === 'online', detail: `${r.value.device}, paper ${r.value.paper}, cover ${r.value.cover}` };
        }
        const { endpoint, baudRate } = printer.diagnostics();
        const r = await printer.print(selfTestPage({ at: this.options.clock(), endpoint, ...(baudRate === undefined ? {} : { baudRate }) }));
        if (r.completion !== 'success') return { ok: false, detail: safe(`${describe(r)}${r.started ? ' (page started)' : ''}`) };
        return { ok: true, detail: `page printed: ${r.value.lines} lines, ${r.value.bytes} bytes, paper ${r.value.paper}` };
      }
      case 'resetIdScanner': {
        await scanner.close();
        const r = await scanner.open();
        return { ok: r.completion === 'success', detail: safe(r.completion === 'success' ? `reopened; ${r.value.device}` : describe(r)) };
      }
      default: {
        const never: never = test;
        throw new Error(`unknown self-test ${String(never)}`);
      }
    }
  }

  traffic(limit: number): TrafficEntry[] {
    return this.options.reader.diagnostics().trace.slice(-limit).map((t) => ({ at: t.at, direction: t.direction, hex: t.hex.slice(0, 2048), note: safe(t.note) }));
  }

  async health(): Promise<KioskHealth> {
    const { journal, clock } = this.options;
    const stats = journal.stats();
    const sync = this.options.sync();
    const sent = clock().getTime();
    const started = performance.now();
    const answer = await this.options.hq.getCalendar();
    const latencyMs = Math.round(performance.now() - started);
    const clockSkewMs = answer.ok ? Date.parse(answer.value.serverTime) - (sent + latencyMs / 2) : null;
    let diskFreeMb: number | null = null;
    try {
      const fs = statfsSync(this.options.dataDir);
      diskFreeMb = Math.floor((fs.bavail * fs.bsize) / (1024 * 1024));
    } catch {
      diskFreeMb = null;
    }
    const availability = this.options.availability();
    return {
      journal: {
        count: stats.count, headSeq: stats.headSeq, ackedSeq: stats.ackedSeq, pending: stats.pending, oldestPendingAt: stats.oldestPendingAt,
        health: stats.health.state, integrity: this.#integrity,
      },
      sync: {
        state: sync?.state ?? 'stopped',
        pending: sync?.pending ?? stats.pending,
        lastSuccessAt: sync?.lastSuccessAt ?? null,
        lastErrorAt: sync?.lastErrorAt ?? null,
        lastError: sync?.lastError ? safe(`${sync.lastError.code}: ${sync.lastError.detail}`) : null,
        tamperAlert: sync?.refusal ? safe(`HQ refuses the journal: ${sync.refusal.reason}${sync.refusal.atSeq ? ` at seq ${sync.refusal.atSeq}` : ''}`, 120) : null,
      },
      diskFreeMb,
      hq: { reachable: answer.ok, latencyMs: answer.ok ? latencyMs : null, clockSkewMs: clockSkewMs === null ? null : Math.round(clockSkewMs), checkedAt: new Date(sent).toISOString(), keysPinned: this.options.hq.keysPinned,
        ...(this.options.keyFingerprint ? { keyFingerprint: this.options.keyFingerprint } : {}),
        refusesThisKiosk: !answer.ok && refusesThisKiosk(answer.error),
      },
      appVersion: this.options.appVersion,
      os: safe(`${type()} ${release()} ${platform()}/${arch()}`, 120),
      node: process.version,
      uptimeSeconds: Math.floor(process.uptime()),
      crashRecoveries: journal.recentOfTypes(['app.crashRecovered'], 5).map((row) => ({
        at: row.occurredAt,
        lastSeqBeforeCrash: typeof row.payload.lastSeqBeforeCrash === 'number' ? row.payload.lastSeqBeforeCrash : null,
      })),
      crashCounts: this.options.crashCounts(),
      outOfService: { available: availability.available, reasons: availability.reasons.slice(0, 10) },
    };
  }

  /** The chain check in slices, the event loop free between them (Journal.verifyInSlices). */
  async verifyJournal(): Promise<{ ok: boolean; checked: number; firstBadSeq: number | null; problem: string | null }> {
    const result = await this.options.journal.verifyInSlices();
    const verdict = result.ok
      ? { ok: true, checked: result.checked, firstBadSeq: null, problem: null }
      : { ok: false, checked: result.checked, firstBadSeq: result.firstBadSeq, problem: result.problem };
    this.#integrity = { ...verdict, at: this.options.clock().toISOString() };
    return verdict;
  }

  async buildBundle(createdBy: string, selfTests: readonly { test: string; ok: boolean; detail: string; at: string }[]): Promise<DiagnosticsBundle> {
    const [health, present] = await Promise.all([this.health(), this.portsPresent()]);
    const candidate = {
      format: 'kiosk-diagnostics/1' as const,
      kioskId: this.options.kioskId,
      createdAt: this.options.clock().toISOString(),
      createdBy,
      health,
      devices: this.deviceReports(),
      portsPresent: present.ports,
      cardReaderTraffic: this.traffic(TRACE_IN_BUNDLE),
      journalEventCounts: this.options.journal.countByType(),
      selfTests: selfTests.slice(0, 50).map((t) => ({ test: t.test, ok: t.ok, detail: safe(t.detail), at: t.at })),
    };
    // The schema is the personal-data check: a bundle that fails it is neither written nor sent.
    const parsed = DiagnosticsBundle.safeParse(candidate);
    if (!parsed.success) throw new Error(`diagnostics bundle refused: ${parsed.error.issues.slice(0, 3).map((i) => i.path.join('.')).join('; ')}`);
    return parsed.data;
  }

  /** The kiosk's diagnostics folder and the removable drives mounted now. */
  async exportTargets(): Promise<ExportTarget[]> {
    return findExportTargets(this.options.diagnosticsDir, this.options.exportRoots ?? DEFAULT_EXPORT_ROOTS);
  }

  async writeBundle(bundle: DiagnosticsBundle, dir: string = this.options.diagnosticsDir): Promise<{ ok: true; path: string } | { ok: false; detail: string }> {
    try {
      // The kiosk's own folder is made when missing; a drive's mount path must already be there.
      if (dir === this.options.diagnosticsDir) mkdirSync(dir, { recursive: true, mode: 0o700 });
      const stamp = bundle.createdAt.replace(/[:.]/g, '-');
      const path = join(dir, `diagnostics-${bundle.kioskId}-${stamp}.json`);
      writeFileSync(path, `${JSON.stringify(bundle, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      return { ok: true, path };
    } catch (error) {
      return { ok: false, detail: safe((error as NodeJS.ErrnoException).code ?? (error as Error).message) };
    }
  }

  retainBin(): { count: number; state: 'ok' | 'high' | 'full' } {
    const status = this.options.reader.status();
    return { count: status.retainedCount, state: status.retainBin };
  }

  recentCaptures(limit: number): CaptureRecord[] {
    return this.options.journal.recentOfTypes(['card.captured'], limit).map((row) => ({
      at: row.occurredAt,
      reason: CaptureReason.safeParse(row.payload.reason).data ?? 'unknown',
      maskedCard: row.actor.kind === 'customer' ? row.actor.maskedCard ?? null : null,
    }));
  }

  emptyRetainBin(): number {
    const count = this.options.reader.status().retainedCount;
    this.options.reader.resetRetainBinCount(0);
    this.options.onRetainBinEmptied?.();
    return count;
  }
}
