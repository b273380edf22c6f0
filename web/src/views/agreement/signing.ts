import { agreements, records, type AgreementView, type CodeSent, type SessionRecordView } from '../../api'

/** What one signature is made of, whatever the document. */
export interface SignInput {
  slot: string
  strokes: number[][][]
  padAspect: number
  code: string | null
  password: string | null
}

/** A document the case produces that people sign in turn: the agreement's frozen version, a session's 调解笔录. */
export interface SigningTarget<T> {
  kind: 'agreement' | 'record'
  /** The agreement's version the signature is for; a record has one. */
  version: number
  document: () => Promise<ArrayBuffer>
  sendCode: (slot: string) => Promise<CodeSent>
  sign: (input: SignInput) => Promise<T>
}

export const agreementTarget = (caseId: string, agreement: AgreementView): SigningTarget<AgreementView> => ({
  kind: 'agreement',
  version: agreement.versionNumber,
  document: () => agreements.document(caseId),
  sendCode: (slot) => agreements.signingCode(caseId, slot),
  sign: (input) => agreements.sign(caseId, { ...input, version: agreement.versionNumber }),
})

export const recordTarget = (caseId: string, record: SessionRecordView): SigningTarget<SessionRecordView> => ({
  kind: 'record',
  version: 1,
  document: () => records.document(caseId, record.id),
  sendCode: (slot) => records.signingCode(caseId, record.id, slot),
  sign: (input) => records.sign(caseId, record.id, { ...input, version: 1 }),
})
