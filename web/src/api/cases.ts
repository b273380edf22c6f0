import { call, client, upload } from './client'
import type { components } from './schema'

// A case and everything on its file: detail, list, registration, lifecycle commands, timeline, record, parties'
// agents, the mediator-change request, evidence.
type S = components['schemas']
const at = (caseId: string) => ({ params: { path: { caseId } } })

export const list = (query: { status?: S['CaseStatus']; q?: string; page?: number; pageSize?: number }) =>
  call(client.GET('/api/cases', { params: { query } }))
export const get = (caseId: string) => call(client.GET('/api/cases/{caseId}', at(caseId)))
export const register = (body: S['RegisterCaseRequest']) => call(client.POST('/api/cases', { body }))
export const command = (caseId: string, body: S['CaseCommandRequest']) => call(client.POST('/api/cases/{caseId}/commands', { ...at(caseId), body }))
export const timeline = (caseId: string) => call(client.GET('/api/cases/{caseId}/timeline', at(caseId)))
export const record = (caseId: string) => call(client.GET('/api/cases/{caseId}/record', at(caseId)))
export const addRecordEntry = (caseId: string, body: S['RecordEntryRequest']) => call(client.POST('/api/cases/{caseId}/record/entries', { ...at(caseId), body }))
export const addAgent = (caseId: string, body: S['AgentRequest']) => call(client.POST('/api/cases/{caseId}/agents', { ...at(caseId), body }))
export const removeAgent = (caseId: string, agentId: string, version: string) =>
  call(client.DELETE('/api/cases/{caseId}/agents/{agentId}', { params: { path: { caseId, agentId }, query: { version } } }))
export const askAnotherMediator = (caseId: string, reason: string) =>
  call(client.POST('/api/cases/{caseId}/mediator-change-request', { ...at(caseId), body: { reason } }))
export const dismissMediatorChange = (caseId: string, body: S['DismissMediatorChangeRequestBody']) =>
  call(client.POST('/api/cases/{caseId}/mediator-change-request/dismiss', { ...at(caseId), body }))
export const evidence = (caseId: string) => call(client.GET('/api/cases/{caseId}/evidence', at(caseId)))
export const addEvidence = (caseId: string, file: File) => upload<S['EvidenceView']>(`/api/cases/${caseId}/evidence`, file)
export const evidenceUrl = (caseId: string, evidenceId: string) => `/api/cases/${caseId}/evidence/${evidenceId}/content`
