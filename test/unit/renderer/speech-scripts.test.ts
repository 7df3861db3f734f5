import { describe, expect, it } from 'vitest';
import { keypadLegend } from '../../../src/main/bridge/keypad-map';
import { DEFAULT_ASSIST, type Locale, type ScreenView, type ViewModel } from '../../../src/shared/bridge';
import { i18n } from '../../../src/renderer/i18n';
import { inactivityScript, scriptFor, type Translate } from '../../../src/renderer/speech/scripts';
import { englishNumber, kanjiNumber, spokenPhone, spokenYen } from '../../../src/renderer/speech/spoken-numbers';
import { VoiceGuide } from '../../../src/renderer/speech/voice-guide';
import type { SpeechOutput, Utterance } from '../../../src/renderer/speech/speech-output';
import { screensIn, VIEW_CATALOGUE } from '../../support/view-catalogue';

const translate = (locale: Locale): Translate => (key, params = {}) => i18n.global.t(key, params, { locale });

/** Four or more figures in a row, even spaced or grouped: could be (part of) a PIN or a card number. */
const FIGURE_RUN = /[0-9０-９](?:[\s,.:\-－]*[0-9０-９]){3,}/;
/** A message key vue-i18n hands back when a translation is missing. */
const MISSING_KEY = /\b(?:speech|choice|notice|pin|amount|service|menu|idle|certificate|documentScan|limitResult|busy|outOfService)\.[a-zA-Z.]+/;

const model = (view: ScreenView, locale: Locale, extra: Partial<ViewModel> = {}): ViewModel => ({
  revision: 1, locale, largeText: false, inactivity: null, view, assist: DEFAULT_ASSIST, formKey: null,
  keypad: keypadLegend({ view, inactivityWarning: false, locale, largeText: false, extendedTime: false, highContrast: false, keypadPage: 0 }),
  ...extra,
});

const label = (view: ScreenView) =>
  `${view.screen}${'kind' in view ? `.${String(view.kind)}` : ''}${'task' in view ? `.${String(view.task)}` : ''}${view.screen === 'service' ? `.${view.page.page}` : ''}`;

describe('spoken scripts (issue 18)', () => {
  it('the catalogue holds every view kind', () => {
    expect(screensIn(VIEW_CATALOGUE).size).toBe(17);
  });

  for (const locale of ['ja', 'en'] as const) {
    it.each(VIEW_CATALOGUE.map((v, i) => [`${i} ${label(v)}`, v] as const))(`${locale}: %s has a script, in plain words, with no figure run`, (_, view) => {
      const script = scriptFor(model(view, locale), translate(locale));
      expect(script.id).toMatch(/^[a-zA-Z.]+$/);
      expect(script.text.trim().length).toBeGreaterThan(5);
      expect(script.text).not.toMatch(FIGURE_RUN);
      expect(script.text).not.toMatch(MISSING_KEY);
      expect(script.text).not.toContain('*');
      if (locale === 'ja') expect(script.text).toMatch(/[ぁ-ゖ]/);
      else expect(script.text).not.toMatch(/[ぁ-ゖ]/);
    });
  }

  it('reads the menu\'s choices by number, and amounts as spoken', () => {
    const menu = VIEW_CATALOGUE.find((v) => v.screen === 'menu')!;
    const ja = scriptFor(model(menu, 'ja'), translate('ja')).text;
    expect(ja).toContain('1番、暗証番号の変更。');
    expect(ja).toContain('ご利用限度額は、五十万円です。');
    const en = scriptFor(model(menu, 'en'), translate('en')).text;
    expect(en).toContain('Press one: ');
    expect(en).toContain('five hundred thousand yen');
  });

  it('never says the card number, not even its last digits', () => {
    const menu = VIEW_CATALOGUE.find((v) => v.screen === 'menu')!;
    for (const locale of ['ja', 'en'] as const) expect(scriptFor(model(menu, locale), translate(locale)).text).not.toMatch(/0051|ゼロゼロゴーイチ/);
  });

  it('announces the inactivity warning with the seconds left', () => {
    const menu = VIEW_CATALOGUE.find((v) => v.screen === 'menu')!;
    const script = scriptFor(model(menu, 'ja', { inactivity: { secondsLeft: 20 } }), translate('ja'));
    expect(script).toEqual(inactivityScript(20, translate('ja'), 'ja'));
    expect(script.text).toContain('二十秒');
  });

  it('says numbers as Japanese and English speak them, and phone numbers digit by digit', () => {
    expect(kanjiNumber(500_000)).toBe('五十万');
    expect(kanjiNumber(12_345_678)).toBe('千二百三十四万五千六百七十八');
    expect(kanjiNumber(100_010_000)).toBe('一億一万');
    expect(spokenYen(10_000, 'ja')).toBe('一万円');
    expect(englishNumber(1_230_000)).toBe('one million two hundred thirty thousand');
    expect(spokenYen(0, 'en')).toBe('zero yen');
    expect(spokenPhone('0120-24', 'ja')).toBe('ゼロイチニーゼロ、ニーヨン');
    expect(spokenPhone('0120-24', 'en')).toBe('zero one two zero, two four');
  });
});

