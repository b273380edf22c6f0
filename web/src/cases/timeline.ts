import { i18n } from '../i18n'
import type { TimelineEntry } from '../api'

// An audit-chain entry in words: what happened and its particulars, in the user's language — never the JSON the
// chain stores or the names of enums.
const t = (key: string, args: Record<string, unknown> = {}) => i18n.global.t(key, args)
const te = (key: string) => i18n.global.te(key)
const word = (section: string, value: unknown) => (typeof value === 'string' && te(`${section}.${value}`) ? t(`${section}.${value}`) : String(value ?? ''))

type Details = Record<string, unknown>

/** What happened ("受理"), and its particulars ("待受理 → 已受理；理由：…"). */
export function describeEntry(entry: TimelineEntry): { action: string; particulars: string } {
  let d: Details = {}
  try {
    d = JSON.parse(entry.details) as Details
  } catch {
    // An entry whose details are not JSON is shown by its action alone.
  }
  const lifecycle = te(`commands.${entry.action}`)
  const action = lifecycle ? t(`commands.${entry.action}`) : te(`auditActions.${entry.action}`) ? t(`auditActions.${entry.action}`) : entry.action
  const parts: string[] = []
  if (lifecycle) {
    parts.push(`${word('caseStatus', d.from)} → ${word('caseStatus', d.to)}`)
    const x = (d.details ?? {}) as Details
    if (x.reason) parts.push(t('timeline.reason', { reason: entry.action === 'Fail' ? word('terminations', x.reason) : String(x.reason) }))
    if (x.notes) parts.push(t('timeline.notes', { notes: String(x.notes) }))
    if (x.effectiveOn) parts.push(t('timeline.effectiveOn', { date: String(x.effectiveOn) }))
    if (x.route) parts.push(t('timeline.route', { route: word('referralRoutes', x.route) }))
  } else {
    switch (entry.action) {
      case 'registered': parts.push(t('timeline.registered', { number: String(d.number ?? ''), channel: word('channels', d.channel) })); break
      case 'claim-added': parts.push(`${word('claimCategories', d.category)}：${String(d.description ?? '')}`); break
      case 'record-entry': parts.push(word('record.kinds', d.kind) + (d.privateTo ? `（${t('record.private')}）` : '')); break
      case 'evidence-added': parts.push(String(d.fileName ?? '')); break
      case 'agent-added': parts.push(`${String(d.name ?? '')}（${word('agentKinds', d.kind)}，${word('authorities', d.authority)}）`); break
      case 'agent-removed': parts.push(String(d.name ?? '')); break
      case 'mediator-change-requested': case 'mediator-change-dismissed': parts.push(t('timeline.reason', { reason: String(d.reason ?? '') })); break
    }
  }
  return { action, particulars: parts.filter((p) => p).join('；') }
}

/** Who did it: a name, or what kind of actor it was. */
export const actorOf = (entry: TimelineEntry) => entry.actorName ?? t(`timeline.actors.${entry.actorKind}`)
