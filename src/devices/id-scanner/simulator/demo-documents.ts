import { DEMO_PEOPLE, demoPerson, type DemoDocument, type DemoPerson } from '../../../shared/demo/demo-people';
import { isoDate } from '../calendar-date';
import { renderMrz } from '../mrz/mrz-render';
import { renderOcrRecord } from '../ocr-record/ocr-record-render';

/**
 * The documents the simulator can present: the demo cast's documents
 * (rendered from `DEMO_PEOPLE`, so HQ's seed and the scanner agree by
 * construction), the ICAO specimens of DEVICES.md, and a few bad reads.
 * Payloads are lines joined by `\n` (DemoDocument's convention); the
 * simulator sends them with CR between lines, as readers do.
 */
export interface ScannerDemoDocument {
  id: string;
  label: string;
  payload: string;
  /** The demo person this document belongs to, if any. */
  personKey?: string;
}

/** Same month and day `years` earlier (28 Feb when the day does not exist). */
function yearsBefore(iso: string, years: number): string {
  const year = Number(iso.slice(0, 4)) - years;
  const month = Number(iso.slice(5, 7));
  return isoDate(year, month, Number(iso.slice(8, 10))) ?? isoDate(year, month, 28)!;
}

/** Issue date the cast does not record: licences run five years, My Number cards ten (synthetic, for the demo only). */
function syntheticIssueDate(person: DemoPerson, document: DemoDocument): string | undefined {
  switch (document.kind) {
    case 'driversLicence': {
      // Licences are renewed around the holder's birthday (道路交通法 第92条の2).
      const year = Number(document.expiryDate.slice(0, 4)) - 5;
      const birthday = isoDate(year, Number(person.dateOfBirth.slice(5, 7)), Number(person.dateOfBirth.slice(8, 10))) ?? `${year}-02-28`;
      return birthday < document.expiryDate ? birthday : yearsBefore(document.expiryDate, 5);
    }
    case 'myNumberCard':
      return yearsBefore(document.expiryDate, 10);
    default:
      return undefined;
  }
}

/** A cast member's document as the scanner delivers it. A `payload` set in the cast wins. */
export function renderDemoDocumentPayload(person: DemoPerson, document: DemoDocument): string {
  if (document.payload !== undefined) return document.payload;
  const issueDate = syntheticIssueDate(person, document);
  switch (document.kind) {
    case 'passport':
    case 'mrzIdCard':
      return renderMrz({
        format: document.kind === 'passport' ? 'TD3' : 'TD1',
        documentCode: document.kind === 'passport' ? 'P<' : 'I<',
        issuingState: 'JPN',
        nationality: 'JPN',
        surname: person.nameLatin.surname,
        givenNames: person.nameLatin.givenNames,
        documentNumber: document.documentNumber ?? '',
        dateOfBirth: person.dateOfBirth,
        // The cast records no sex; `<` (unspecified) keeps the MRZ honest about that.
        sex: 'X',
        expiryDate: document.expiryDate,
      }).join('\n');
    case 'driversLicence':
      return renderOcrRecord({
        type: 'DL', number: document.documentNumber, name: person.nameKanji, dateOfBirth: person.dateOfBirth,
        address: person.address, issueDate, expiryDate: document.expiryDate,
      }).join('\n');
    case 'myNumberCard':
      return renderOcrRecord({
        type: 'MN', name: person.nameKanji, dateOfBirth: person.dateOfBirth, address: person.address, issueDate, expiryDate: document.expiryDate,
      }).join('\n');
    case 'residenceCard':
      return renderOcrRecord({
        type: 'RC', number: document.documentNumber, name: person.nameKanji,
        nameLatin: `${person.nameLatin.surname}/${person.nameLatin.givenNames}`, dateOfBirth: person.dateOfBirth, expiryDate: document.expiryDate,
      }).join('\n');
    case 'healthInsuranceCard':
      return renderOcrRecord({
        type: 'HI', name: person.nameKanji, kana: person.nameKana, dateOfBirth: person.dateOfBirth, address: person.address, expiryDate: document.expiryDate,
      }).join('\n');
  }
}

/** ICAO Doc 9303 specimens as quoted in DEVICES.md (TD1, TD3) and Part 6 (TD2). All expired in 2012. */
const SPECIMENS: ScannerDemoDocument[] = [
  {
    id: 'icao-td3-specimen',
    label: 'ICAO 9303 specimen passport (TD3), ERIKSSON ANNA MARIA, expired',
    payload: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'].join('\n'),
  },
  {
    id: 'icao-td1-specimen',
    label: 'ICAO 9303 specimen identity card (TD1), ERIKSSON ANNA MARIA, expired',
    payload: ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'].join('\n'),
  },
  {
    id: 'icao-td2-specimen',
    label: 'ICAO 9303 specimen identity card (TD2), ERIKSSON ANNA MARIA, expired',
    payload: ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'].join('\n'),
  },
];

