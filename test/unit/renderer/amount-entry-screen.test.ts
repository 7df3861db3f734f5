// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import AmountEntryScreen from '../../../src/renderer/screens/AmountEntryScreen.vue';
import { quickPicks, snapToRange } from '../../../src/shared/bridge/amount-picker';
import { viewOf } from './fixtures';
import { expectEveryButtonNamed, mountScreen, sent } from './mount-screen';

afterEach(() => { document.body.innerHTML = ''; });

const increase = (changes = {}) => viewOf('amountEntry', changes);
const decrease = (changes = {}) => viewOf('amountEntry', {
  direction: 'decrease', currentLimit: 500_000, min: 10_000, max: 490_000, step: 10_000, selected: null, deadline: null, ...changes,
});

describe('amount picker arithmetic', () => {
  const range = { min: 510_000, max: 5_000_000, step: 10_000 };
  it('snaps to the step grid inside the range', () => {
    expect(snapToRange(800_000, range)).toBe(800_000);
    expect(snapToRange(804_999, range)).toBe(800_000);
    expect(snapToRange(100_000, range)).toBe(510_000);
    expect(snapToRange(9_000_000, range)).toBe(5_000_000);
    expect(snapToRange(1_000_000, { min: 15_000, max: 100_000, step: 10_000 })).toBe(95_000);
  });

  it('offers quick picks above the current limit for an increase and below it for a decrease', () => {
    expect(quickPicks(increase())).toEqual([700_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000, 5_000_000]);
    expect(quickPicks(decrease())).toEqual([50_000, 100_000, 200_000, 300_000]);
  });
});

