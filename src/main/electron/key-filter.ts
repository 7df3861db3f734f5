/**
 * Shortcuts a passer-by could use to escape or disturb the kiosk: reload,
 * devtools, zoom, print, new window, close, quit, full-screen toggle,
 * view source. `before-input-event` swallows them.
 */
export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

const ALWAYS_BLOCKED = new Set(['F5', 'F11', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome']);
const BLOCKED_WITH_MODIFIER = new Set(['r', 'w', 'q', 'n', 't', 'p', 's', 'o', 'u', 'i', 'j', 'c', '+', '-', '=', '0', 'Add', 'Subtract', 'F4']);

export function isBlockedShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  if (ALWAYS_BLOCKED.has(input.key)) return true;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  // Ctrl+C alone is harmless (copy), but Ctrl+Shift+C opens devtools' picker.
  if (key === 'c') return (input.control || input.meta) && input.shift;
  if ((input.control || input.meta) && BLOCKED_WITH_MODIFIER.has(key)) return true;
  if (input.alt && (key === 'F4' || key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home')) return true;
  return false;
}
