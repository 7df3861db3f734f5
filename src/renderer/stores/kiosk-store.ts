/**
 * Mirrors the latest view pushed by main. Holds presentation state only:
 * the flow, and every decision, live in main (ARCHITECTURE.md, "Flows").
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Intent, KioskBridgeApi, ViewModel } from '../../shared/bridge';

export const useKioskStore = defineStore('kiosk', () => {
  const model = shallowRef<ViewModel | null>(null);
  const connected = ref(false);
  const bridgeMissing = ref(false);
  let bridge: KioskBridgeApi | null = null;

  const view = computed(() => model.value?.view ?? { screen: 'starting' as const });
  const locale = computed(() => model.value?.locale ?? 'ja');
  const largeText = computed(() => model.value?.largeText ?? false);

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

  return { model, view, locale, largeText, connected, bridgeMissing, attach, send, setConnected };
});