/** Fictitious documents of kinds the cast does not hold, so every kind can be demonstrated. */
const SAMPLES: ScannerDemoDocument[] = [
  {
    id: 'sample-residence-card',
    label: 'NGUYEN VAN AN 在留カード (sample, not in the cast)',
    payload: renderOcrRecord({
      type: 'RC', number: 'AB12345678CD', nameLatin: 'NGUYEN/VAN AN', sex: 'M', nationality: 'VNM',
      dateOfBirth: '1998-06-15', issueDate: '2024-04-01', expiryDate: '2029-04-01',
    }).join('\n'),
  },
  {
    id: 'sample-health-insurance-card',
    label: '中村 さくら 健康保険証 (sample, not in the cast)',
    payload: renderOcrRecord({
      type: 'HI', name: '中村 さくら', kana: 'ナカムラ サクラ', sex: 'F', dateOfBirth: '2000-01-08', issueDate: '2023-04-01',
    }).join('\n'),
  },
];

function castDocuments(): ScannerDemoDocument[] {
  return DEMO_PEOPLE.flatMap((person) => person.documents.map((document) => ({
    id: document.id,
    label: document.label,
    payload: renderDemoDocumentPayload(person, document),
    personKey: person.key,
  })));
}

/** Flips one character: a check digit as an OCR misread would. */
function withCharacter(payload: string, line: number, column: number, replace: (ch: string) => string): string {
  const lines = payload.split('\n');
  const target = lines[line] ?? '';
  lines[line] = target.slice(0, column) + replace(target[column] ?? '0') + target.slice(column + 1);
  return lines.join('\n');
}

export const nextDigit = (ch: string): string => String((Number(/[0-9]/.test(ch) ? ch : '0') + 1) % 10);

function badReads(cast: ScannerDemoDocument[]): ScannerDemoDocument[] {
  const passport = cast.find((d) => d.id === 'sato-passport');
  const licence = cast.find((d) => d.id === 'yamada-licence');
  const extra: ScannerDemoDocument[] = [
    {
      id: 'unreadable-scan',
      label: 'A scan the OCR could not make sense of (glare, wrong side up)',
      payload: ['P<JPN5AT0<<HANAK0<<<<<<', '<<TZ12?45', '#'].join('\n'),
    },
  ];
  if (passport) {
    // TD3 line 2, position 20: the date-of-birth check digit (9303 Part 4).
    extra.push({ id: 'sato-passport-bad-check-digit', label: `${passport.label}, date-of-birth check digit misread`, payload: withCharacter(passport.payload, 1, 19, nextDigit), personKey: passport.personKey });
  }
  if (licence) {
    // Licence number digit 11 is the community-derived check digit (DEVICES.md): a warning, not a failure.
    const lines = licence.payload.split('\n');
    const numberLine = lines.findIndex((l) => l.startsWith('NUMBER:'));
    extra.push({ id: 'yamada-licence-check-warning', label: `${licence.label}, licence check digit inconsistent`, payload: withCharacter(licence.payload, numberLine, 'NUMBER:'.length + 10, nextDigit), personKey: licence.personKey });
  }
  return extra;
}

/**
 * What an attacker holding 山田's card might try at an unmanned machine
 * (issue 13): documents that carry his real name and date of birth but are
 * not a document HQ holds for him. HQ must refuse each; the panel offers
 * them so anyone can see it does.
 */
function forgeries(): ScannerDemoDocument[] {
  const yamada = demoPerson('yamada');
  const forged = (document: DemoDocument): ScannerDemoDocument => ({ id: document.id, label: document.label, payload: renderDemoDocumentPayload(yamada, document), personKey: yamada.key });
  return [
    forged({ id: 'yamada-passport-forged', label: '山田 太郎 旅券 (偽造: 氏名・生年月日は本人、番号は未登録)', kind: 'passport', documentNumber: 'TK9876543', expiryDate: '2033-07-31' }),
    forged({ id: 'yamada-mynumber-forged', label: '山田 太郎 マイナンバーカード (偽造: 番号なし、未登録の種類)', kind: 'myNumberCard', expiryDate: '2034-04-12' }),
    // New issuance ended 2 December 2024; the last cards lapsed on 1 December 2025. No photo.
    forged({ id: 'yamada-health-insurance', label: '山田 太郎 健康保険証 (写真なし: この機械では使えません)', kind: 'healthInsuranceCard', expiryDate: '2025-12-01' }),
  ];
}

export function scannerDemoDocuments(): ScannerDemoDocument[] {
  const cast = castDocuments();
  return [...cast, ...SPECIMENS, ...SAMPLES, ...badReads(cast), ...forgeries()];
}

export function findScannerDemoDocument(id: string): ScannerDemoDocument | undefined {
  return scannerDemoDocuments().find((d) => d.id === id);
}
