/**
 * vue-i18n in composition mode. The message schema is typed from the
 * Japanese file, so a key missing from English fails the type check.
 */
import { createI18n } from 'vue-i18n';
import en from './en.json';
import ja from './ja.json';

export type MessageSchema = typeof ja;

const english: MessageSchema = en;

export const i18n = createI18n<[MessageSchema], 'ja' | 'en', false>({
  legacy: false,
  locale: 'ja',
  fallbackLocale: 'ja',
  messages: { ja, en: english },
});
