import { describe, expect, it } from 'vitest';
import { keypadBindings, keypadLegend, keypadOutcome, type KeypadContext } from '../../../src/main/bridge/keypad-map';
import { Intent, KeypadKey, ScreenView, type ScreenName } from '../../../src/shared/bridge';
import { screensIn, VIEW_CATALOGUE } from '../../support/view-catalogue';

const ctx = (view: ScreenView, changes: Partial<KeypadContext> = {}): KeypadContext => ({
  view, inactivityWarning: false, locale: 'ja', largeText: false, extendedTime: false, highContrast: false, keypadPage: 0, ...changes,
});

/** What a customer can touch on each view, as the renderer draws it: each must have a key. */
function touchables(view: ScreenView): string[] {
  switch (view.screen) {
    case 'menu': case 'notice': case 'limitResult': case 'documentSlip': return view.choices.map((c) => `choice:${c}`);
    case 'certificateChoice': return view.choices.map((k) => `certificate:${k}`);
    case 'confirmDecrease': return ['choice:confirm', 'choice:back', 'cancel'];
    case 'pinEntry': return [...(view.offerForgotPin ? ['choice:forgotPin'] : []), 'cancel', 'pin:enter', 'pin:correct'];
    case 'documentScan': return ['cancel'];
    case 'amountEntry': return [...(view.selected !== null ? ['choice:confirm'] : []), 'cancel', 'amount:up'];
    case 'declarations': return ['form:next', 'form:back', 'form:erase', 'cancel'];
    case 'idle': return ['assist:extendedTime', 'assist:largeText', 'assist:highContrast', 'assist:language'];
    case 'service': {
      const page = view.page;
      const actions = 'actions' in page ? page.actions.map((a) => `service:${a}`) : [];
      if (page.page === 'memberNumber') return ['member:enter', 'member:correct', 'service:back'];
      if (page.page === 'exportTarget') return [...page.targets.map((_, i) => `export:${i}`), ...actions];
      return actions;
    }
    case 'starting': case 'busy': case 'goodbye': case 'outOfService': case 'takeCard': return [];
  }
}

