/**
 * The one keypad table (issue 18): what each key of the accessible keypad
 * does on each screen. The renderer forwards raw key names (`keypad`
 * intent); this table turns them into the same intents a touch would send,
 * so the keypad can do exactly what the buttons do, no more, and both
 * shells behave the same. The table also yields each screen's legend, the
 * keys it offers, which the renderer prints on the buttons ("1 暗証番号の変更")
 * and voice guidance reads out.
 *
 * Choices are numbered 1-9 then 0 in the order the screen shows them;
 * 確定 (enter) takes the screen's forward action, 取消 (cancel) the way out,
 * 訂正 (correct) erases one digit, up/down move an amount. The guidance,
 * volume and speed keys work on every screen (assist below).
 */
import type { Intent, KeypadKey, KeypadLegendEntry, KeypadTarget, ScreenName, ScreenView, ServicePage, FormKeyAction } from '../../shared/bridge';
import { quickPicks, stepSizes, stepTarget } from '../../shared/bridge/amount-picker';

export type AssistKey = Extract<KeypadKey, 'guidance' | 'volumeUp' | 'volumeDown' | 'speedUp' | 'speedDown'>;

export type KeypadOutcome =
  | { kind: 'intent'; intent: Intent }
  | { kind: 'form'; action: FormKeyAction; digit: number | null }
  | { kind: 'assist'; key: AssistKey }
  /** ▼/▲ on a screen with more than ten choices: the next or previous ten get the number keys. */
  | { kind: 'page'; delta: 1 | -1 }
  /** Any key while the "are you still there?" warning shows: activity, nothing else. */
  | { kind: 'touch' }
  | { kind: 'none' };

export interface KeypadBinding {
  key: KeypadKey;
  /** What the renderer marks with the key; null for keys that need no mark (PIN digits). */
  target: KeypadTarget | null;
  outcome: KeypadOutcome;
}

/** What the table reads besides the screen: presentation settings chosen on the first screen. */
export interface KeypadContext {
  view: ScreenView;
  inactivityWarning: boolean;
  locale: 'ja' | 'en';
  largeText: boolean;
  extendedTime: boolean;
  highContrast: boolean;
  /** Which ten of a long list the number keys choose from (keypad-paging.ts); 0 on a fresh screen. */
  keypadPage: number;
}

