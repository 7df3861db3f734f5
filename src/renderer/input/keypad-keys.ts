/**
 * The accessible keypad's keys as the browser reports them (a USB keypad is a
 * keyboard): only the name goes to main (`keypad` intent), whose table
 * decides what it does (src/main/bridge/keypad-map.ts, issue 18). Full-width
 * digits come from a keyboard in Japanese input mode (DOMAIN.md) and are the
 * same keys. docs/accessibility.md lists which physical key sends what.
 */
import type { KeypadKey } from '../../shared/bridge';

const NAMED: Readonly<Record<string, KeypadKey>> = {
  Enter: 'enter',
  Escape: 'cancel',
  Backspace: 'correct',
  Delete: 'correct',
  ArrowUp: 'up',
  ArrowDown: 'down',
  // A numeric keypad's spare keys: * guidance, + and - volume, / and . speed.
  '*': 'guidance',
  F1: 'guidance',
  '+': 'volumeUp',
  '-': 'volumeDown',
  AudioVolumeUp: 'volumeUp',
  AudioVolumeDown: 'volumeDown',
  '/': 'speedDown',
  '.': 'speedUp',
};

const FULL_WIDTH_ZERO = 0xff10;

export function keypadKeyFor(event: Pick<KeyboardEvent, 'key' | 'repeat' | 'ctrlKey' | 'altKey' | 'metaKey' | 'isComposing'>): KeypadKey | null {
  // A held key must not press again and again; shortcuts are not keypad keys.
  if (event.repeat || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return null;
  const { key } = event;
  if (/^[0-9]$/.test(key)) return key as KeypadKey;
  if (/^[０-９]$/.test(key)) return String(key.charCodeAt(0) - FULL_WIDTH_ZERO) as KeypadKey;
  return NAMED[key] ?? null;
}
