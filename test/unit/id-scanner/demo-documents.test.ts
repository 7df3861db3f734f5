import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../../src/shared/demo/demo-people';
import { classifyParse } from '../../../src/devices/id-scanner/id-scan-result';
import { parsePayload } from '../../../src/devices/id-scanner/payload/parse-payload';
import { findScannerDemoDocument, renderDemoDocumentPayload, scannerDemoDocuments } from '../../../src/devices/id-scanner/simulator/demo-documents';

const TODAY = '2026-01-15';
const outcome = (id: string) => {
  const document = findScannerDemoDocument(id);
  if (!document) throw new Error(`no ${id}`);
  return classifyParse(parsePayload(document.payload, { todayIso: TODAY }), TODAY);
};

describe('simulator demo documents', () => {
  it('offers every cast document under its cast id, with unique ids', () => {
    const ids = scannerDemoDocuments().map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const document of DEMO_PEOPLE.flatMap((p) => p.documents)) expect(ids).toContain(document.id);
  });

  it('renders the passport as a TD3 MRZ with correct check digits', () => {
    const payload = findScannerDemoDocument('sato-passport')!.payload;
    expect(payload.split('\n')).toEqual([
      'P<JPNSATO<<HANAKO<<<<<<<<<<<<<<<<<<<<<<<<<<<',
      'TZ12345676JPN9011034<3103153<<<<<<<<<<<<<<<6',
    ]);
  });

  it('uses a payload written into the cast verbatim', () => {
    const person = DEMO_PEOPLE[0]!;
    expect(renderDemoDocumentPayload(person, { ...person.documents[0]!, payload: 'JPID/1\nTYPE:DL\nEND' })).toBe('JPID/1\nTYPE:DL\nEND');
  });

  it.each([
    ['icao-td3-specimen', 'expired'],
    ['icao-td1-specimen', 'expired'],
    ['icao-td2-specimen', 'expired'],
    ['unreadable-scan', 'unreadable'],
    ['sato-passport-bad-check-digit', 'checkDigitMismatch'],
    ['yamada-licence-expired', 'expired'],
  ])('%s reads as %s', (id, errorCode) => {
    expect(outcome(id)).toMatchObject({ completion: 'commandErrorCode', errorCode });
  });

  it.each(['sample-residence-card', 'sample-health-insurance-card', 'yamada-licence-check-warning', 'takahashi-mynumber', 'kimura-licence'])('%s reads as a valid document', (id) => {
    expect(outcome(id).completion).toBe('success');
  });
});

describe('forged documents for 山田 (issue 13)', () => {
  it.each([
    ['yamada-passport-forged', 'passport', 'TK9876543'],
    ['yamada-mynumber-forged', 'myNumberCard', undefined],
  ] as const)('%s reads cleanly as a %s with his real name and date of birth, so only HQ can refuse it', (id, kind, number) => {
    const result = outcome(id);
    expect(result).toMatchObject({ completion: 'success', value: { kind, dateOfBirth: '1985-04-12' } });
    if (result.completion === 'success') expect(result.value.documentNumber).toBe(number);
  });

  it('offers a health-insurance card for 山田 that lapsed with the rest on 1 December 2025', () => {
    const payload = findScannerDemoDocument('yamada-health-insurance')!.payload;
    const parsed = classifyParse(parsePayload(payload, { todayIso: '2025-11-30' }), '2025-11-30');
    expect(parsed).toMatchObject({ completion: 'success', value: { kind: 'healthInsuranceCard', expiryDate: '2025-12-01' } });
  });
});
