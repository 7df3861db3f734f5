/**
 * Starts voice guidance for the app (issue 18): picks the speech output
 * (clips, synthesis or none) for the configured handset output, which comes
 * with the first view (`assist.output`), tells main which (technician
 * page), and hands every pushed view to the guide.
 */
import { onBeforeUnmount, onMounted, watch } from 'vue';
import type { GuidanceOutput } from '../../shared/bridge';
import { i18n } from '../i18n';
import { useKioskStore } from '../stores/kiosk-store';
import { chooseSpeechOutput } from './speech-output';
import { VoiceGuide } from './voice-guide';

export function useVoiceGuide(): void {
  const store = useKioskStore();
  let guide: VoiceGuide | null = null;
  let stopWatching: (() => void) | null = null;
  let chosenFor = '';
  async function choose(output: GuidanceOutput): Promise<void> {
    guide?.stop();
    guide = null;
    const speech = await chooseSpeechOutput(window, output);
    if (JSON.stringify(output) !== chosenFor) return; // the config changed meanwhile: the later choice wins
    store.setSpeechEngine(speech.engine);
    guide = new VoiceGuide(speech, (locale) => (key, params = {}) => i18n.global.t(key, params, { locale }));
    if (store.model) guide.update(store.model);
  }
  onMounted(() => {
    stopWatching = watch(() => store.model, (model) => {
      if (!model) return;
      const key = JSON.stringify(model.assist.output);
      if (key !== chosenFor) {
        chosenFor = key;
        void choose(model.assist.output);
        return;
      }
      guide?.update(model);
    }, { immediate: true });
  });
  onBeforeUnmount(() => {
    stopWatching?.();
    guide?.stop();
  });
}
