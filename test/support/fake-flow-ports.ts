/**
 * Stand-ins for the flow's ports, for unit tests of the flow machine and the
 * core. The integration and end-to-end tests use the real devices'
 * simulators, the real HQ and the real journal instead.
 */
import type { AuthenticateCardResponse, CustomerSummary, IdentifyCardResponse, LimitDeclarations, LimitDecreaseResponse, LimitIncreaseResponse, LimitOfferAnswerResponse, ResetPinResponse, VerifyIdentityResponse } from '../../src/shared/hq-api';
import type { IdentityDocument } from '../../src/shared/identity/identity-document';
import type { JournalEvent } from '../../src/shared/journal';
import type { IncomeCertificate } from '../../src/shared/domain/income-certificate';
import { HqUnavailableError, type CardReadOutcome, type CertificateScanOutcome, type DocumentScanOutcome, type HqPort } from '../../src/main/flows/ports';
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
