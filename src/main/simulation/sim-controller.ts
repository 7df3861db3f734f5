/**
 * Carries out the simulator panel's commands on the simulated devices, the
 * HQ link switch and the kiosk clock. Development only: the web host
 * mounts it; the Electron shell never does.
 */
import { demoTracks } from '../../devices/card-reader/simulator/demo-card';
import { scannerDemoDocuments } from '../../devices/id-scanner/simulator/demo-documents';
import { INCOME_CERTIFICATE_TYPE } from '../../devices/id-scanner/ocr-record/ocr-record';
import { DEMO_PEOPLE } from '../../shared/demo/demo-people';
import type { SimCommand, SimResult, SimState } from '../../shared/sim/sim-commands';
import { assertNever } from '../../shared/assert-never';
import type { ComposedKiosk } from '../compose-kiosk';

/**
 * What a reader's OCR adapter sends for an income certificate page: a JPID
 * record whose type is not an identity document (docs/id-document-record.md),
 * which the ID parser reports as `unsupportedDocument` (fictitious content).
 */
const INCOME_CERTIFICATE_PAGE = ['JPID/1', `TYPE:${INCOME_CERTIFICATE_TYPE}`, 'NAME:山田 太郎', 'END'].join('\r');

export class SimController {
  constructor(private readonly kiosk: ComposedKiosk) {}

  state(): SimState {
    const { simulation, core } = this.kiosk;
    const reader = simulation.cardReader?.snapshot();
    return {
      cards: DEMO_PEOPLE.filter((p) => p.cardNumber).map((p) => ({ cardNumber: p.cardNumber!, label: `${p.nameKanji} (${p.role})` })),
      documents: scannerDemoDocuments().map((d) => ({ id: d.id, label: d.label })),
      hqOnline: simulation.network.online,
      clock: new Date(simulation.clock.now()).toISOString(),
      clockShifted: simulation.clock.shifted,
      cardReader: reader ? { media: reader.position, retained: reader.retained, jammed: reader.jammed, silent: reader.silent } : null,
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
      case 'presentIncomeCertificate':
        if (!scanner) return { ok: false, message: 'the ID scanner is not simulated' };
        // A page the ID parser does not know as an identity document (see id-scanner-port.ts).
        await scanner.present({ payload: INCOME_CERTIFICATE_PAGE });
        return { ok: true, message: 'presented an income certificate page' };
      case 'cardReaderFault':
        if (!reader) return { ok: false, message: 'the card reader is not simulated' };
        if (command.fault === 'jam') reader.jam();
        else if (command.fault === 'clearJam') reader.clearJam();
        else reader.setSilent(command.fault === 'silent');
        return { ok: true, message: `card reader: ${command.fault}` };
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
