// @vitest-environment happy-dom
/**
 * Every closed set the renderer shows has words in both languages, and every
 * message compiles: a new enum value without a message fails here before a
 * customer sees a raw key.
 */
import { describe, expect, it } from 'vitest';
import {
  BusyTask, CertificateKind, Choice, Employment, NoticeKind, OutOfServiceReason, PinMessage, PinPurpose, type Locale,
} from '../../../src/shared/bridge';
import { i18n } from '../../../src/renderer/i18n';
import en from '../../../src/renderer/i18n/en.json';
import ja from '../../../src/renderer/i18n/ja.json';

const locales: Locale[] = ['ja', 'en'];

const keysPerEnum: [string, readonly string[], (value: string) => string[]][] = [
  ['NoticeKind', NoticeKind.options, (v) => [`notice.kind.${v}.heading`, `notice.kind.${v}.body`]],
  ['BusyTask', BusyTask.options, (v) => [`busy.task.${v}`]],
  ['PinMessage', PinMessage.options, (v) => [`pin.message.${v}`]],
  ['PinPurpose', PinPurpose.options, (v) => [`pin.title.${v}`, `pin.hint.${v}`]],
  ['Choice', Choice.options, (v) => [`choice.${v}`]],
  ['CertificateKind', CertificateKind.options, (v) => [`certificate.kind.${v}`, `certificate.description.${v}`]],
  ['Employment', Employment.options, (v) => [`employment.${v}`]],
  ['OutOfServiceReason', OutOfServiceReason.options, (v) => [`outOfService.reason.${v}`]],
];

function leafKeys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? leafKeys(value, `${prefix}${key}.`) : [`${prefix}${key}`]);
}

function leafStrings(messages: object, prefix = ''): [string, string][] {
  return Object.entries(messages).flatMap(([key, value]): [string, string][] =>
    typeof value === 'object' && value !== null ? leafStrings(value, `${prefix}${key}.`) : [[`${prefix}${key}`, String(value)]]);
}

describe('message catalogue', () => {
  for (const [name, options, keysOf] of keysPerEnum) {
    for (const locale of locales) {
      it(`has a ${locale} message for every ${name} value`, () => {
        const missing = options.flatMap(keysOf).filter((key) => !i18n.global.te(key, locale));
        expect(missing).toEqual([]);
      });
    }
  }

  it('has the same keys in Japanese and English (no English-only leftovers)', () => {
    expect(leafKeys(en).sort()).toEqual(leafKeys(ja).sort());
  });

  it('uses no message-syntax characters outside named placeholders (vue-i18n reads | as plural and @ as a link)', () => {
    const offending = [...leafStrings(ja), ...leafStrings(en)]
      .filter(([, text]) => /[{}|@]/.test(text.replace(/\{[a-zA-Z]+\}/g, '')));
    expect(offending).toEqual([]);
  });

  for (const locale of locales) {
    it(`compiles every ${locale} message (no stray message-syntax characters)`, () => {
      i18n.global.locale.value = locale;
      const params = { amount: 'A', seconds: 1, time: 'T', attempt: 1, max: 3, count: 1, length: 4, name: 'N', certificate: 'C', open: 'O', close: 'X', step: 1, total: 4, min: 'M', last: 'L' };
      for (const key of leafKeys(locale === 'ja' ? ja : en)) {
        const text = i18n.global.t(key, params);
        expect(text, key).not.toBe(key);
        expect(text, key).not.toMatch(/[{}]/);
      }
    });
  }

  it('keeps the texts the end-to-end tests look for', () => {
    expect(i18n.global.t('idle.heading', {}, { locale: 'ja' })).toBe('いらっしゃいませ');
    expect(i18n.global.t('idle.insertCard', {}, { locale: 'ja' })).toBe('カードを挿入してください');
    expect(i18n.global.t('idle.heading', {}, { locale: 'en' })).toBe('Welcome');
    expect(i18n.global.t('idle.insertCard', {}, { locale: 'en' })).toBe('Please insert your card');
    expect(i18n.global.t('controls.languageLabel', {}, { locale: 'ja' })).toBe('Switch to English');
    expect(i18n.global.t('controls.languageLabel', {}, { locale: 'en' })).toBe('日本語に切り替える');
  });
});