describe('voice guide (issue 18)', () => {
  function guide() {
    const said: Utterance[] = [];
    let stops = 0;
    const output: SpeechOutput = { engine: 'synthesis', speak: (u) => said.push(u), stop: () => { stops++; } };
    return { said, stops: () => stops, guide: new VoiceGuide(output, translate) };
  }
  const pin = () => VIEW_CATALOGUE.find((v) => v.screen === 'pinEntry' && v.message === null && v.purpose === 'login') as Extract<ScreenView, { screen: 'pinEntry' }>;
  const withDigits = (digits: number) => ({ ...pin(), digits });
  const on = { ...DEFAULT_ASSIST, guidance: true };

  it('stays silent until guidance is on, then says the screen in its language', () => {
    const g = guide();
    g.guide.update(model(withDigits(0), 'ja'));
    expect(g.said).toEqual([]);
    g.guide.update(model(withDigits(0), 'en', { assist: on }));
    expect(g.said).toHaveLength(1);
    expect(g.said[0]).toMatchObject({ id: 'pinEntry.login', lang: 'en' });
    expect(g.said[0]!.text).toMatch(/^Voice guidance on\./);
  });

  it('says only that a PIN digit went in or out, never which', () => {
    const g = guide();
    g.guide.update(model(withDigits(0), 'ja', { assist: on }));
    g.guide.update(model(withDigits(1), 'ja', { assist: on }));
    g.guide.update(model(withDigits(2), 'ja', { assist: on }));
    g.guide.update(model(withDigits(1), 'ja', { assist: on }));
    expect(g.said.slice(1).map((u) => u.text)).toEqual(['1文字入力しました。', '1文字入力しました。', '1文字消しました。']);
  });

  it('says the take-card countdown when the screen opens and again at ten and five seconds', () => {
    const g = guide();
    const take = (secondsLeft: number) => model({ screen: 'takeCard', secondsLeft }, 'en', { assist: on });
    for (let s = 30; s >= 4; s--) g.guide.update(take(s));
    expect(g.said.map((u) => u.id)).toEqual(['takeCard', 'takeCard.countdown', 'takeCard.countdown']);
    expect(g.said[0]!.text).toContain('In thirty seconds the card will be taken back');
    expect(g.said[2]!.text).toContain('five seconds');
  });

  it('repeats on the guidance key, says a new volume, and stops when the handset goes back', () => {
    const g = guide();
    const menu = VIEW_CATALOGUE.find((v) => v.screen === 'menu')!;
    g.guide.update(model(menu, 'ja', { assist: on }));
    g.guide.update(model(menu, 'ja', { assist: { ...on, repeat: 1 } }));
    g.guide.update(model(menu, 'ja', { assist: { ...on, repeat: 1, volume: 4 } }));
    expect(g.said.map((u) => u.id)).toEqual(['menu', 'menu', 'volume']);
    expect(g.said[2]!.volume).toBe(4);
    g.guide.update(model(menu, 'ja', { assist: DEFAULT_ASSIST }));
    expect(g.stops()).toBe(1);
    g.guide.update(model(menu, 'ja', { assist: DEFAULT_ASSIST, locale: 'en' }));
    expect(g.said).toHaveLength(3);
  });
});
