/**
 * The current customer's assistance (issue 18): voice guidance, its volume
 * and speed, extended time and high contrast. Guidance follows the handset
 * (or headphone jack) and the guidance key; extended time comes on by itself
 * with guidance (a customer who listens needs longer). Everything but the
 * handset's guidance goes back to the defaults when the session ends.
 */
import { DEFAULT_ASSIST, GUIDANCE_LEVELS, type Assist, type AssistSetting, type GuidanceOutput, type SpeechEngine } from '../../shared/bridge';
import type { AssistKey } from './keypad-map';

const clamp = (n: number) => Math.min(GUIDANCE_LEVELS.max, Math.max(GUIDANCE_LEVELS.min, n));

export class AssistState {
  readonly #defaults: Assist;
  #assist: Assist;
  #handsetLifted = false;
  #engine: SpeechEngine | null = null;

  /** `output`: where guidance may sound, from the kiosk's config (accessibility.output); sent with every view. */
  constructor(output: GuidanceOutput = DEFAULT_ASSIST.output) {
    this.#defaults = { ...DEFAULT_ASSIST, output };
    this.#assist = { ...this.#defaults };
  }

  get current(): Assist {
    return this.#assist;
  }

  /** What the renderer last said it can speak with (null until it says). */
  get speechEngine(): SpeechEngine | null {
    return this.#engine;
  }

  setSpeechEngine(engine: SpeechEngine): void {
    this.#engine = engine;
  }

  /** Handset lifted or headphones plugged in: guidance on; put back: off. */
  handset(lifted: boolean): void {
    this.#handsetLifted = lifted;
    this.#assist = lifted
      ? { ...this.#assist, guidance: true, extendedTime: true }
      : { ...this.#assist, guidance: false };
  }

  set(setting: AssistSetting, on: boolean): void {
    this.#assist = { ...this.#assist, [setting]: on };
  }

  key(key: AssistKey): void {
    const a = this.#assist;
    switch (key) {
      case 'guidance':
        // First press starts guidance; later presses repeat the screen's script.
        this.#assist = a.guidance ? { ...a, repeat: a.repeat + 1 } : { ...a, guidance: true, extendedTime: true };
        return;
      case 'volumeUp': this.#assist = { ...a, volume: clamp(a.volume + 1) }; return;
      case 'volumeDown': this.#assist = { ...a, volume: clamp(a.volume - 1) }; return;
      case 'speedUp': this.#assist = { ...a, rate: clamp(a.rate + 1) }; return;
      case 'speedDown': this.#assist = { ...a, rate: clamp(a.rate - 1) }; return;
    }
  }

  /** The next customer starts with the defaults; guidance stays while the handset is still off its hook. */
  endSession(): void {
    this.#assist = this.#handsetLifted ? { ...this.#defaults, guidance: true, extendedTime: true } : { ...this.#defaults };
  }
}