describe('amount entry screen', () => {
  it('renders the amount main echoed back, in yen, in both languages', () => {
    expect(mountScreen(AmountEntryScreen, increase()).wrapper.get('[data-figure="selected"]').text()).toBe('800,000円');
    expect(mountScreen(AmountEntryScreen, increase(), 'en').wrapper.get('[data-figure="selected"]').text()).toBe('¥800,000');
    expect(mountScreen(AmountEntryScreen, increase(), 'en').wrapper.get('[data-figure="currentLimit"]').text()).toBe('¥500,000');
  });

  it('sends setAmount for each step and does not change the shown amount by itself', async () => {
    const { wrapper, send } = mountScreen(AmountEntryScreen, increase());
    expectEveryButtonNamed(wrapper);
    await wrapper.get('[data-delta="+small"]').trigger('click');
    await wrapper.get('[data-delta="+large"]').trigger('click');
    await wrapper.get('[data-delta="-small"]').trigger('click');
    await wrapper.get('[data-delta="-large"]').trigger('click');
    expect(sent(send)).toEqual([810_000, 900_000, 790_000, 700_000].map((amountYen) => ({ type: 'setAmount', amountYen })));
    expect(wrapper.get('[data-figure="selected"]').text()).toBe('800,000円');
    await wrapper.setProps({ view: increase({ selected: 810_000 }) });
    expect(wrapper.get('[data-figure="selected"]').text()).toBe('810,000円');
  });

  it('names the step buttons by what they show and then what they do (WCAG 2.5.3: the name contains the visible label)', () => {
    const ja = mountScreen(AmountEntryScreen, increase()).wrapper;
    expect(ja.get('[data-delta="+small"]').attributes('aria-label')).toBeUndefined();
    expect(ja.get('[data-delta="+small"] .sr-only').text()).toBe('（10,000円増やす）');
    expect(ja.get('[data-delta="-large"] .sr-only').text()).toBe('（100,000円減らす）');
    const en = mountScreen(AmountEntryScreen, increase(), 'en').wrapper;
    expect(en.get('[data-delta="+large"] .sr-only').text()).toBe('（Increase by ¥100,000）');
  });

  it('disables the steps that would leave the range', () => {
    const atMin = mountScreen(AmountEntryScreen, increase({ selected: 510_000 })).wrapper;
    expect(atMin.get('[data-delta="-small"]').attributes('disabled')).toBe('');
    expect(atMin.get('[data-delta="+small"]').attributes('disabled')).toBeUndefined();
    const atMax = mountScreen(AmountEntryScreen, increase({ selected: 5_000_000 })).wrapper;
    expect(atMax.get('[data-delta="+large"]').attributes('disabled')).toBe('');
  });

  it('starts from the current limit and only moves the way asked before anything is chosen', async () => {
    const { wrapper, send } = mountScreen(AmountEntryScreen, decrease());
    expect(wrapper.text()).toContain('金額を選んでください');
    expect(wrapper.get('[data-delta="+small"]').attributes('disabled')).toBe('');
    await wrapper.get('[data-delta="-small"]').trigger('click');
    expect(sent(send)).toEqual([{ type: 'setAmount', amountYen: 490_000 }]);
  });

  it('sends a quick pick and marks the one selected', async () => {
    const { wrapper, send } = mountScreen(AmountEntryScreen, increase({ selected: 1_000_000 }));
    expect(wrapper.get('[data-amount="1000000"]').attributes('aria-pressed')).toBe('true');
    expect(wrapper.get('[data-amount="700000"]').attributes('aria-pressed')).toBe('false');
    await wrapper.get('[data-amount="2000000"]').trigger('click');
    expect(sent(send)).toEqual([{ type: 'setAmount', amountYen: 2_000_000 }]);
  });

  it('confirms only once an amount is chosen', async () => {
    const none = mountScreen(AmountEntryScreen, decrease());
    expect(none.wrapper.get('[data-choice="confirm"]').attributes('disabled')).toBe('');
    none.wrapper.unmount();
    const { wrapper, send } = mountScreen(AmountEntryScreen, decrease({ selected: 300_000 }));
    await wrapper.get('[data-choice="confirm"]').trigger('click');
    await wrapper.get('[data-action="cancel"]').trigger('click');
    expect(sent(send)).toEqual([{ type: 'choose', choice: 'confirm' }, { type: 'cancel' }]);
  });

  it('shows the deadline for an increase only', () => {
    expect(mountScreen(AmountEntryScreen, increase()).wrapper.text()).toContain('本日 21:00 までにお手続きを完了してください。');
    expect(mountScreen(AmountEntryScreen, increase(), 'en').wrapper.text()).toContain('Please finish by 21:00 today.');
    expect(mountScreen(AmountEntryScreen, decrease({ deadline: '21:00' })).wrapper.find('.amount__deadline').exists()).toBe(false);
  });

  it('warns that an income certificate may be needed above 500,000 yen (DOMAIN.md)', () => {
    expect(mountScreen(AmountEntryScreen, increase({ selected: 800_000 })).wrapper.get('[role="status"]').text()).toContain('収入証明書');
    expect(mountScreen(AmountEntryScreen, increase({ selected: 500_000, min: 500_000 })).wrapper.get('[role="status"]').text()).toBe('');
    expect(mountScreen(AmountEntryScreen, decrease({ selected: 490_000 })).wrapper.get('[role="status"]').text()).toBe('');
  });

  it('states the law on certificates correctly: over 500,000 after the change, or over 1,000,000 with other lenders (art. 13(3))', () => {
    const below = mountScreen(AmountEntryScreen, increase({ selected: 500_000, min: 500_000 })).wrapper.get('[data-note="certificateLaw"]').text();
    expect(below).toContain('50万円を超える場合');
    expect(below).toContain('他社からのお借入れと合わせて100万円を超える場合');
    const en = mountScreen(AmountEntryScreen, increase({ selected: 500_000, min: 500_000 }), 'en').wrapper.get('[data-note="certificateLaw"]').text();
    expect(en).toContain('above ¥500,000');
    expect(en).toContain('above ¥1,000,000');
    expect(mountScreen(AmountEntryScreen, increase({ selected: 800_000 })).wrapper.get('[role="status"]').text()).toContain('必要です');
    expect(mountScreen(AmountEntryScreen, decrease({ selected: 490_000 })).wrapper.find('[data-note="certificateLaw"]').exists()).toBe(false);
  });
});
