// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { Choice, NoticeKind, type Locale } from '../../../src/shared/bridge';
import NoticeScreen from '../../../src/renderer/screens/NoticeScreen.vue';
import { callCentre, viewOf } from './fixtures';
import { expectEveryButtonNamed, mountScreen, sent, t } from './mount-screen';
/** Readings shown as furigana (issue 18) are not part of the sentence the test compares. */
const FURIGANA = /（[ぁ-ゖー]+）/g;

const locales: Locale[] = ['ja', 'en'];
afterEach(() => { document.body.innerHTML = ''; });

describe('notice screen', () => {
  for (const locale of locales) {
    for (const kind of NoticeKind.options) {
      it(`explains ${kind} in ${locale}`, () => {
        const { wrapper } = mountScreen(NoticeScreen, viewOf('notice', { kind, choices: ['finish'], callCentre: null }), locale);
        expect(wrapper.get('h1').text().replace(FURIGANA, '')).toBe(t(`notice.kind.${kind}.heading`));
        expect(wrapper.get('.lead-text').text().replace(FURIGANA, '')).toBe(t(`notice.kind.${kind}.body`));
        expect(wrapper.find('[role="alert"], [role="status"]').exists()).toBe(true);
        expectEveryButtonNamed(wrapper);
      });
    }
  }

  it('uses the wording DOMAIN.md allows for a captured card and a suspended account', () => {
    const captured = mountScreen(NoticeScreen, viewOf('notice', { kind: 'cardCaptured' })).wrapper;
    expect(captured.get('h1').text().replace(FURIGANA, '')).toBe('カードはお預かりしました');
    expect(captured.get('.lead-text').text().replace(FURIGANA, '')).toContain('コールセンターへご連絡ください。');
    // No reason for a suspension, ever (DOMAIN.md, "Other reasons a login is refused").
    const suspended = mountScreen(NoticeScreen, viewOf('notice', { kind: 'accountSuspended', callCentre: null, choices: [] })).wrapper;
    expect(suspended.get('h1').text().replace(FURIGANA, '')).toBe('現在ご利用いただけません');
    expect(suspended.get('.lead-text').text().replace(FURIGANA, '')).toBe('詳しくはコールセンターへお問い合わせください。');
  });

  it('tells a locked customer the lock can be cleared here with the card and an identity document', () => {
    const ja = mountScreen(NoticeScreen, viewOf('notice', { kind: 'accountLocked' })).wrapper.text().replace(FURIGANA, '');
    expect(ja).toMatch(/カード.*本人確認書類.*この機械でロックを解除/);
    const en = mountScreen(NoticeScreen, viewOf('notice', { kind: 'accountLocked' }), 'en').wrapper.text().replace(FURIGANA, '');
    expect(en).toMatch(/card and an identity document.*unlock it here/);
  });

  it('shows each choice as a button that sends it', async () => {
    const { wrapper, send } = mountScreen(NoticeScreen, viewOf('notice', { choices: Choice.options }));
    const buttons = wrapper.findAll('[data-choice]');
    expect(buttons.map((b) => b.text().replace(FURIGANA, ''))).toEqual(Choice.options.map((c) => t(`choice.${c}`)));
    for (const button of buttons) await button.trigger('click');
    expect(sent(send)).toEqual(Choice.options.map((choice) => ({ type: 'choose', choice })));
  });

  it('shows progress, not buttons, when the kiosk moves on by itself', () => {
    const { wrapper } = mountScreen(NoticeScreen, viewOf('notice', { kind: 'cardCaptured', choices: [] }));
    expect(wrapper.findAll('button')).toHaveLength(0);
    expect(wrapper.find('.spinner').exists()).toBe(true);
  });

  for (const locale of locales) {
    it(`shows the call centre, women's line and operator hours in ${locale} when given`, () => {
      const { wrapper } = mountScreen(NoticeScreen, viewOf('notice', { callCentre }), locale);
      const block = wrapper.get('.call-centre');
      expect(block.text().replace(FURIGANA, '')).toContain('0120-24-0365');
      expect(block.text().replace(FURIGANA, '')).toContain('0120-86-2634');
      expect(block.text().replace(FURIGANA, '')).toContain(t('callCentre.operatorHours', { open: '9:00', close: '18:00' }));
    });
  }

  it('leaves the call centre out when not given', () => {
    const { wrapper } = mountScreen(NoticeScreen, viewOf('notice', { callCentre: null }));
    expect(wrapper.find('.call-centre').exists()).toBe(false);
  });
});