describe('keypad table (issue 18)', () => {
  it('the catalogue walks every view kind', () => {
    const all = ScreenView.options.map((o) => o.shape.screen.value) as ScreenName[];
    expect([...screensIn(VIEW_CATALOGUE)].sort()).toEqual([...all].sort());
  });

  it.each(VIEW_CATALOGUE.map((view, i) => [`${i} ${view.screen}${'kind' in view ? ` ${String(view.kind)}` : ''}${view.screen === 'service' ? ` ${view.page.page}` : ''}`, view] as const))(
    'gives every choice of %s a key, and every key a valid intent', (_, view) => {
      // A long list is paged (▼/▲): a choice may have its key on another page, never none.
      const pages = [0, 1, 2].map((keypadPage) => ctx(view, { keypadPage }));
      const legend = pages.flatMap((c) => keypadLegend(c).map((e) => e.target));
      for (const target of touchables(view)) expect(legend, `no key for ${target}`).toContain(target);
      for (const page of pages) {
        const keys = keypadBindings(page).map((b) => b.key);
        expect(new Set(keys).size, 'one key, one meaning').toBe(keys.length);
        for (const binding of keypadBindings(page)) {
          if (binding.outcome.kind === 'intent') expect(Intent.safeParse(binding.outcome.intent).success, JSON.stringify(binding.outcome.intent)).toBe(true);
        }
      }
    });

  it('names menu choices by number in the order they are shown, and Cancel leaves', () => {
    const menu = VIEW_CATALOGUE.find((v) => v.screen === 'menu')!;
    expect(keypadOutcome(ctx(menu), '1')).toEqual({ kind: 'intent', intent: { type: 'choose', choice: 'changePin' } });
    expect(keypadOutcome(ctx(menu), '4')).toEqual({ kind: 'intent', intent: { type: 'choose', choice: 'finish' } });
    expect(keypadOutcome(ctx(menu), '5')).toEqual({ kind: 'none' });
    expect(keypadOutcome(ctx(menu), 'cancel')).toEqual({ kind: 'intent', intent: { type: 'cancel' } });
  });

  it('answers a partial offer with 1 (accept) and 2 (decline); Enter takes the first', () => {
    const offer = VIEW_CATALOGUE.find((v) => v.screen === 'limitResult' && v.outcome === 'partiallyApproved')!;
    expect(keypadOutcome(ctx(offer), '1')).toEqual({ kind: 'intent', intent: { type: 'choose', choice: 'acceptOffer' } });
    expect(keypadOutcome(ctx(offer), '2')).toEqual({ kind: 'intent', intent: { type: 'choose', choice: 'declineOffer' } });
    expect(keypadOutcome(ctx(offer), 'enter')).toEqual({ kind: 'intent', intent: { type: 'choose', choice: 'acceptOffer' } });
  });

  it('sends PIN digits as pin keys with no mark, Correct as backspace, and never a number in the legend', () => {
    const pin = VIEW_CATALOGUE.find((v) => v.screen === 'pinEntry')!;
    expect(keypadOutcome(ctx(pin), '7')).toEqual({ kind: 'intent', intent: { type: 'pinKey', key: '7' } });
    expect(keypadOutcome(ctx(pin), 'correct')).toEqual({ kind: 'intent', intent: { type: 'pinKey', key: 'backspace' } });
    expect(keypadLegend(ctx(pin)).some((e) => /^[0-9]$/.test(e.key))).toBe(false);
  });

  it('moves an amount by one step with up and down, only where the buttons would', () => {
    const [increase] = VIEW_CATALOGUE.filter((v) => v.screen === 'amountEntry');
    expect(keypadOutcome(ctx(increase!), 'up')).toEqual({ kind: 'intent', intent: { type: 'setAmount', amountYen: 810_000 } });
    expect(keypadOutcome(ctx(increase!), 'down')).toEqual({ kind: 'intent', intent: { type: 'setAmount', amountYen: 790_000 } });
    const atMin = ScreenView.parse({ ...increase!, selected: 510_000 });
    expect(keypadOutcome(ctx(atMin), 'down')).toEqual({ kind: 'none' });
  });

  it('toggles the first screen\'s assistance by number, from the current setting', () => {
    const idle = VIEW_CATALOGUE.find((v) => v.screen === 'idle')!;
    expect(keypadOutcome(ctx(idle), '1')).toEqual({ kind: 'intent', intent: { type: 'setAssist', setting: 'extendedTime', on: true } });
    expect(keypadOutcome(ctx(idle, { extendedTime: true }), '1')).toEqual({ kind: 'intent', intent: { type: 'setAssist', setting: 'extendedTime', on: false } });
    expect(keypadOutcome(ctx(idle, { locale: 'en' }), '4')).toEqual({ kind: 'intent', intent: { type: 'setLocale', locale: 'ja' } });
  });

  it('under the inactivity warning only says the customer is there, whatever the key', () => {
    const menu = VIEW_CATALOGUE.find((v) => v.screen === 'menu')!;
    expect(keypadOutcome(ctx(menu, { inactivityWarning: true }), '1')).toEqual({ kind: 'touch' });
    expect(keypadOutcome(ctx(menu, { inactivityWarning: true }), 'enter')).toEqual({ kind: 'touch' });
    expect(keypadLegend(ctx(menu, { inactivityWarning: true }))).toEqual([{ key: 'enter', target: 'inactivity:continue' }]);
  });

  it('keeps the guidance, volume and speed keys on every screen', () => {
    for (const view of VIEW_CATALOGUE) {
      for (const key of ['guidance', 'volumeUp', 'volumeDown', 'speedUp', 'speedDown'] as const) {
        expect(keypadOutcome(ctx(view), key)).toEqual({ kind: 'assist', key });
      }
    }
  });

  describe('a service page with more than ten buttons (devices: twelve)', () => {
    const devices = VIEW_CATALOGUE.find((v) => v.screen === 'service' && v.page.page === 'devices')!;
    const actions = devices.screen === 'service' && 'actions' in devices.page ? devices.page.actions : [];
    const chosen = (keypadPage: number, key: KeypadKey) => keypadOutcome(ctx(devices, { keypadPage }), key);

    it('is the catalogue\'s longest page, so the paging is exercised', () => {
      expect(actions.length).toBeGreaterThan(10);
    });

    it('numbers the first ten 1-9, 0 and turns the page with ▼ and ▲ (wrapping), never two meanings for one key', () => {
      expect(chosen(0, '1')).toEqual({ kind: 'intent', intent: { type: 'serviceAction', action: actions[0] } });
      expect(chosen(0, '0')).toEqual({ kind: 'intent', intent: { type: 'serviceAction', action: actions[9] } });
      expect(chosen(0, 'down')).toEqual({ kind: 'page', delta: 1 });
      expect(chosen(0, 'up')).toEqual({ kind: 'page', delta: -1 });
      // Page two: 1 and 2 are the eleventh and twelfth; 3 does nothing (not "the third" again).
      expect(chosen(1, '1')).toEqual({ kind: 'intent', intent: { type: 'serviceAction', action: actions[10] } });
      expect(chosen(1, '2')).toEqual({ kind: 'intent', intent: { type: 'serviceAction', action: 'back' } });
      expect(chosen(1, '3')).toEqual({ kind: 'none' });
      // Past the last page comes the first again, and before the first the last.
      expect(chosen(2, '1')).toEqual(chosen(0, '1'));
      expect(chosen(-1, '1')).toEqual(chosen(1, '1'));
    });

    it('marks only the current page\'s buttons, and names the page keys in the legend', () => {
      const first = keypadLegend(ctx(devices, { keypadPage: 0 }));
      expect(first.filter((e) => e.target.startsWith('service:')).map((e) => e.target)).toEqual(actions.slice(0, 10).map((a) => `service:${a}`));
      expect(first).toContainEqual({ key: 'down', target: 'page:next' });
      expect(first).toContainEqual({ key: 'up', target: 'page:previous' });
      const second = keypadLegend(ctx(devices, { keypadPage: 1 }));
      expect(second.filter((e) => e.target.startsWith('service:'))).toEqual([{ key: '1', target: `service:${actions[10]}` }, { key: '2', target: 'service:back' }]);
    });

    it('leaves pages of ten or fewer unpaged: no ▼/▲, the page index ignored', () => {
      const menu = VIEW_CATALOGUE.find((v) => v.screen === 'service' && v.page.page === 'technicianMenu')!;
      expect(keypadLegend(ctx(menu, { keypadPage: 1 }))).toEqual(keypadLegend(ctx(menu)));
      expect(keypadLegend(ctx(menu)).some((e) => e.target.startsWith('page:'))).toBe(false);
    });
  });

  it('refuses a key name outside the closed set', () => {
    expect(KeypadKey.safeParse('F13').success).toBe(false);
    expect(Intent.safeParse({ type: 'keypad', key: '#' }).success).toBe(false);
    expect(Intent.safeParse({ type: 'keypad', key: '5' }).success).toBe(true);
  });
});
