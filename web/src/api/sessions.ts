import { call, client } from './client'

// Sessions as the case file knows them (the live room is the hub's: live/hub.ts).
const at = (caseId: string) => ({ params: { path: { caseId } } })

export const list = (caseId: string) => call(client.GET('/api/cases/{caseId}/sessions', at(caseId)))
export const schedule = (caseId: string, startsAtUtc: string) => call(client.POST('/api/cases/{caseId}/sessions', { ...at(caseId), body: { startsAtUtc } }))
export const next = (caseId: string) => call(client.GET('/api/cases/{caseId}/sessions/next', at(caseId)))
