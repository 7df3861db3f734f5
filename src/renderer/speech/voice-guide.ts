/**
 * Voice guidance (issue 18): speaks each screen's script while guidance is
 * on (handset lifted, headphones in, or the guidance key), and stops when it
 * goes off. Says "one digit entered" for each PIN digit and never the digit;
 * announces the inactivity warning as soon as it shows (before the session
 * ends) and the take-card countdown when the screen opens and near its end;
 * repeats the screen on the guidance key; says the new volume or speed.
 */
import type { ViewModel } from '../../shared/bridge';
import { inactivityScript, scriptFor, takeCardCountdown, type Translate } from './scripts';
import type { SpeechOutput } from './speech-output';
import { spokenYen } from './spoken-numbers';

/** Seconds left at which a countdown is said again. */
const COUNTDOWN_REMINDERS: ReadonlySet<number> = new Set([10, 5]);

/** What makes a screen "new" for guidance: the view without its counters (digits typed, seconds left). */
function screenKey(model: ViewModel): string {
  const view = { ...model.view } as Record<string, unknown>;
  delete view.digits;
  delete view.secondsLeft;
  // A new amount is said on its own, not the whole screen again (its keys move with it).
  const amount = model.view.screen === 'amountEntry';
  if (amount) delete view.selected;
  return JSON.stringify([model.locale, view, amount ? null : model.keypad, model.inactivity !== null]);
}

export class VoiceGuide {
  #last: ViewModel | null = null;

  constructor(private readonly output: SpeechOutput, private readonly translate: (locale: ViewModel['locale']) => Translate) {}

  /** Called with every view main pushes. */
  update(model: ViewModel): void {
    const previous = this.#last;
    this.#last = model;
    const { assist } = model;
    if (!assist.guidance) {
      if (previous?.assist.guidance) this.output.stop();
      return;
    }
    const t = this.translate(model.locale);
    const say = (id: string, text: string) => this.output.speak({ id, text, lang: model.locale, volume: assist.volume, rate: assist.rate });
    const sayScript = (prefix?: string) => {
      const script = scriptFor(model, t);
      say(script.id, prefix ? `${prefix} ${script.text}` : script.text);
    };
    if (!previous?.assist.guidance) return sayScript(t('speech.guidanceOn'));
    if (assist.repeat !== previous.assist.repeat) return sayScript();
    if (screenKey(model) !== screenKey(previous)) return sayScript();
    if (assist.volume !== previous.assist.volume) return say('volume', t('speech.volume', { level: assist.volume }));
    if (assist.rate !== previous.assist.rate) return say('rate', t('speech.rate', { level: assist.rate }));
    this.#counters(model, previous, t, say);
  }

  #counters(model: ViewModel, previous: ViewModel, t: Translate, say: (id: string, text: string) => void): void {
    const view = model.view;
    const before = previous.view;
    if (model.inactivity && previous.inactivity && model.inactivity.secondsLeft !== previous.inactivity.secondsLeft) {
      if (COUNTDOWN_REMINDERS.has(model.inactivity.secondsLeft)) {
        const script = inactivityScript(model.inactivity.secondsLeft, t, model.locale);
        say(script.id, script.text);
      }
      return;
    }
    if (view.screen === 'pinEntry' && before.screen === 'pinEntry' && view.digits !== before.digits) {
      // Only that a digit went in or out: never which (DOMAIN.md).
      say(view.digits > before.digits ? 'pinDigit' : 'pinErased', t(view.digits > before.digits ? 'speech.pinDigit' : 'speech.pinErased'));
      return;
    }
    if (view.screen === 'amountEntry' && before.screen === 'amountEntry' && view.selected !== before.selected && view.selected !== null) {
      say('amountEntry.selected', t('speech.figure', { label: t('amount.selected'), amount: spokenYen(view.selected, model.locale) }));
      return;
    }
    if (view.screen === 'takeCard' && before.screen === 'takeCard' && view.secondsLeft !== before.secondsLeft && COUNTDOWN_REMINDERS.has(view.secondsLeft)) {
      say('takeCard.countdown', takeCardCountdown(view.secondsLeft, t, model.locale));
    }
  }

  stop(): void {
    this.output.stop();
  }
}
