/**
 * Income certificates the simulator can lay on the scanner glass (issue 14):
 * every kind the law accepts, for the demo cast (incomes as HQ's seed
 * records them, so a certificate confirms the record), plus one in another
 * person's name and one too old. Dated from "today" (Asia/Tokyo), so each
 * stays the latest of its kind whatever day the demo runs: last year's
 * annual certificate once it can exist (LAST_YEAR_AVAILABLE_FROM, the tax
 * calendar), else the year before.
 * Fictitious content.
 */
import { LAST_YEAR_AVAILABLE_FROM, type IncomeCertificateKind } from '../../../shared/domain/income-certificate';
import { demoPerson } from '../../../shared/demo/demo-people';
import { renderIncomeRecord } from '../ocr-record/ocr-record-render';

export interface ScannerDemoCertificate {
  id: string;
  label: string;
  /** Lines joined by `\n`, as ScannerDemoDocument. */
  payload: string;
  personKey: string;
}

const TITLE: Record<IncomeCertificateKind, string> = {
  withholdingSlip: '源泉徴収票', taxReturn: '確定申告書', payslips: '給与明細（直近2か月）・賞与明細', pensionNotice: '年金通知書',
  taxCertificate: '課税証明書', paymentRecord: '支払調書', businessStatement: '青色申告決算書',
};

/** When each annual kind is issued in the year after the income year (MM-DD). */
const ISSUED_ON: Record<Exclude<IncomeCertificateKind, 'payslips'>, string> = {
  withholdingSlip: '01-20', paymentRecord: '01-25', pensionNotice: '01-15', taxReturn: '03-10', businessStatement: '03-10', taxCertificate: '06-10',
};

interface Spec { id: string; person: string; kind: IncomeCertificateKind; annualIncome: number; yearsOlder?: number; note?: string }

const SPECS: readonly Spec[] = [
  { id: 'yamada-withholding', person: 'yamada', kind: 'withholdingSlip', annualIncome: 4_800_000 },
  { id: 'yamada-payslips', person: 'yamada', kind: 'payslips', annualIncome: 4_800_000 },
  { id: 'yamada-withholding-old', person: 'yamada', kind: 'withholdingSlip', annualIncome: 5_400_000, yearsOlder: 2, note: '古すぎる: 最新ではない' },
  { id: 'kimura-withholding', person: 'kimura', kind: 'withholdingSlip', annualIncome: 7_200_000, note: '他人の書類' },
  { id: 'sato-tax-certificate', person: 'sato', kind: 'taxCertificate', annualIncome: 3_000_000 },
  { id: 'suzuki-tax-return', person: 'suzuki', kind: 'taxReturn', annualIncome: 3_600_000 },
  { id: 'suzuki-business-statement', person: 'suzuki', kind: 'businessStatement', annualIncome: 3_600_000 },
  { id: 'tanaka-pension', person: 'tanaka', kind: 'pensionNotice', annualIncome: 4_200_000 },
  { id: 'takahashi-payslips', person: 'takahashi', kind: 'payslips', annualIncome: 3_300_000 },
  { id: 'takahashi-payment-record', person: 'takahashi', kind: 'paymentRecord', annualIncome: 3_300_000 },
];

/** The latest 25th (a common pay day) on or before today. */
function latestPayDay(todayIso: string): string {
  const [y, m, d] = todayIso.split('-').map(Number) as [number, number, number];
  const back = d >= 25 ? 0 : 1;
  const index = y * 12 + (m - 1) - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-25`;
}

function render(spec: Spec, todayIso: string): ScannerDemoCertificate {
  const person = demoPerson(spec.person);
  const year = Number(todayIso.slice(0, 4));
  let incomeYear: number;
  let issueDate: string;
  if (spec.kind === 'payslips') {
    issueDate = latestPayDay(todayIso);
    incomeYear = Number(issueDate.slice(0, 4));
  } else {
    incomeYear = (todayIso.slice(5) >= LAST_YEAR_AVAILABLE_FROM[spec.kind] ? year - 1 : year - 2) - (spec.yearsOlder ?? 0);
    issueDate = `${incomeYear + 1}-${ISSUED_ON[spec.kind]}`;
  }
  return {
    id: spec.id,
    label: `${person.nameKanji} ${TITLE[spec.kind]} (${incomeYear}年分${spec.note ? `、${spec.note}` : ''})`,
    payload: renderIncomeRecord({ kind: spec.kind, name: person.nameKanji, incomeYear, issueDate, annualIncome: spec.annualIncome }).join('\n'),
    personKey: person.key,
  };
}

export function scannerDemoCertificates(todayIso: string): ScannerDemoCertificate[] {
  return SPECS.map((spec) => render(spec, todayIso));
}

/** What the panel presents when no certificate is named: 山田's latest withholding slip. */
export const DEFAULT_DEMO_CERTIFICATE = 'yamada-withholding';
