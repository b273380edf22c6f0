import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN.json'
import enJson from './en.json'
import { ApiError, type FieldError, type Problem } from '../api'

// The texts live in JSON, so the server's tests can check that every code it can send has a text in both
// (LocaleCompletenessTests); the type check here makes the English file hold every key the Chinese one has.
const en: typeof zhCN = enJson

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
  if (p.code === 'code-wrong') return t('problems.code-wrong', { n: p.attemptsLeft })
  if (p.code === 'sign-in-locked' && typeof p.lockedUntil === 'string') return t('problems.sign-in-locked', { time: localTime(p.lockedUntil) })
  if (p.code === 'validation-failed' && p.errors) {
    const first = Object.values(p.errors)[0]?.[0]
    if (first) return `${t('problems.validation-failed')} ${fieldError(first)}`
  }
  if (p.code === 'code-rate-limited') return t('problems.code-rate-limited', { s: p.retryAfterSeconds })
  const key = `problems.${p.code}`
  return i18n.global.te(key) ? t(key) : p.detail ? `${p.title} ${p.detail}` : p.title
}

function localTime(utc: string): string {
  return new Date(utc).toLocaleTimeString(i18n.global.locale.value, { hour: '2-digit', minute: '2-digit' })
}

/** A field problem in the user's language: its code picks the text, its limit fills it in. */
export function fieldError(error: FieldError): string {
  const key = `fieldErrors.${error.code}`
  return i18n.global.te(key) ? i18n.global.t(key, { limit: error.limit ?? '' }) : error.message
}

/** The field problems of a refused form, translated, by field: for each form item's error slot. */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  if (!(error instanceof ApiError) || !error.problem.errors) return {}
  return Object.fromEntries(Object.entries(error.problem.errors).map(([field, errors]) => [field, errors.map(fieldError)]))
}
