// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { withFurigana } from '../../../src/renderer/i18n/furigana';
import DocumentScanScreen from '../../../src/renderer/screens/DocumentScanScreen.vue';
import { viewOf } from './fixtures';
import { mountScreen } from './mount-screen';

afterEach(() => { document.body.innerHTML = ''; });

describe('plain Japanese: furigana on hard terms (issue 18)', () => {
  it('splits a sentence around every glossary term, keeping the rest as it is', () => {
    expect(withFurigana('カードと本人確認書類、収入証明書。')).toEqual([
      { text: 'カードと', reading: null },
      { text: '本人確認書類', reading: 'ほんにんかくにんしょるい' },
      { text: '、', reading: null },
      { text: '収入証明書', reading: 'しゅうにゅうしょうめいしょ' },
      { text: '。', reading: null },
    ]);
    expect(withFurigana('Place your ID')).toEqual([{ text: 'Place your ID', reading: null }]);
  });

  it('shows the reading as <ruby> on the document-scan heading, and English without', () => {
    const ja = mountScreen(DocumentScanScreen, viewOf('documentScan'), 'ja').wrapper;
    expect(ja.get('h1 ruby').text()).toContain('本人確認書類');
    expect(ja.get('h1 rt').text()).toBe('ほんにんかくにんしょるい');
    ja.unmount();
    const en = mountScreen(DocumentScanScreen, viewOf('documentScan'), 'en').wrapper;
    expect(en.find('h1 ruby').exists()).toBe(false);
  });
});
