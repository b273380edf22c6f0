import { onBeforeUnmount, ref, type Ref } from 'vue'

/** The width below which pages take their phone layout (one column, controls at the bottom). */
export const phoneWidth = 760

/** Whether the screen is phone-sized now (it changes when a tablet turns). */
export function usePhone(): Ref<boolean> {
  const query = window.matchMedia(`(max-width: ${phoneWidth}px)`)
  const phone = ref(query.matches)
  const update = () => { phone.value = query.matches }
  query.addEventListener('change', update)
  onBeforeUnmount(() => query.removeEventListener('change', update))
  return phone
}
