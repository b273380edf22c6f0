import type { TerminationReason } from '../api'

// The ways a mediation ends without (or before) an agreement, on the model of 人民法院在线调解规则 art. 25, in the order
// the forms offer them; the UI says each in words.
export const terminationReasons: NonNullable<TerminationReason>[] = [
  'SettledAndWithdrawn', 'PartyUnreachable', 'PartyRefusedToContinue', 'IrreconcilableDifferences', 'TimeLimitExpired', 'PartyRefusedToSign', 'Other',
]
