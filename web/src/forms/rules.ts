import type { FormInstance, FormItemRule } from 'element-plus'
import { nextTick } from 'vue'
import { i18n } from '../i18n'
import limitsJson from './limits.json'

// Forms check on the page what the server checks (the same limits, the same number formats), so a person sees every
// problem at its field at once, before sending; the server's own field errors land at the same fields.

/** The server's text limits (Mediation.Domain.TextLimits; FormLimitsTests keeps the two equal). */
export const limits = limitsJson

const t = (key: string, args: Record<string, unknown> = {}) => i18n.global.t(key, args)

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const creditChars = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The resident identity card number's check digit (GB 11643, ISO 7064 MOD 11-2), as IdentityNumber.IsResidentId. */
export function isResidentId(value: string): boolean {
  const v = value.trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(v)) return false
  const y = Number(v.slice(6, 10)), m = Number(v.slice(10, 12)), d = Number(v.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false
  const sum = idWeights.reduce((s, w, i) => s + w * Number(v[i]), 0)
  return '10X98765432'[sum % 11] === v[17]
}

/** The unified social credit code's check character (GB 32100, MOD 31), as IdentityNumber.IsCreditCode. */
export function isCreditCode(value: string): boolean {
  const v = value.trim().toUpperCase()
  if (v.length !== 18 || [...v].some((c) => !creditChars.includes(c))) return false
  const sum = creditWeights.reduce((s, w, i) => s + w * creditChars.indexOf(v[i]!), 0)
  return creditChars[(31 - (sum % 31)) % 31] === v[17]
}

export const isMobile = (value: string) => /^1[3-9]\d{9}$/.test(value.trim())

const when = (test: (value: string) => boolean, message: () => string): FormItemRule => ({
  trigger: 'blur',
  validator: (_rule, value: unknown, done) => (typeof value !== 'string' || value.trim() === '' || test(value) ? done() : done(new Error(message()))),
})

export const rules = {
  required: (): FormItemRule => ({ required: true, trigger: 'blur', validator: (_r, v: unknown, done) => (v === null || v === undefined || String(v).trim() === '' ? done(new Error(t('fieldErrors.required'))) : done()) }),
  max: (limit: number): FormItemRule => when((v) => v.trim().length <= limit, () => t('fieldErrors.too-long', { limit })),
  mobile: (): FormItemRule => when(isMobile, () => t('fieldErrors.mobile-invalid')),
  residentId: (): FormItemRule => when(isResidentId, () => t('fieldErrors.id-card-invalid')),
  creditCode: (): FormItemRule => when(isCreditCode, () => t('fieldErrors.credit-code-invalid')),
}

/** Checks the whole form at once: every problem beside its field, the page scrolled to the first. */
export async function validate(form: FormInstance | undefined): Promise<boolean> {
  if (!form) return false
  try {
    await form.validate()
    return true
  } catch {
    await scrollToFirstError()
    return false
  }
}

/** After the server's field errors are shown beside their fields: the first of them into view. */
export async function scrollToFirstError(): Promise<void> {
  await nextTick()
  document.querySelector('.el-form-item.is-error')?.scrollIntoView({ block: 'center', behavior: 'smooth' })
}
