import { call, client } from './client'
import type { components } from './schema'

// A case's agreement: the draft, freezing it, its document (a draft's preview or the frozen PDF with every signature
// so far), the code that confirms a party's signature, and the signatures.
type S = components['schemas']
const at = (caseId: string) => ({ params: { path: { caseId } } })

export const get = (caseId: string) => call(client.GET('/api/cases/{caseId}/agreement', at(caseId)))
export const draft = (caseId: string, body: S['AgreementDraftRequest']) => call(client.PUT('/api/cases/{caseId}/agreement', { ...at(caseId), body }))
export const freeze = (caseId: string, body: S['AgreementFreezeRequest'] | null) => call(client.POST('/api/cases/{caseId}/agreement/freeze', { ...at(caseId), body }))
export const signingCode = (caseId: string, slot: string) => call(client.POST('/api/cases/{caseId}/agreement/signing-code', { ...at(caseId), body: { slot } }))
export const sign = (caseId: string, body: S['SignRequest']) => call(client.POST('/api/cases/{caseId}/agreement/signatures', { ...at(caseId), body }))
export const documentUrl = (caseId: string) => `/api/cases/${caseId}/agreement/document`

/** The organization's wording of the agreement's adjustable paragraphs, and its admin's new version of it. */
export const wording = (organizationId: string) =>
  call(client.GET('/api/organizations/{organizationId}/agreement-wording', { params: { path: { organizationId } } }))
export const saveWording = (organizationId: string, body: S['AgreementWordingRequest']) =>
  call(client.PUT('/api/organizations/{organizationId}/agreement-wording', { params: { path: { organizationId } }, body }))

/** The document's bytes, for the page viewer; its problem as an ApiError. */
export const document = (caseId: string) =>
  call(client.GET('/api/cases/{caseId}/agreement/document', { ...at(caseId), parseAs: 'arrayBuffer' })) as Promise<ArrayBuffer>

/** The 履行告知书 of the agreement in effect, for the page viewer. */
export const performanceNotice = (caseId: string) =>
  call(client.GET('/api/cases/{caseId}/agreement/performance-notice', { ...at(caseId), parseAs: 'arrayBuffer' })) as Promise<ArrayBuffer>
export const performanceNoticeUrl = (caseId: string) => `/api/cases/${caseId}/agreement/performance-notice`
