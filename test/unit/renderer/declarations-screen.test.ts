// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { Employment, type Locale } from '../../../src/shared/bridge';
import DeclarationsScreen from '../../../src/renderer/screens/DeclarationsScreen.vue';
import { appendDigit, dropDigit } from '../../../src/renderer/screens/declarations-form';
import { viewOf } from './fixtures';
import { expectEveryButtonNamed, mountScreen, sent, t } from './mount-screen';

afterEach(() => { document.body.innerHTML = ''; });

async function type(wrapper: VueWrapper, digits: string): Promise<void> {
  for (const digit of digits) {
    const key = wrapper.findAll('.key').find((k) => k.text() === digit);
    if (!key) throw new Error(`no key ${digit}`);
    await key.trigger('click');
  }
}
const click = (wrapper: VueWrapper, selector: string) => wrapper.get(selector).trigger('click');

describe('declarations draft arithmetic', () => {
  it('types 万円 amounts digit by digit, up to four digits', () => {
    expect(appendDigit(null, 4)).toBe(4);
    expect(appendDigit(40, 0)).toBe(400);
    expect(appendDigit(0, 5)).toBe(5);
    expect(appendDigit(9999, 1)).toBe(9999);
    expect(dropDigit(400)).toBe(40);
    expect(dropDigit(4)).toBeNull();
    expect(dropDigit(null)).toBeNull();
  });
});

describe('declarations screen', () => {
  it('walks income, employment and other borrowing, then sends one declare intent in yen', async () => {
    const { wrapper, send } = mountScreen(DeclarationsScreen, viewOf('declarations'));
    expect(wrapper.get('h1').text()).toBe('年収（税込）を入力してください');
    expect(wrapper.get('[data-action="next"]').attributes('disabled')).toBe('');
    await type(wrapper, '4500');
    await click(wrapper, '[data-key="backspace"]');
    expect(wrapper.get('[data-field="man"]').text()).toBe('450');
    expect(wrapper.get('[data-field="yen"]').text()).toBe('= 4,500,000円');
    expectEveryButtonNamed(wrapper);
    await click(wrapper, '[data-action="next"]');

    expect(wrapper.get('h1').text()).toBe('ご職業を選んでください');
    const radios = wrapper.findAll('[role="radio"]');
    // Each option starts with its keypad number (issue 18).
    expect(radios.map((r) => r.text().replace(/^[1-9]/, ''))).toEqual(Employment.options.map((e) => t(`employment.${e}`)));
    expect(wrapper.get('[data-action="next"]').attributes('disabled')).toBe('');
    await click(wrapper, '[data-employment="partTime"]');
    expect(wrapper.get('[data-employment="partTime"]').attributes('aria-checked')).toBe('true');
    expect(wrapper.get('[data-employment="employee"]').attributes('aria-checked')).toBe('false');
    await click(wrapper, '[data-action="next"]');

    expect(wrapper.get('h1').text()).toBe('他社（貸金業者）からのお借入れ残高を入力してください');
    // What counts under the total-volume rule and what does not (art. 13-2; DOMAIN.md).
    const scope = wrapper.get('[data-note="otherBorrowingScope"]').text();
    for (const counted of ['消費者金融', 'クレジットカードのキャッシング', '住宅ローン', '自動車ローン', '銀行のカードローン']) expect(scope).toContain(counted);
    expect(scope.indexOf('含めないもの')).toBeGreaterThan(scope.indexOf('キャッシング'));
    await click(wrapper, '[data-action="none"]');
    expect(wrapper.get('[data-field="man"]').text()).toBe('0');
    await click(wrapper, '[data-action="next"]');

    expect(wrapper.get('[data-review="income"]').text()).toBe('4,500,000円');
    expect(wrapper.get('[data-review="employment"]').text()).toBe('パート・アルバイト');
    expect(wrapper.get('[data-review="otherBorrowing"]').text()).toBe('0円');
    expect(send).not.toHaveBeenCalled();
    await click(wrapper, '[data-action="send"]');
    expect(sent(send)).toEqual([{ type: 'declare', annualIncomeYen: 4_500_000, employment: 'partTime', otherBorrowingYen: 0 }]);
  });

  it('keeps each answer when going back', async () => {
    const { wrapper } = mountScreen(DeclarationsScreen, viewOf('declarations'), 'en');
    await type(wrapper, '300');
    await click(wrapper, '[data-action="next"]');
    await click(wrapper, '[data-employment="employee"]');
    await click(wrapper, '[data-action="next"]');
    await type(wrapper, '25');
    await click(wrapper, '[data-key="clear"]');
    expect(wrapper.get('[data-field="man"]').text()).toBe('');
    expect(wrapper.get('[data-action="next"]').attributes('disabled')).toBe('');
    await click(wrapper, '[data-action="back"]');
    expect(wrapper.get('[data-employment="employee"]').attributes('aria-checked')).toBe('true');
    await click(wrapper, '[data-action="back"]');
    expect(wrapper.get('[data-field="yen"]').text()).toBe('= ¥3,000,000');
  });

  it('refuses a zero income and caps the amount at four digits of 万円', async () => {
    const { wrapper } = mountScreen(DeclarationsScreen, viewOf('declarations'));
    await type(wrapper, '0');
    expect(wrapper.get('[data-action="next"]').attributes('disabled')).toBe('');
    await type(wrapper, '123456');
    expect(wrapper.get('[data-field="man"]').text()).toBe('1234');
  });

  for (const locale of ['ja', 'en'] as Locale[]) {
    it(`names every control in ${locale}`, async () => {
      const { wrapper } = mountScreen(DeclarationsScreen, viewOf('declarations'), locale);
      expectEveryButtonNamed(wrapper);
      expect(wrapper.get('[role="group"]').attributes('aria-label')).toBe(t('declarations.keypadLabel'));
      await type(wrapper, '1');
      await click(wrapper, '[data-action="next"]');
      expect(wrapper.get('[role="radiogroup"]').attributes('aria-labelledby')).toBe('employment-question');
      expectEveryButtonNamed(wrapper);
    });
  }

  it('cancels from any step', async () => {
    const { wrapper, send } = mountScreen(DeclarationsScreen, viewOf('declarations'));
    await type(wrapper, '1');
    await click(wrapper, '[data-action="next"]');
    await click(wrapper, '[data-action="cancel"]');
    expect(sent(send)).toEqual([{ type: 'cancel' }]);
  });
});
