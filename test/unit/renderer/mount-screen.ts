/**
 * Mounts one screen with the real i18n and a fresh Pinia, with the store's
 * `send` spied on (and not forwarded: there is no main in a unit test).
 */
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { vi } from 'vitest';
import type { Component } from 'vue';
import type { Intent, Locale } from '../../../src/shared/bridge';
import { i18n } from '../../../src/renderer/i18n';
import { useKioskStore } from '../../../src/renderer/stores/kiosk-store';

export function mountScreen(component: Component, view: unknown, locale: Locale = 'ja') {
  const pinia = createPinia();
  setActivePinia(pinia);
  const store = useKioskStore();
  const send = vi.spyOn(store, 'send').mockImplementation((_intent: Intent) => undefined);
  i18n.global.locale.value = locale;
  const wrapper = mount(component, { props: { view }, global: { plugins: [pinia, i18n] }, attachTo: document.body });
  return { wrapper, send, store };
}

/** The accessible name a button gets from ARIA or its text (no aria-labelledby is used in the renderer). */
export function accessibleName(element: Element): string {
  return (element.getAttribute('aria-label') ?? element.textContent ?? '').trim();
}

export function expectEveryButtonNamed(wrapper: VueWrapper): void {
  const buttons = wrapper.findAll('button');
  for (const button of buttons) {
    if (accessibleName(button.element) === '') throw new Error(`button without an accessible name: ${button.html()}`);
  }
}

export const t = (key: string, params: Record<string, unknown> = {}) => i18n.global.t(key, params);

/** The intents sent so far. */
export const sent = (send: { mock: { calls: unknown[][] } }): Intent[] => send.mock.calls.map((call) => call[0] as Intent);
