/**
 * Mirrors the latest view pushed by main. Holds presentation state only:
 * the flow, and every decision, live in main (ARCHITECTURE.md, "Flows").
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { DEFAULT_ASSIST, type Intent, type KioskBridgeApi, type KeypadKey, type SpeechEngine, type ViewModel } from '../../shared/bridge';

export const useKioskStore = defineStore('kiosk', () => {
  const model = shallowRef<ViewModel | null>(null);
  const connected = ref(false);
  const bridgeMissing = ref(false);
  let bridge: KioskBridgeApi | null = null;

  const view = computed(() => model.value?.view ?? { screen: 'starting' as const });
  const locale = computed(() => model.value?.locale ?? 'ja');
  const largeText = computed(() => model.value?.largeText ?? false);
  const assist = computed(() => model.value?.assist ?? DEFAULT_ASSIST);
  const legend = computed(() => model.value?.keypad ?? []);
  const formKey = computed(() => model.value?.formKey ?? null);
  /** What this renderer can speak with (issue 18), for the technician page; null until known. */
  const speechEngine = ref<SpeechEngine | null>(null);

  /** The keypad key main's table gives this on-screen target, if any (issue 18). */
  function keyFor(target: string): KeypadKey | null {
    return legend.value.find((entry) => entry.target === target)?.key ?? null;
  }

  function attach(api: KioskBridgeApi | null): void {
    bridge = api;
    bridgeMissing.value = api === null;
    // Views arrive in order over one channel; main is the authority, so the
    // latest one wins (even after main restarts and its revisions start over).
    api?.onView((next) => {
      model.value = next;
    });
    api?.send({ type: 'ready' });
  }

  function send(intent: Intent): void {
    bridge?.send(intent);
  }

  function setConnected(value: boolean): void {
    connected.value = value;
  }

  function setSpeechEngine(engine: SpeechEngine): void {
    speechEngine.value = engine;
    send({ type: 'speechStatus', engine });
  }

  return { model, view, locale, largeText, assist, legend, formKey, speechEngine, keyFor, connected, bridgeMissing, attach, send, setConnected, setSpeechEngine };
});
