// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { CertificateKind, type Locale } from '../../../src/shared/bridge';
import CertificateChoiceScreen from '../../../src/renderer/screens/CertificateChoiceScreen.vue';
import { viewOf } from './fixtures';
import { expectEveryButtonNamed, mountScreen, sent, t } from './mount-screen';
/** Readings shown as furigana (issue 18) are not part of the sentence the test compares. */
const FURIGANA = /（[ぁ-ゖー]+）/g;

afterEach(() => { document.body.innerHTML = ''; });

describe('certificate choice screen', () => {
  for (const locale of ['ja', 'en'] as Locale[]) {
    it(`offers one button per certificate in ${locale}`, () => {
      const { wrapper } = mountScreen(CertificateChoiceScreen, viewOf('certificateChoice'), locale);
      expect(wrapper.findAll('[data-certificate] .tile__title').map((b) => b.text().replace(FURIGANA, '')))
        .toEqual(CertificateKind.options.map((kind) => t(`certificate.kind.${kind}`)));
      expectEveryButtonNamed(wrapper);
    });
  }

  it('names the certificates as customers know them', () => {
    const { wrapper } = mountScreen(CertificateChoiceScreen, viewOf('certificateChoice'));
    expect(wrapper.findAll('.tile__title').map((b) => b.text().replace(FURIGANA, ''))).toEqual([
      '源泉徴収票', '確定申告書', '給与明細書（直近2か月分）と賞与明細書', '年金通知書・年金証書', '課税証明書・所得証明書', '支払調書', '青色申告決算書・収支内訳書',
    ]);
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  for (const locale of ['ja', 'en'] as Locale[]) {
    it(`says why the last certificate was refused, for every reason, in ${locale}`, () => {
      for (const refusal of ['certificateNameMismatch', 'certificateTooOld', 'certificateUnreadable'] as const) {
        const { wrapper } = mountScreen(CertificateChoiceScreen, viewOf('certificateChoice', { refusal }), locale);
        expect(wrapper.get(`[role="alert"][data-refusal="${refusal}"]`).text()).toBe(t(`certificate.refused.${refusal}`));
        wrapper.unmount();
      }
    });
  }

  it('tells another person\'s certificate apart in plain words', () => {
    const { wrapper } = mountScreen(CertificateChoiceScreen, viewOf('certificateChoice', { refusal: 'certificateNameMismatch' }));
    expect(wrapper.get('[role="alert"]').text()).toContain('ご本人のお名前のものではありません');
  });

  it('sends the chosen certificate, and cancel', async () => {
    const { wrapper, send } = mountScreen(CertificateChoiceScreen, viewOf('certificateChoice', { choices: ['taxReturn', 'payslips'] }));
    await wrapper.get('[data-certificate="payslips"]').trigger('click');
    await wrapper.get('[data-action="cancel"]').trigger('click');
    expect(wrapper.find('[data-certificate="withholdingSlip"]').exists()).toBe(false);
    expect(sent(send)).toEqual([{ type: 'chooseCertificate', kind: 'payslips' }, { type: 'cancel' }]);
  });
});
