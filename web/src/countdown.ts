import { onBeforeUnmount, ref, type Ref } from 'vue'

/** The seconds until a code may be asked for again, counting down once a second (the server says how many). */
export function useResendCountdown(): { wait: Ref<number>; start: (seconds: number) => void } {
  const wait = ref(0)
  let timer: number | undefined
  function start(seconds: number) {
    wait.value = seconds
    window.clearInterval(timer)
    timer = window.setInterval(() => {
      wait.value = Math.max(0, wait.value - 1)
      if (wait.value === 0) window.clearInterval(timer)
    }, 1000)
  }
  onBeforeUnmount(() => window.clearInterval(timer))
  return { wait, start }
}
