import { useI18n } from 'vue-i18n'

// Times as the documents state them: Beijing time (the cases are in Zibo wherever the reader is), in the page's
// language rather than the browser's.
export function useDates() {
  const { locale } = useI18n()
  const dateTime = (iso: string) => new Date(iso).toLocaleString(locale.value, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' })
  const date = (iso: string) => new Date(iso).toLocaleDateString(locale.value, { timeZone: 'Asia/Shanghai', dateStyle: 'medium' })
  // For a table cell on a phone: the day and the minute, without the year.
  const shortDateTime = (iso: string) =>
    new Date(iso).toLocaleString(locale.value, { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
  return { dateTime, date, shortDateTime }
}
