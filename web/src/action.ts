import { ref } from 'vue'
import { describe } from './i18n'

// One way for a screen to run a server call: a busy flag for the button, the problem in the user's language.
export function useAction() {
  const busy = ref(false)
  const error = ref('')
  async function run(action: () => Promise<void>): Promise<boolean> {
    error.value = ''
    busy.value = true
    try {
      await action()
      return true
    } catch (e) {
      error.value = describe(e)
      return false
    } finally {
      busy.value = false
    }
  }
  return { busy, error, run }
}
