// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { DEFAULT_ASSIST, type Intent, type ScreenName, type ScreenView, type ViewModel } from '../../../src/shared/bridge';
import App from '../../../src/renderer/App.vue';
import { i18n } from '../../../src/renderer/i18n';
import { useKioskStore } from '../../../src/renderer/stores/kiosk-store';
import { views } from './fixtures';
/** Readings shown as furigana (issue 18) are not part of the sentence the test compares. */
const FURIGANA = /（[ぁ-ゖー]+）/g;

afterEach(() => { document.body.innerHTML = ''; });

function mountApp(view: ScreenView, changes: Partial<ViewModel> = {}) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const store = useKioskStore();
  const send = vi.spyOn(store, 'send').mockImplementation((_intent: Intent) => undefined);
  store.setConnected(true);
  store.model = { revision: 1, locale: 'ja', largeText: false, inactivity: null, view, assist: DEFAULT_ASSIST, keypad: [], formKey: null, ...changes };
  const wrapper = mount(App, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
  return { wrapper, send, store };
}

// A sentence each screen shows in Japanese, so a wrong case in App's switch is caught.
const signature: Record<ScreenName, string> = {
  starting: '準備中です',
  idle: 'カードを挿入してください',
  outOfService: 'ただいまご利用いただけません',
  busy: 'カードを読み取っています',
  pinEntry: '暗証番号を入力してください',
  notice: 'セキュリティロック中です',
  menu: 'ご希望のお手続きを選んでください',
  documentScan: '本人確認書類を読取部に置いてください',
  certificateChoice: 'お持ちの収入証明書を選んでください',
  amountEntry: 'ご希望のご利用限度額を選んでください',
  declarations: '年収（税込）を入力してください',
  confirmDecrease: 'ご利用限度額を減額します',
  limitResult: '次の金額まで増額できます',
  takeCard: 'カードをお取りください',
  documentSlip: '書面をお取りください',
  goodbye: 'ありがとうございました',
  service: '係員メニュー',
};