export const ASSIST_KEYS: readonly AssistKey[] = ['guidance', 'volumeUp', 'volumeDown', 'speedUp', 'speedDown'];
const NUMBER_KEYS: readonly KeypadKey[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
const DIGITS: readonly KeypadKey[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

const intent = (i: Intent): KeypadOutcome => ({ kind: 'intent', intent: i });
const bind = (key: KeypadKey, target: KeypadTarget | null, i: Intent): KeypadBinding => ({ key, target, outcome: intent(i) });
const cancel = (): KeypadBinding => bind('cancel', 'cancel', { type: 'cancel' });

/** Numbered choices 1-9, 0; enter takes `primary` when given. */
function numbered(items: ReadonlyArray<{ target: KeypadTarget; intent: Intent }>, primary?: number): KeypadBinding[] {
  const bindings = items.slice(0, NUMBER_KEYS.length).map((item, index) => bind(NUMBER_KEYS[index]!, item.target, item.intent));
  const first = primary === undefined ? undefined : items[primary];
  if (first) bindings.push({ key: 'enter', target: null, outcome: intent(first.intent) });
  return bindings;
}

/**
 * More than ten choices (service mode's devices page offers up to twelve):
 * numbering past 0 would make "1" mean both the first and the eleventh, so
 * the list is paged instead: the number keys choose among ten at a time,
 * ▼ shows the next ten and ▲ the previous (both wrap round). Buttons off the
 * current page carry no key mark; the legend names the page keys, so the
 * screen and the voice say them.
 */
function paged(items: ReadonlyArray<{ target: KeypadTarget; intent: Intent }>, page: number): KeypadBinding[] {
  if (items.length <= NUMBER_KEYS.length) return numbered(items);
  const pages = Math.ceil(items.length / NUMBER_KEYS.length);
  const current = ((page % pages) + pages) % pages;
  return [
    ...numbered(items.slice(current * NUMBER_KEYS.length, (current + 1) * NUMBER_KEYS.length)),
    { key: 'down', target: 'page:next', outcome: { kind: 'page', delta: 1 } },
    { key: 'up', target: 'page:previous', outcome: { kind: 'page', delta: -1 } },
  ];
}

const choices = (list: readonly string[]) =>
  list.map((choice) => ({ target: `choice:${choice}`, intent: { type: 'choose', choice } as Intent }));

type Of<S extends ScreenName> = Extract<ScreenView, { screen: S }>;

/** One entry per screen; the type checker holds it complete (a new screen without keys fails to compile). */
const SCREENS: { [S in ScreenName]: (view: Of<S>, ctx: KeypadContext) => KeypadBinding[] } = {
  // Nothing to choose: the customer waits, and guidance says what is happening.
  starting: () => [],
  busy: () => [],
  goodbye: () => [],
  outOfService: () => [],
  // Take the card: nothing to press (the countdown is spoken).
  takeCard: () => [],
  // The first screen: the assistance the customer wants, before the card goes in.
  idle: (_, ctx) => numbered([
    { target: 'assist:extendedTime', intent: { type: 'setAssist', setting: 'extendedTime', on: !ctx.extendedTime } },
    { target: 'assist:largeText', intent: { type: 'setLargeText', on: !ctx.largeText } },
    { target: 'assist:highContrast', intent: { type: 'setAssist', setting: 'highContrast', on: !ctx.highContrast } },
    { target: 'assist:language', intent: { type: 'setLocale', locale: ctx.locale === 'ja' ? 'en' : 'ja' } },
  ]),
  pinEntry: (view) => [
    // PIN digits carry no mark and are never read back (DOMAIN.md: nothing shows or says a digit).
    ...DIGITS.map((d) => bind(d, null, { type: 'pinKey', key: d as Extract<KeypadKey, '0'> })),
    bind('correct', 'pin:correct', { type: 'pinKey', key: 'backspace' }),
    bind('enter', 'pin:enter', { type: 'pinKey', key: 'enter' }),
    ...(view.offerForgotPin ? [bind('down', 'choice:forgotPin', { type: 'choose', choice: 'forgotPin' })] : []),
    cancel(),
  ],
  notice: (view) => (view.choices.length ? [...numbered(choices(view.choices), 0), cancel()] : []),
  menu: (view) => [...numbered(choices(view.choices)), cancel()],
  limitResult: (view) => [...numbered(choices(view.choices), 0), cancel()],
  // The contract-change document: 確定 (or 1) goes on once it is taken.
  documentSlip: (view) => numbered(choices(view.choices), 0),
  confirmDecrease: () => [...numbered(choices(['confirm', 'back']), 0), cancel()],
  documentScan: () => [cancel()],
  certificateChoice: (view) => [
    ...numbered(view.choices.map((kind) => ({ target: `certificate:${kind}`, intent: { type: 'chooseCertificate', kind } as Intent }))),
    cancel(),
  ],
  amountEntry: (view) => {
    const { small, large } = stepSizes(view.step);
    const step = (key: KeypadKey, target: KeypadTarget, delta: number): KeypadBinding[] => {
      const { amount, moves } = stepTarget(view, delta);
      return moves ? [bind(key, target, { type: 'setAmount', amountYen: amount })] : [];
    };
    // Numbered picks 1-6; up/down one step; 7 and 9 ten steps (down and up, as on a phone pad's bottom row).
    const picks = quickPicks(view).map((amount) => ({ target: `pick:${amount}`, intent: { type: 'setAmount', amountYen: amount } as Intent }));
    return [
      ...numbered(picks),
      ...step('up', 'amount:up', small), ...step('down', 'amount:down', -small),
      ...step('9', 'amount:upLarge', large), ...step('7', 'amount:downLarge', -large),
      ...(view.selected !== null ? [bind('enter', 'choice:confirm', { type: 'choose', choice: 'confirm' })] : []),
      cancel(),
    ];
  },
  declarations: () => [
    ...DIGITS.map((d): KeypadBinding => ({ key: d, target: null, outcome: { kind: 'form', action: 'digit', digit: Number(d) } })),
    { key: 'correct', target: 'form:erase', outcome: { kind: 'form', action: 'erase', digit: null } },
    { key: 'enter', target: 'form:next', outcome: { kind: 'form', action: 'next', digit: null } },
    { key: 'up', target: 'form:back', outcome: { kind: 'form', action: 'back', digit: null } },
    cancel(),
  ],
  service: (view, ctx) => servicePage(view.page, ctx.keypadPage),
};

/** Service mode: the page's actions, numbered (paged past ten); the member-number page types digits instead. */
function servicePage(page: ServicePage, keypadPage: number): KeypadBinding[] {
  const actions = 'actions' in page ? page.actions.map((action) => ({ target: `service:${action}`, intent: { type: 'serviceAction', action } as Intent })) : [];
  switch (page.page) {
    case 'memberNumber':
      return [
        ...DIGITS.map((d) => bind(d, null, { type: 'memberNumberKey', key: d as Extract<KeypadKey, '0'> })),
        bind('correct', 'member:correct', { type: 'memberNumberKey', key: 'backspace' }),
        bind('enter', 'member:enter', { type: 'memberNumberKey', key: 'enter' }),
        ...actions.filter((a) => a.target === 'service:back').map((a) => bind('cancel', a.target, a.intent)),
      ];
    case 'exportTarget':
      return paged([
        ...page.targets.map((_, index) => ({ target: `export:${index}`, intent: { type: 'chooseExportTarget', index } as Intent })),
        ...actions,
      ], keypadPage);
    default:
      return paged(actions, keypadPage);
  }
}

/** The keys of the current screen (assist keys, which work everywhere, are not listed). */
export function keypadBindings(ctx: KeypadContext): KeypadBinding[] {
  if (ctx.inactivityWarning) return [{ key: 'enter', target: 'inactivity:continue', outcome: { kind: 'touch' } }];
  const forScreen = SCREENS[ctx.view.screen] as (view: ScreenView, ctx: KeypadContext) => KeypadBinding[];
  return forScreen(ctx.view, ctx);
}

/** What one key does now. */
export function keypadOutcome(ctx: KeypadContext, key: KeypadKey): KeypadOutcome {
  if ((ASSIST_KEYS as readonly string[]).includes(key)) return { kind: 'assist', key: key as AssistKey };
  const binding = keypadBindings(ctx).find((b) => b.key === key);
  if (binding) return binding.outcome;
  // Under the warning every key is activity (the customer is there).
  return ctx.inactivityWarning ? { kind: 'touch' } : { kind: 'none' };
}

/** The legend sent with the view: keys that mark something on screen. */
export function keypadLegend(ctx: KeypadContext): KeypadLegendEntry[] {
  return keypadBindings(ctx).flatMap((b) => (b.target === null ? [] : [{ key: b.key, target: b.target }]));
}
