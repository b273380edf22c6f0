import { ref } from 'vue'
import { fieldErrorsOf } from '../i18n'
import { scrollToFirstError } from './rules'

/** The server's field problems of a refused form, in the user's language, for each form item's error slot. */
export function useFieldErrors() {
  const errors = ref<Record<string, string[]>>({})
  const of = (...keys: string[]) => keys.map((k) => errors.value[k]?.join(' ') ?? '').filter((x) => x).join(' ')
  async function from(error: unknown) {
    errors.value = fieldErrorsOf(error)
    if (Object.keys(errors.value).length) await scrollToFirstError()
  }
  const clear = () => { errors.value = {} }
  return { errors, of, from, clear }
}
