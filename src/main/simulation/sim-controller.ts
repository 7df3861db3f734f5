/**
 * Carries out the simulator panel's commands on the simulated devices, the
 * HQ link switch and the kiosk clock. Development only: the web host
 * mounts it; the Electron shell never does.
 */
import { demoTracks } from '../../devices/card-reader/simulator/demo-card';
import { scannerDemoDocuments } from '../../devices/id-scanner/simulator/demo-documents';
import { DEFAULT_DEMO_CERTIFICATE, scannerDemoCertificates } from '../../devices/id-scanner/simulator/demo-certificates';
import { tokyoIsoDate } from '../../devices/id-scanner/calendar-date';
import { DEMO_PEOPLE } from '../../shared/demo/demo-people';
import type { SimCommand, SimResult, SimState } from '../../shared/sim/sim-commands';
import { assertNever } from '../../shared/assert-never';
import type { PrinterSimulator } from '../../devices/printer';
import type { ComposedKiosk } from '../compose-kiosk';

const PAPER_OF = { paperFull: 'full', paperNearEnd: 'nearEnd', paperOut: 'out' } as const;
/** What the panel shows of the printer: the last few documents are enough to read a slip back. */
const PRINTED_SHOWN = 5;

function printerState(printer: PrinterSimulator): NonNullable<SimState['printer']> {
  const snapshot = printer.snapshot();
  return {
    paper: snapshot.paper, coverOpen: snapshot.coverOpen, canPrint: snapshot.canPrint,
    printed: printer.printed().slice(-PRINTED_SHOWN).map((d) => ({ text: d.text, cut: d.cut })),
  };
}

export class SimController {
  constructor(private readonly kiosk: ComposedKiosk) {}

  /** Dated from the kiosk's (possibly shifted) clock, so "latest" and "too old" hold on the simulated day. */
  #certificates() {
    return scannerDemoCertificates(tokyoIsoDate(new Date(this.kiosk.simulation.clock.now())));
  }

  state(): SimState {
    const { simulation, core } = this.kiosk;
    const reader = simulation.cardReader?.snapshot();
    const printer = simulation.printer;
    return {
      cards: DEMO_PEOPLE.filter((p) => p.cardNumber).map((p) => ({ cardNumber: p.cardNumber!, label: `${p.nameKanji} (${p.role})` })),
      documents: scannerDemoDocuments().map((d) => ({ id: d.id, label: d.label })),
      certificates: this.#certificates().map((c) => ({ id: c.id, label: c.label })),
      hqOnline: simulation.network.online,
      clock: new Date(simulation.clock.now()).toISOString(),
      clockShifted: simulation.clock.shifted,
      cardReader: reader ? { media: reader.position, retained: reader.retained, jammed: reader.jammed, silent: reader.silent } : null,
      printer: printer ? printerState(printer) : null,
      screen: core.view.view.screen,
    };
  }

  async run(command: SimCommand): Promise<SimResult> {
    const { simulation } = this.kiosk;
    const reader = simulation.cardReader;
    const scanner = simulation.idScanner;
    switch (command.type) {
      case 'insertCard': {
        if (!reader) return { ok: false, message: 'the card reader is not simulated' };
        const outcome = reader.insertCard(demoTracks(command.cardNumber));
        return { ok: outcome !== 'slotOccupied', message: `card ${outcome}` };
      }
      case 'insertUnreadableCard': {
        if (!reader) return { ok: false, message: 'the card reader is not simulated' };
        const outcome = reader.insertCard({ track1: { unreadable: true }, track2: { unreadable: true } });
        return { ok: outcome !== 'slotOccupied', message: `unreadable card ${outcome}` };
      }
      case 'insertCardOfSize': {
        if (!reader) return { ok: false, message: 'the card reader is not simulated' };
        const outcome = reader.insertCard({ ...demoTracks('4000000001'), size: command.size });
        return { ok: outcome !== 'slotOccupied', message: `${command.size} card ${outcome}` };
      }
      case 'removeCard':
        if (!reader) return { ok: false, message: 'the card reader is not simulated' };
        return reader.removeCard() ? { ok: true, message: 'card taken' } : { ok: false, message: 'no card at the slot' };
      case 'presentDocument': {
        if (!scanner) return { ok: false, message: 'the ID scanner is not simulated' };
        if (!scannerDemoDocuments().some((d) => d.id === command.documentId)) return { ok: false, message: `no demo document ${command.documentId}` };
        await scanner.present(command.documentId);
        return { ok: true, message: `presented ${command.documentId}` };
      }
      case 'presentUnreadableDocument':
        if (!scanner) return { ok: false, message: 'the ID scanner is not simulated' };
        await scanner.presentUnreadable();
        return { ok: true, message: 'presented an unreadable page' };
      case 'presentIncomeCertificate': {
        if (!scanner) return { ok: false, message: 'the ID scanner is not simulated' };
        const id = command.certificateId ?? DEFAULT_DEMO_CERTIFICATE;
        const certificate = this.#certificates().find((c) => c.id === id);
        if (!certificate) return { ok: false, message: `no demo certificate ${id}` };
        // A JPID TYPE:INCOME record, lines joined with CR as readers send them (docs/id-document-record.md).
        await scanner.present({ payload: certificate.payload.split('\n').join('\r') });
        return { ok: true, message: `presented ${id}` };
      }
      case 'cardReaderFault':
        if (!reader) return { ok: false, message: 'the card reader is not simulated' };
        if (command.fault === 'jam') reader.jam();
        else if (command.fault === 'clearJam') reader.clearJam();
        else reader.setSilent(command.fault === 'silent');
        return { ok: true, message: `card reader: ${command.fault}` };
      case 'printer': {
        const printer = simulation.printer;
        if (!printer) return { ok: false, message: 'the printer is not simulated' };
        const setting = command.setting;
        if (setting === 'paperFull' || setting === 'paperNearEnd' || setting === 'paperOut') printer.setPaper(PAPER_OF[setting]);
        else if (setting === 'coverOpen' || setting === 'coverClosed') printer.setCoverOpen(setting === 'coverOpen');
        else printer.clearPrinted();
        return { ok: true, message: `printer: ${setting}` };
      }
      case 'printerPaperRunsOutAfter':
        if (!simulation.printer) return { ok: false, message: 'the printer is not simulated' };
        simulation.printer.runOutOfPaperAfter(command.lines);
        return { ok: true, message: `printer: paper runs out after ${command.lines} lines` };
      case 'setHqOnline':
        simulation.network.setOnline(command.online);
        await simulation.refresh();
        return { ok: true, message: command.online ? 'HQ link on' : 'HQ link off' };
      case 'setClock':
        if (command.at) simulation.clock.setNow(new Date(command.at));
        else simulation.clock.reset();
        await simulation.refresh();
        return { ok: true, message: `kiosk clock ${new Date(simulation.clock.now()).toISOString()}` };
      case 'setHandset':
        this.kiosk.core.handsetChanged(command.lifted);
        return { ok: true, message: command.lifted ? 'handset lifted' : 'handset put back' };
      default:
        return assertNever(command, 'simulator command');
    }
  }
}
