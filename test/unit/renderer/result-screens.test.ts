// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../../src/shared/bridge';
import ConfirmDecreaseScreen from '../../../src/renderer/screens/ConfirmDecreaseScreen.vue';
import GoodbyeScreen from '../../../src/renderer/screens/GoodbyeScreen.vue';
import LimitResultScreen from '../../../src/renderer/screens/LimitResultScreen.vue';
import TakeCardScreen from '../../../src/renderer/screens/TakeCardScreen.vue';
import { callCentre, viewOf } from './fixtures';
import { expectEveryButtonNamed, mountScreen, sent, t } from './mount-screen';

const locales: Locale[] = ['ja', 'en'];
afterEach(() => { document.body.innerHTML = ''; });

describe('confirm decrease screen', () => {
  it('shows current and new limit and the new-review warning (DOMAIN.md)', () => {
    const { wrapper } = mountScreen(ConfirmDecreaseScreen, viewOf('confirmDecrease'));
    expect(wrapper.get('[data-figure="currentLimit"]').text()).toBe('500,000円');
    expect(wrapper.get('[data-figure="newLimit"]').text()).toBe('300,000円');
    expect(wrapper.get('.note').text()).toContain('改めて審査が必要');
    expectEveryButtonNamed(wrapper);
  });

  it('confirms or goes back', async () => {
    const { wrapper, send } = mountScreen(ConfirmDecreaseScreen, viewOf('confirmDecrease'), 'en');
    expect(wrapper.get('.note').text()).toContain('new review');
    await wrapper.get('[data-choice="back"]').trigger('click');
    await wrapper.get('[data-choice="confirm"]').trigger('click');
    expect(sent(send)).toEqual([{ type: 'choose', choice: 'back' }, { type: 'choose', choice: 'confirm' }]);
  });
});

describe('limit result screen', () => {
  for (const locale of locales) {
    for (const outcome of ['approved', 'partiallyApproved', 'declined'] as const) {
      it(`announces ${outcome} in ${locale}`, () => {
        const { wrapper } = mountScreen(LimitResultScreen, viewOf('limitResult', { outcome, choices: ['finish'] }), locale);
        expect(wrapper.get('[role="status"] h1').text()).toBe(t(`limitResult.${outcome}.heading`));
        expectEveryButtonNamed(wrapper);
      });
    }
  }

  it('shows the new limit when approved', () => {
    const { wrapper } = mountScreen(LimitResultScreen, viewOf('limitResult', { outcome: 'approved', requestedLimit: 800_000, creditLimit: 800_000 }));
    expect(wrapper.get('[data-figure="creditLimit"]').text()).toBe('800,000円');
    expect(wrapper.find('[data-figure="requestedLimit"]').exists()).toBe(false);
  });

  it('says what a partial approval offers, that nothing changes until the customer chooses, with both amounts', () => {
    const { wrapper } = mountScreen(LimitResultScreen, viewOf('limitResult'), 'en');
    expect(wrapper.text()).toContain('We can raise your limit to this amount');
    expect(wrapper.text()).toContain('Nothing changes until you choose');
    expect(wrapper.get('[data-figure="requestedLimit"]').text()).toBe('¥1,000,000');
    expect(wrapper.get('[data-figure="creditLimit"]').text()).toBe('¥700,000');
  });

  it('declines courteously, without a reason or an amount', () => {
    const { wrapper } = mountScreen(LimitResultScreen, viewOf('limitResult', { outcome: 'declined', callCentre }));
    expect(wrapper.text()).toContain('申し訳ございません');
    expect(wrapper.find('[data-figure]').exists()).toBe(false);
    expect(wrapper.find('.call-centre').exists()).toBe(true);
  });

  it('sends the offered choices', async () => {
    const { wrapper, send } = mountScreen(LimitResultScreen, viewOf('limitResult'));
    expect(wrapper.get('[data-choice="acceptOffer"]').text()).toBe('この金額で変更する');
    await wrapper.get('[data-choice="acceptOffer"]').trigger('click');
    await wrapper.get('[data-choice="finish"]').trigger('click');
    expect(sent(send)).toEqual([{ type: 'choose', choice: 'acceptOffer' }, { type: 'choose', choice: 'finish' }]);
  });
});

describe('take card screen', () => {
  for (const locale of locales) {
    it(`asks for the card to be taken, with the seconds left, in ${locale}`, () => {
      const { wrapper } = mountScreen(TakeCardScreen, viewOf('takeCard', { secondsLeft: 12 }), locale);
      expect(wrapper.get('[role="alert"]').text()).toBe(locale === 'ja' ? 'カードをお取りください' : 'Please take your card');
      expect(wrapper.get('[data-seconds]').text()).toBe(t('takeCard.secondsLeft', { seconds: 12 }));
      expect(wrapper.get('[data-seconds]').text()).toContain('12');
    });
  }
});

describe('goodbye screen', () => {
  it('thanks the customer in both languages', () => {
    expect(mountScreen(GoodbyeScreen, viewOf('goodbye')).wrapper.get('h1').text()).toBe('ありがとうございました');
    expect(mountScreen(GoodbyeScreen, viewOf('goodbye'), 'en').wrapper.get('h1').text()).toBe('Thank you');
  });
});
