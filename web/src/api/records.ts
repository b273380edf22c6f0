import { call, client } from './client'
import type { components } from './schema'

// The 调解笔录 of a case's ended sessions: each made at its session's end, read and signed by the parties who came in
// and by the mediator, like the agreement.
type S = components['schemas']
const at = (caseId: string) => ({ params: { path: { caseId } } })
const of = (caseId: string, recordId: string) => ({ params: { path: { caseId, recordId } } })

export const list = (caseId: string) => call(client.GET('/api/cases/{caseId}/records', at(caseId)))
export const signingCode = (caseId: string, recordId: string, slot: string) =>
  call(client.POST('/api/cases/{caseId}/records/{recordId}/signing-code', { ...of(caseId, recordId), body: { slot } }))
export const sign = (caseId: string, recordId: string, body: S['SignRequest']) =>
  call(client.POST('/api/cases/{caseId}/records/{recordId}/signatures', { ...of(caseId, recordId), body }))
export const documentUrl = (caseId: string, recordId: string) => `/api/cases/${caseId}/records/${recordId}/document`

/** The record's bytes as signed so far, for the page viewer. */
export const document = (caseId: string, recordId: string) =>
  call(client.GET('/api/cases/{caseId}/records/{recordId}/document', { ...of(caseId, recordId), parseAs: 'arrayBuffer' })) as Promise<ArrayBuffer>
