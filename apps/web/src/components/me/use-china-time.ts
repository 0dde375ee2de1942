import { useI18n } from 'vue-i18n';
import { formatDateTime } from '@/format/time';

/** An instant in China time, saying so: `2026-12-05 02:42（北京时间）`. */
export function useChinaTime(): (iso: string) => string {
  const { t } = useI18n();
  return (iso) => t('me.chinaTime', { time: formatDateTime(iso) });
}