describe('App', () => {
  for (const [screen, text] of Object.entries(signature)) {
    it(`renders the ${screen} screen for a ${screen} view`, () => {
      const { wrapper } = mountApp(views[screen as ScreenName]);
      expect(wrapper.get('main').attributes('data-screen')).toBe(screen);
      expect(wrapper.get('main').text().replace(FURIGANA, '')).toContain(text);
      expect(wrapper.get('main').html()).not.toContain('[object Object]');
    });
  }

  it('shows HQ\'s announcement on the out-of-service screen in the screen\'s language, and nothing without one', async () => {
    const notice = { ja: 'システム更新のため停止しています。', en: 'Stopped for a system update.' };
    const { wrapper, store } = mountApp({ ...views.outOfService, notice });
    expect(wrapper.get('[data-notice]').text().replace(FURIGANA, '')).toBe(notice.ja);
    store.model = { ...store.model!, locale: 'en', revision: 2 };
    await nextTick();
    expect(wrapper.get('[data-notice]').text().replace(FURIGANA, '')).toBe(notice.en);
    store.model = { ...store.model!, view: views.outOfService, revision: 3 };
    await nextTick();
    expect(wrapper.find('[data-notice]').exists()).toBe(false);
  });

  it('shows an unenrolled kiosk\'s id and key fingerprint for the technician, in four rows of four groups, and nothing of the machine otherwise', async () => {
    const enrolment = { kioskId: 'KIOSK-NEW-01', keyFingerprint: '3F2A 9C41 0B7E D5A8 1234 5678 9012 3456 E1F0 A9B8 C7D6 0011 2233 4455 6677 8899' };
    const { wrapper, store } = mountApp({ ...views.outOfService, reason: 'notEnrolled', resumesAt: null, enrolment });
    expect(wrapper.get('.lead').text().replace(FURIGANA, '')).toBe('本部がこの端末を認識していません。');
    expect(wrapper.get('[data-kiosk-id]').text()).toBe('KIOSK-NEW-01');
    expect(wrapper.findAll('[data-fingerprint] .enrolment__row').map((row) => row.text())).toEqual([
      '3F2A 9C41 0B7E D5A8', '1234 5678 9012 3456', 'E1F0 A9B8 C7D6 0011', '2233 4455 6677 8899',
    ]);
    expect(wrapper.get('[data-fingerprint]').text().replace(/\s+/g, ' ')).toBe(enrolment.keyFingerprint);
    expect(wrapper.get('[data-enrolment]').text().replace(FURIGANA, '')).toContain('本部の管理者に読み上げて伝え');
    store.model = { ...store.model!, locale: 'en', revision: 2 };
    await nextTick();
    expect(wrapper.get('[data-enrolment]').text()).toContain('Read the kiosk ID and key fingerprint below to HQ\'s administrator');
    store.model = { ...store.model!, view: views.outOfService, revision: 3 };
    await nextTick();
    expect(wrapper.find('[data-enrolment]').exists()).toBe(false);
  });

  it('follows the locale main pushes, and sets the page language', async () => {
    const { wrapper, store } = mountApp(views.idle);
    expect(document.documentElement.lang).toBe('ja');
    expect(wrapper.get('h1').text().replace(FURIGANA, '')).toBe('いらっしゃいませ');
    store.model = { ...store.model!, locale: 'en', revision: 2 };
    await nextTick();
    expect(document.documentElement.lang).toBe('en');
    expect(wrapper.get('h1').text().replace(FURIGANA, '')).toBe('Welcome');
    expect(wrapper.find('button[aria-label="日本語に切り替える"]').exists()).toBe(true);
  });

  it('keeps the header toggles and their accessible names', async () => {
    const { wrapper, send } = mountApp(views.idle);
    const language = wrapper.get('button[aria-label="Switch to English"]');
    expect(language.text().replace(FURIGANA, '')).toBe('English');
    await language.trigger('click');
    expect(send).toHaveBeenCalledWith({ type: 'setLocale', locale: 'en' });
  });

  it('shows the inactivity dialog over any screen and continues with a touch', async () => {
    const { wrapper, send } = mountApp(views.menu, { inactivity: { secondsLeft: 15 } });
    const dialog = wrapper.get('[role="alertdialog"]');
    expect(dialog.attributes('aria-modal')).toBe('true');
    expect(dialog.text().replace(FURIGANA, '')).toContain('まだ操作を続けますか');
    expect(dialog.text().replace(FURIGANA, '')).toContain('あと 15 秒');
    expect(wrapper.get('main').attributes('inert')).toBeDefined();
    expect(document.activeElement?.textContent).toBe('続ける');
    await dialog.get('button').trigger('click');
    expect(send).toHaveBeenCalledWith({ type: 'touch' });
  });

  it('asks the customer to take the contract-change document and forwards the keypad\'s Enter to main (the keypad table decides)', async () => {
    const { wrapper, send } = mountApp(views.documentSlip, { locale: 'en' });
    await nextTick();
    expect(wrapper.get('main').text()).toContain('printer');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(send).toHaveBeenCalledWith({ type: 'keypad', key: 'enter' });
  });

  it('says a document that could not be printed will come from the counter, with the call centre', () => {
    const { wrapper } = mountApp({ screen: 'documentSlip', delivered: false, choices: ['continue'], callCentre: { number: '0120-24-0365', womensLine: '0120-86-2634', operatorHours: 'weekdays 09:00-18:00' } });
    expect(wrapper.get('main').text()).toContain('書面を印刷できませんでした');
    expect(wrapper.get('main').text()).toContain('0120-24-0365');
  });

  it('has no dialog and an interactive screen without an inactivity warning', () => {
    const { wrapper } = mountApp(views.menu);
    expect(wrapper.find('[role="alertdialog"]').exists()).toBe(false);
    expect(wrapper.get('main').attributes('inert')).toBeUndefined();
  });

  it('reports any touch to main as activity', async () => {
    const { wrapper, send } = mountApp(views.idle);
    await wrapper.get('.kiosk').trigger('pointerdown');
    expect(send).toHaveBeenCalledWith({ type: 'touch' });
  });

  it('forwards keypad keys to main by name only, full-width digits folded, and leaves Enter on a focused button to the button (issue 18)', async () => {
    const { wrapper, send } = mountApp(views.menu, { keypad: [{ key: '1', target: 'choice:changePin' }] });
    const press = (key: string, target: EventTarget = window, init: KeyboardEventInit = {}) =>
      target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
    press('1'); press('３'); press('Escape'); press('Backspace'); press('ArrowUp'); press('*'); press('+');
    press('a'); press('2', window, { repeat: true }); press('2', window, { ctrlKey: true });
    const button = wrapper.get('[data-choice="changePin"]').element as HTMLButtonElement;
    button.focus();
    press('Enter', button);
    expect(send.mock.calls.map((c) => c[0])).toEqual([
      { type: 'keypad', key: '1' }, { type: 'keypad', key: '3' }, { type: 'keypad', key: 'cancel' }, { type: 'keypad', key: 'correct' },
      { type: 'keypad', key: 'up' }, { type: 'keypad', key: 'guidance' }, { type: 'keypad', key: 'volumeUp' },
    ]);
    // The choice shows the key main's table gave it.
    expect(button.textContent).toMatch(/^1/);
  });

  it('switches to the high-contrast theme main pushes', () => {
    const { wrapper } = mountApp(views.idle, { assist: { ...DEFAULT_ASSIST, highContrast: true } });
    expect(wrapper.get('.kiosk').classes()).toContain('high-contrast');
  });
});
