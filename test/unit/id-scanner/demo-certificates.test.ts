import { describe, expect, it } from 'vitest';
import { classifyParse } from '../../../src/devices/id-scanner/id-scan-result';
import { scannerDemoCertificates } from '../../../src/devices/id-scanner/simulator/demo-certificates';
import { parsePayload } from '../../../src/devices/id-scanner/payload/parse-payload';
import { assessIncomeCertificate } from '../../../src/hq/policy/income-certificate-rules';
import { IncomeCertificateKind } from '../../../src/shared/domain/income-certificate';
import { demoPerson } from '../../../src/shared/demo/demo-people';

/** Through the real parser and HQ's real rule, on days across the tax calendar. */
function judged(todayIso: string) {
  return scannerDemoCertificates(todayIso).map((c) => {
    const result = classifyParse(parsePayload(c.payload.split('\n').join('\r'), { todayIso }), todayIso);
    if (result.completion !== 'commandErrorCode' || !result.certificate) throw new Error(`${c.id} did not read as a certificate`);
    // Each certificate is judged against the demo customer whose card is used with it: 山田 for 木村's.
    const customer = demoPerson(c.personKey === 'kimura' ? 'yamada' : c.personKey);
    return { id: c.id, kind: result.certificate.kind, verdict: assessIncomeCertificate(result.certificate, customer, todayIso) };
  });
}

describe('the simulator\'s income certificates', () => {
  it.each(['2026-01-05', '2026-02-01', '2026-03-15', '2026-06-10', '2026-12-02'])('on %s: every kind, the cast\'s accepted, one another person\'s, one too old', (today) => {
    const all = judged(today);
    expect(new Set(all.map((c) => c.kind))).toEqual(new Set(IncomeCertificateKind.options));
    for (const c of all) {
      const expected = c.id === 'kimura-withholding' ? { accepted: false, reason: 'certificateNameMismatch' }
        : c.id === 'yamada-withholding-old' ? { accepted: false, reason: 'certificateTooOld' }
          : expect.objectContaining({ accepted: true });
      expect({ id: c.id, verdict: c.verdict }).toEqual({ id: c.id, verdict: expected });
    }
  });
});
