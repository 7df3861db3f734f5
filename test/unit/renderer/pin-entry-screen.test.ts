// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { PinMessage, PinPurpose, type Locale } from '../../../src/shared/bridge';
import PinEntryScreen from '../../../src/renderer/screens/PinEntryScreen.vue';
import { viewOf } from './fixtures';
import { expectEveryButtonNamed, mountScreen, sent, t } from './mount-screen';
/** Readings shown as furigana (issue 18) are not part of the sentence the test compares. */
const FURIGANA = /（[ぁ-ゖー]+）/g;

const locales: Locale[] = ['ja', 'en'];
const press = (key: string, init: KeyboardEventInit = {}) =>
  window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));

afterEach(() => { document.body.innerHTML = ''; });

describe('PIN entry screen', () => {
  for (const locale of locales) {
    for (const purpose of PinPurpose.options) {
      it(`shows the ${purpose} title in ${locale}`, () => {
        const { wrapper } = mountScreen(PinEntryScreen, viewOf('pinEntry', { purpose }), locale);
        expect(wrapper.get('h1').text().replace(FURIGANA, '')).toBe(t(`pin.title.${purpose}`));
        expectEveryButtonNamed(wrapper);
      });
    }
  }

  it('uses the wording the brief asks for in Japanese', () => {
    const titles = PinPurpose.options.map((purpose) => mountScreen(PinEntryScreen, viewOf('pinEntry', { purpose })).wrapper.get('h1').text().replace(FURIGANA, ''));
    expect(titles).toEqual(['暗証番号を入力してください', '新しい暗証番号を入力してください', '確認のため、もう一度入力してください']);
  });

  it('fills one dot per digit held in main', () => {
    for (let digits = 0; digits <= 4; digits++) {
      const { wrapper } = mountScreen(PinEntryScreen, viewOf('pinEntry', { digits }));
      expect(wrapper.findAll('.pin-dot')).toHaveLength(4);
      expect(wrapper.findAll('.pin-dot--filled')).toHaveLength(digits);
      wrapper.unmount();
    }
  });

  it('keeps Enter disabled until all four digits are in', () => {
    for (let digits = 0; digits <= 4; digits++) {
      const { wrapper } = mountScreen(PinEntryScreen, viewOf('pinEntry', { digits }));
      expect(wrapper.get('[data-key="enter"]').attributes('disabled')).toBe(digits === 4 ? undefined : '');
      wrapper.unmount();
    }
  });

  it('sends one pinKey intent per touched key and nothing else', async () => {
    const { wrapper, send } = mountScreen(PinEntryScreen, viewOf('pinEntry', { digits: 4 }));
    const digitKeys = wrapper.findAll('.key').filter((key) => /^[0-9]$/.test(key.text().replace(FURIGANA, '')));
    expect(digitKeys.map((key) => key.text().replace(FURIGANA, '')).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    for (const key of digitKeys) await key.trigger('click');
    await wrapper.get('[data-key="backspace"]').trigger('click');
    await wrapper.get('[data-key="clear"]').trigger('click');
    await wrapper.get('[data-key="enter"]').trigger('click');
    expect(sent(send)).toEqual([
      ...digitKeys.map((key) => ({ type: 'pinKey', key: key.text().replace(FURIGANA, '') })),
      { type: 'pinKey', key: 'backspace' },
      { type: 'pinKey', key: 'clear' },
      { type: 'pinKey', key: 'enter' },
    ]);
  });

  it('never shows or keeps a typed digit: the page is the same after keys are pressed', async () => {
    const { wrapper, send } = mountScreen(PinEntryScreen, viewOf('pinEntry', { digits: 1 }));
    const before = wrapper.html();
    for (const key of wrapper.findAll('.key').slice(0, 4)) await key.trigger('click');
    await wrapper.vm.$nextTick();
    expect(send).toHaveBeenCalledTimes(4);
    expect(wrapper.html()).toBe(before);
    // The only live text is the count of digits, worded by the message catalogue.
    expect(wrapper.get('[role="status"]').text().replace(FURIGANA, '')).toBe(t('pin.progress', { count: 1, length: 4 }));
  });

  it('leaves physical keys to the keypad table in main: the screen itself listens to none (issue 18)', () => {
    const { send } = mountScreen(PinEntryScreen, viewOf('pinEntry', { digits: 4 }));
    for (const key of ['1', '５', 'Backspace', 'Enter']) press(key);
    expect(send).not.toHaveBeenCalled();
  });

  it('stops listening to the keyboard when the screen goes', () => {
    const { wrapper, send } = mountScreen(PinEntryScreen, viewOf('pinEntry'));
    wrapper.unmount();
    press('1');
    expect(send).not.toHaveBeenCalled();
  });

  for (const locale of locales) {
    for (const message of PinMessage.options) {
      it(`shows ${message} as an alert above the pad in ${locale}`, () => {
        const { wrapper } = mountScreen(PinEntryScreen, viewOf('pinEntry', { message }), locale);
        const alert = wrapper.get('[role="alert"]');
        expect(alert.text().replace(FURIGANA, '')).toBe(t(`pin.message.${message}`));
        expect(alert.text().replace(FURIGANA, '').length).toBeGreaterThan(10);
      });
    }
  }

  it('never says how many tries are left after a wrong PIN (DOMAIN.md, "Security lock")', () => {
    for (const locale of locales) {
      const text = mountScreen(PinEntryScreen, viewOf('pinEntry', { message: 'wrongPin' }), locale).wrapper.get('[role="alert"]').text().replace(FURIGANA, '');
      expect(text).not.toMatch(/[0-9０-９]|残り|あと|回|remaining|left|attempts? /i);
    }
    const ja = mountScreen(PinEntryScreen, viewOf('pinEntry', { message: 'wrongPin' }), 'ja').wrapper.get('[role="alert"]').text().replace(FURIGANA, '');
    expect(ja).toContain('暗証番号が違います。お忘れの場合は、本人確認書類で再設定できます。');
    expect(ja).toContain('コールセンター');
  });

  it('offers the forgotten-PIN route only when main says so', async () => {
    const offered = mountScreen(PinEntryScreen, viewOf('pinEntry', { offerForgotPin: true }));
    const button = offered.wrapper.get('[data-choice="forgotPin"]');
    expect(button.text().replace(FURIGANA, '')).toBe('暗証番号をお忘れの方・ロック中の方');
    await button.trigger('click');
    expect(sent(offered.send)).toEqual([{ type: 'choose', choice: 'forgotPin' }]);
    offered.wrapper.unmount();
    const notOffered = mountScreen(PinEntryScreen, viewOf('pinEntry', { offerForgotPin: false }));
    expect(notOffered.wrapper.find('[data-choice="forgotPin"]').exists()).toBe(false);
  });

  it('cancels', async () => {
    const { wrapper, send } = mountScreen(PinEntryScreen, viewOf('pinEntry'), 'en');
    const cancel = wrapper.get('[data-action="cancel"]');
    expect(cancel.text().replace(FURIGANA, '')).toBe('Cancel');
    await cancel.trigger('click');
    expect(sent(send)).toEqual([{ type: 'cancel' }]);
  });
});
