/**
 * Physical keys that mean a PIN-pad key. Full-width digits (０-９) come from
 * a keyboard in Japanese input mode and are passed on as they are: main
 * folds them to half-width (DOMAIN.md: full-width input is a common reason a
 * login fails).
 */
import { PinKey } from '../../shared/bridge';

const DIGIT = /^[0-9０-９]$/;

export function pinKeyForKeyboard(event: Pick<KeyboardEvent, 'key' | 'repeat' | 'ctrlKey' | 'altKey' | 'metaKey' | 'isComposing'>): PinKey | null {
  // A held key must not type the same digit again and again; shortcuts are not PIN keys.
  if (event.repeat || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return null;
  if (DIGIT.test(event.key)) return PinKey.parse(event.key);
  switch (event.key) {
    case 'Backspace': return 'backspace';
    case 'Delete':
    case 'Escape': return 'clear';
    case 'Enter': return 'enter';
    default: return null;
  }
}
