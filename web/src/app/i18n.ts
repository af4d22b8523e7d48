import { createI18n } from 'vue-i18n';
import { ref } from 'vue';
import zhCnElement from 'element-plus/es/locale/lang/zh-cn';
import enElement from 'element-plus/es/locale/lang/en';
import { zhCN } from './locales/zh-CN';
import { en } from './locales/en';
import { adminEn, adminZhCN } from '@/features/admin/admin.locale';
import { timersEn, timersZhCN } from '@/features/timers/timers.locale';
import { casesEn, casesZhCN } from '@/features/cases/cases.locale';

export type Locale = 'zh-CN' | 'en';

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('locale') : null;
const initial: Locale = stored === 'en' ? 'en' : 'zh-CN';

export const i18n = createI18n({
  legacy: false,
  locale: initial,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': { ...zhCN, ...adminZhCN, ...timersZhCN, ...casesZhCN }, en: { ...en, ...adminEn, ...timersEn, ...casesEn } },
});

/** Element Plus has its own locale object; the shell passes this to `el-config-provider`. */
export const elementLocale = ref(initial === 'en' ? enElement : zhCnElement);

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  elementLocale.value = locale === 'en' ? enElement : zhCnElement;
  localStorage.setItem('locale', locale);
  document.documentElement.lang = locale;
}
