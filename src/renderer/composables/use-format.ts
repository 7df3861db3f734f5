/** Formatting in the customer's current language (money and Tokyo times: src/renderer/format). */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Locale } from '../../shared/bridge';
import { formatYen } from '../format/money';

export function useFormat() {
  const { locale } = useI18n();
  const current = computed<Locale>(() => (locale.value === 'en' ? 'en' : 'ja'));
  return {
    locale: current,
    yen: (amountYen: number) => formatYen(amountYen, current.value),
  };
}
