/**
 * Starts voice guidance for the app (issue 18): picks the speech output
 * (clips, synthesis or none), tells main which (technician page), and hands
 * every pushed view to the guide.
 */
import { onBeforeUnmount, onMounted, watch } from 'vue';
import { i18n } from '../i18n';
import { useKioskStore } from '../stores/kiosk-store';
import { chooseSpeechOutput } from './speech-output';
import { VoiceGuide } from './voice-guide';

export function useVoiceGuide(): void {
  const store = useKioskStore();
  let guide: VoiceGuide | null = null;
  let stopWatching: (() => void) | null = null;
  onMounted(async () => {
    const output = await chooseSpeechOutput(window);
    store.setSpeechEngine(output.engine);
    guide = new VoiceGuide(output, (locale) => (key, params = {}) => i18n.global.t(key, params, { locale }));
    stopWatching = watch(() => store.model, (model) => { if (model) guide?.update(model); }, { immediate: true });
  });
  onBeforeUnmount(() => {
    stopWatching?.();
    guide?.stop();
  });
}
