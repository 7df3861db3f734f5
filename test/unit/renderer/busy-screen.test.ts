// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { BusyTask, type Locale } from '../../../src/shared/bridge';
import BusyScreen from '../../../src/renderer/screens/BusyScreen.vue';
import { viewOf } from './fixtures';
import { mountScreen, t } from './mount-screen';
/** Readings shown as furigana (issue 18) are not part of the sentence the test compares. */
const FURIGANA = /（[ぁ-ゖー]+）/g;

afterEach(() => { document.body.innerHTML = ''; });

describe('busy screen', () => {
  for (const locale of ['ja', 'en'] as Locale[]) {
    for (const task of BusyTask.options) {
      it(`says what the kiosk is doing (${task}) in ${locale}, as a busy status`, () => {
        const { wrapper } = mountScreen(BusyScreen, viewOf('busy', { task }), locale);
        expect(wrapper.find('[aria-busy="true"]').exists()).toBe(true);
        expect(wrapper.get('[role="status"]').text().replace(FURIGANA, '')).toContain(t(`busy.task.${task}`));
        expect(wrapper.find('.spinner').exists()).toBe(true);
      });
    }
  }

  it('uses the wording of the brief for reading a card and asking the centre', () => {
    expect(mountScreen(BusyScreen, viewOf('busy', { task: 'readingCard' })).wrapper.text().replace(FURIGANA, '')).toContain('カードを読み取っています…');
    expect(mountScreen(BusyScreen, viewOf('busy', { task: 'identifyingCard' })).wrapper.text().replace(FURIGANA, '')).toContain('センターに確認しています…');
  });
});
