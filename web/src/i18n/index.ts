import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'
import { ApiError, type Problem } from '../api'

export type Locale = 'zh-CN' | 'en'
const stored = localStorage.getItem('locale')
const initial: Locale = stored === 'en' ? 'en' : 'zh-CN'
document.documentElement.lang = initial

export const i18n = createI18n({
  legacy: false,
  locale: initial,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  localStorage.setItem('locale', locale)
  document.documentElement.lang = locale
}

// A problem from the server in the user's language: its stable code picks the text, extensions fill it in.
export function describe(error: unknown): string {
  const t = i18n.global.t
  if (!(error instanceof ApiError)) return t('problems.error')
  const p: Problem = error.problem
  if (p.code === 'invalid-credentials' && typeof p.attemptsLeft === 'number') return t('problems.invalid-credentials-left', { n: p.attemptsLeft })
  if (p.code === 'code-wrong') return t('problems.code-wrong', { n: p.attemptsLeft })
  if (p.code === 'code-rate-limited') return t('problems.code-rate-limited', { s: p.retryAfterSeconds })
  const key = `problems.${p.code}`
  return i18n.global.te(key) ? t(key) : p.detail ? `${p.title} ${p.detail}` : p.title
}
