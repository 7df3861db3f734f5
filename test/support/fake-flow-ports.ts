/**
 * Stand-ins for the flow's ports, for unit tests of the flow machine and the
 * core. The integration and end-to-end tests use the real devices'
 * simulators, the real HQ and the real journal instead.
 */
import type { AuthenticateCardResponse, ContractChangeDocument, CustomerSummary, DocumentDeliveryAck, DocumentDeliveryReport, IdentifyCardResponse, LimitDeclarations, LimitDecreaseResponse, LimitIncreaseResponse, LimitOfferAnswerResponse, ResetPinResponse, VerifyIdentityResponse } from '../../src/shared/hq-api';
import type { IdentityDocument } from '../../src/shared/identity/identity-document';
import type { JournalEvent } from '../../src/shared/journal';
import type { IncomeCertificate } from '../../src/shared/domain/income-certificate';
import { HqUnavailableError, type CardReadOutcome, type CertificateScanOutcome, type DocumentScanOutcome, type HqPort, type PrinterPort, type PrinterReadiness, type PrintOutcome } from '../../src/main/flows/ports';
import type { SoftPinPad } from '../../src/main/flows/soft-pin-pad';

export const YAMADA: CustomerSummary = {
  kind: 'customer', cardMasked: '******0001', nameKanji: '山田 太郎', nameKana: 'ヤマダ タロウ', creditLimit: 500_000, balance: 120_000, available: 380_000,
};

export const LICENCE: IdentityDocument = {
  kind: 'driversLicence', source: 'ocr', documentNumber: '309012345620', nameKanji: '山田 太郎', nameKana: 'ヤマダ タロウ',
  dateOfBirth: '1985-04-12', expiryDate: '2029-05-12', checks: { documentNumber: 'valid' },
};

type Script<T> = Array<T | Error>;

export class FakeHq implements HqPort {
  auth: Script<AuthenticateCardResponse> = [];
  identify: Script<IdentifyCardResponse> = [];
  verify: Script<VerifyIdentityResponse> = [];
  reset: Script<ResetPinResponse> = [];
  increase: Script<LimitIncreaseResponse> = [];
  decrease: Script<LimitDecreaseResponse> = [];
  /** What HQ received, decrypted as a real HQ would (the fake reads the pad). */
  pinsSeen: string[] = [];
  calls: string[] = [];
  ended: string[] = [];

  #next<T>(name: string, script: Script<T>): Promise<T> {
    this.calls.push(name);
    const item = script.shift();
    if (item === undefined) return Promise.reject(new HqUnavailableError('unreachable', `no scripted answer for ${name}`));
    return item instanceof Error ? Promise.reject(item) : Promise.resolve(item);
  }

  async authenticateCard(_s: string, _c: string, pin: SoftPinPad) {
    this.pinsSeen.push(await pin.consume((d) => d.toString('latin1')));
    return this.#next('authenticateCard', this.auth);
  }
  identifyCard() { return this.#next('identifyCard', this.identify); }
  verifyIdentity() { return this.#next('verifyIdentity', this.verify); }
  async resetPin(_s: string, pin: SoftPinPad) {
    this.pinsSeen.push(await pin.consume((d) => d.toString('latin1')));
    return this.#next('resetPin', this.reset);
  }
  declarationsSeen: Array<LimitDeclarations | null> = [];
  certificatesSeen: Array<IncomeCertificate | null> = [];
  reviewLimitIncrease(_s: string, _r: number, certificate: IncomeCertificate | null, declarations: LimitDeclarations | null) {
    this.declarationsSeen.push(declarations);
    this.certificatesSeen.push(certificate);
    return this.#next('reviewLimitIncrease', this.increase);
  }
  offerAnswers: Script<LimitOfferAnswerResponse> = [];
  answerLimitOffer() { return this.#next('answerLimitOffer', this.offerAnswers); }
  decreaseLimit() { return this.#next('decreaseLimit', this.decrease); }
  /** Delivery reports HQ received; scripted answers, or HQ's acknowledgement when none is scripted. */
  deliveryReports: DocumentDeliveryReport[] = [];
  deliveryAnswers: Script<DocumentDeliveryAck> = [];
  reportDocumentDelivery(report: DocumentDeliveryReport): Promise<DocumentDeliveryAck> {
    this.deliveryReports.push(report);
    if (this.deliveryAnswers.length === 0) {
      this.calls.push('reportDocumentDelivery');
      return Promise.resolve({ documentId: report.documentId, delivery: report.delivered ? 'delivered' : 'notDelivered' });
    }
    return this.#next('reportDocumentDelivery', this.deliveryAnswers);
  }
  async endSession(sessionId: string) { this.ended.push(sessionId); }
}

export class FakeCardReader {
  card: CardReadOutcome = { ok: true, cardNumber: '4000000001' };
  accepting = false;
  moves: string[] = [];
  ejectResult: 'ok' | 'fault' = 'ok';
  async setAcceptingCards(on: boolean) { this.accepting = on; }
  async readCard() { return this.card; }
  async eject() { this.moves.push('eject'); return this.ejectResult; }
  async capture() { this.moves.push('capture'); return 'ok' as const; }
}

/** A contract-change document as HQ would send it (contract-document.ts), naming the customer. */
export function contractDocument(kind: 'increase' | 'decrease', previousLimit: number, newLimit: number, documentId = '11111111-1111-4111-8111-111111111111'): ContractChangeDocument {
  return {
    documentId, kind, issuedAt: '2026-11-24T03:00:00.000Z', effectiveDate: '2026-11-24', previousLimit, newLimit,
    lines: [{ text: '極度額変更のお知らせ', style: 'title', align: 'center' }, { text: '山田 太郎　様' }, { text: `変更後の極度額　${newLimit.toLocaleString('en-US')}円` }],
  };
}

/** A printer that is ready and prints, unless scripted otherwise (one answer per call; the last one repeats). */
export class FakePrinter implements PrinterPort {
  readiness_: PrinterReadiness[] = [{ ready: true }];
  prints: Array<PrintOutcome | Error> = [{ ok: true }];
  printed: ContractChangeDocument[] = [];
  statusChecks = 0;
  async readiness(): Promise<PrinterReadiness> {
    this.statusChecks += 1;
    return (this.readiness_.length > 1 ? this.readiness_.shift() : this.readiness_[0])!;
  }
  async print(document: ContractChangeDocument): Promise<PrintOutcome> {
    const next = (this.prints.length > 1 ? this.prints.shift() : this.prints[0])!;
    if (next instanceof Error) throw next;
    if (next.ok) this.printed.push(document);
    return next;
  }
}

export class FakeIdScanner {
  scans: DocumentScanOutcome[] = [];
  certificates: CertificateScanOutcome[] = [];
  async scanIdentity(): Promise<DocumentScanOutcome> { return this.scans.shift() ?? { ok: false, reason: 'noDocument' }; }
  async scanCertificate(): Promise<CertificateScanOutcome> { return this.certificates.shift() ?? { ok: false, reason: 'noDocument' }; }
}

export function fakeJournal(): { port: (e: JournalEvent) => boolean; events: JournalEvent[]; failing: boolean } {
  const state = {
    events: [] as JournalEvent[],
    failing: false,
    port: (e: JournalEvent) => {
      if (state.failing) return false;
      state.events.push(e);
      return true;
    },
  };
  return state;
}
