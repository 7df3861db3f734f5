// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { CertificateKind, type Locale } from '../../../src/shared/bridge';
import DocumentScanScreen from '../../../src/renderer/screens/DocumentScanScreen.vue';
import { viewOf } from './fixtures';
import { expectEveryButtonNamed, mountScreen, sent, t } from './mount-screen';
/** Readings shown as furigana (issue 18) are not part of the sentence the test compares. */
const FURIGANA = /（[ぁ-ゖー]+）/g;

afterEach(() => { document.body.innerHTML = ''; });

describe('document scan screen', () => {
  it('guides an identity scan and lists the accepted documents', () => {
    const { wrapper } = mountScreen(DocumentScanScreen, viewOf('documentScan'));
    expect(wrapper.get('h1').text().replace(FURIGANA, '')).toBe('本人確認書類を読取部に置いてください');
    expect(wrapper.findAll('.scan__documents li').map((li) => li.text().replace(FURIGANA, ''))).toEqual(['運転免許証', 'マイナンバーカード', 'パスポート', '在留カード']);
    expect(wrapper.get('[role="img"]').attributes('aria-label')).toBeTruthy();
    expectEveryButtonNamed(wrapper);
  });

  for (const locale of ['ja', 'en'] as Locale[]) {
    it(`shows the attempt count and the waiting state in ${locale}`, () => {
      const { wrapper } = mountScreen(DocumentScanScreen, viewOf('documentScan', { attempt: 2, maxAttempts: 3 }), locale);
      expect(wrapper.get('[data-attempt]').text().replace(FURIGANA, '')).toBe(locale === 'ja' ? '2回目（最大3回）' : 'Attempt 2 of 3');
      expect(wrapper.get('[role="status"]').text().replace(FURIGANA, '')).toBe(t('documentScan.waiting'));
      expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    });
  }

  it('shows progress while scanning', () => {
    const { wrapper } = mountScreen(DocumentScanScreen, viewOf('documentScan', { state: 'scanning' }));
    expect(wrapper.get('section').attributes('aria-busy')).toBe('true');
    expect(wrapper.get('[role="status"]').text().replace(FURIGANA, '')).toBe('読み取っています。書類を動かさないでください。');
    expect(wrapper.find('.spinner').exists()).toBe(true);
  });

  it('alerts when the document could not be read', () => {
    const { wrapper } = mountScreen(DocumentScanScreen, viewOf('documentScan', { state: 'unreadable', attempt: 2 }));
    expect(wrapper.get('[role="alert"]').text().replace(FURIGANA, '')).toBe('読み取れませんでした。書類の向きを確かめて、もう一度置いてください。');
    expect(wrapper.get('section').attributes('aria-busy')).toBe('false');
  });

  for (const certificate of CertificateKind.options) {
    it(`names the chosen income certificate (${certificate}) in both languages`, () => {
      for (const locale of ['ja', 'en'] as Locale[]) {
        const { wrapper } = mountScreen(DocumentScanScreen, viewOf('documentScan', { purpose: 'incomeCertificate', certificate }), locale);
        expect(wrapper.get('h1').text().replace(FURIGANA, '')).toContain(t(`certificate.kind.${certificate}`));
        expect(wrapper.find('.scan__documents').exists()).toBe(false);
        wrapper.unmount();
      }
    });
  }

  it('cancels', async () => {
    const { wrapper, send } = mountScreen(DocumentScanScreen, viewOf('documentScan'));
    await wrapper.get('[data-action="cancel"]').trigger('click');
    expect(sent(send)).toEqual([{ type: 'cancel' }]);
  });
});
