import { call, client } from './client'

// Invite links: issued by staff per party, then a party's way in — the preview, the code by SMS, the code entered.
const at = (caseId: string) => ({ params: { path: { caseId } } })

export const list = (caseId: string) => call(client.GET('/api/cases/{caseId}/invites', at(caseId)))
export const issue = (caseId: string, partyId: string) => call(client.POST('/api/cases/{caseId}/parties/{partyId}/invites', { params: { path: { caseId, partyId } } }))
export const revoke = (caseId: string, inviteId: string) => call(client.POST('/api/cases/{caseId}/invites/{inviteId}/revoke', { params: { path: { caseId, inviteId } } }))
export const preview = (token: string) => call(client.POST('/api/join/preview', { body: { token } }))
export const sendCode = (token: string) => call(client.POST('/api/join/code', { body: { token } }))
export const verify = (token: string, code: string) => call(client.POST('/api/join/verify', { body: { token, code } }))
