// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import MenuScreen from '../../../src/renderer/screens/MenuScreen.vue';
import { viewOf } from './fixtures';
import { expectEveryButtonNamed, mountScreen, sent } from './mount-screen';

afterEach(() => { document.body.innerHTML = ''; });

describe('menu screen', () => {
  it('shows the masked card, the name and both amounts in yen (Japanese)', () => {
    const { wrapper } = mountScreen(MenuScreen, viewOf('menu'));
    expect(wrapper.text()).toContain('400000******0051');
    expect(wrapper.text()).toContain('ヤマダ タロウ 様');
    expect(wrapper.get('[data-figure="creditLimit"]').text()).toBe('500,000円');
    expect(wrapper.get('[data-figure="available"]').text()).toBe('320,000円');
    expect(wrapper.get('.menu__masked').attributes('aria-label')).toBe('カード番号 下4桁 0051');
  });

  it('shows the amounts with the yen sign in English', () => {
    const { wrapper } = mountScreen(MenuScreen, viewOf('menu'), 'en');
    expect(wrapper.get('[data-figure="creditLimit"]').text()).toBe('¥500,000');
    expect(wrapper.get('[data-figure="available"]').text()).toBe('¥320,000');
    expect(wrapper.get('.menu__masked').attributes('aria-label')).toBe('Card number ending 0051');
  });

  it('offers the choices main sends, as tiles, in order', async () => {
    const { wrapper, send } = mountScreen(MenuScreen, viewOf('menu'));
    const tiles = wrapper.findAll('.tile');
    expect(tiles.map((tile) => tile.text())).toEqual(['暗証番号の変更', 'ご利用限度額の増額', 'ご利用限度額の減額', '終了する']);
    expectEveryButtonNamed(wrapper);
    for (const tile of tiles) await tile.trigger('click');
    expect(sent(send)).toEqual(['changePin', 'limitIncrease', 'limitDecrease', 'finish'].map((choice) => ({ type: 'choose', choice })));
  });

  it('shows only the choices offered', () => {
    const { wrapper } = mountScreen(MenuScreen, viewOf('menu', { choices: ['changePin', 'finish'] }), 'en');
    expect(wrapper.findAll('.tile').map((tile) => tile.text())).toEqual(['Change PIN', 'Finish']);
  });
});
