// One way to call the server: JSON in, JSON out, RFC 7807 problems turned into ApiError.
/** One problem with one form field: a stable code the app translates, with its limit where it has one. */
export interface FieldError {
  code: string
  message: string
  limit?: number | null
}

export interface Problem {
  status: number
  code: string
  title: string
  detail?: string
  /** Field problems by the field's JSON path (applicants[0].name). */
  errors?: Record<string, FieldError[]>
  [extension: string]: unknown
}

export class ApiError extends Error {
  readonly problem: Problem
  constructor(problem: Problem) {
    super(problem.title)
    this.problem = problem
  }
}

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  let response: Response
  // A FormData body (file upload) goes as multipart; the browser sets its content type.
  const json = body !== undefined && !(body instanceof FormData)
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: json ? { 'Content-Type': 'application/json', Accept: 'application/json' } : { Accept: 'application/json' },
      body: body === undefined ? undefined : json ? JSON.stringify(body) : (body as FormData),
    })
  } catch {
    throw new ApiError({ status: 0, code: 'network-error', title: 'Network error' })
  }
  if (response.status === 204) return undefined as T
  const text = await response.text()
  const data = text ? JSON.parse(text) : undefined
  if (!response.ok) {
    throw new ApiError(data && typeof data.code === 'string' ? data : { status: response.status, code: 'error', title: response.statusText })
  }
  return data as T
}

export interface Me {
  kind: 'staff' | 'party'
  displayName: string
  roles: string[]
  organizationId: string | null
  caseId: string | null
  partyId: string | null
  twoFactorEnabled: boolean
  twoFactorEnrollmentRequired: boolean
  /** The development SMS outbox exists and is this person's to read. */
  smsOutbox: boolean
}

/** Wrong passwords tried on the account from elsewhere since its holder last signed in. */
export interface SignInNotice { failedAttempts: number; lastAttemptUtc: string }

export interface PartyView {
  id: string
  side: 'Applicant' | 'Respondent'
  kind: 'NaturalPerson' | 'Organization'
  name: string
  idNumber: string | null
  // Null where the reader may not see it (another party's phone, for a party).
  phone: string | null
  address: string | null
  workplace: string | null
  legalRepresentative: string | null
  gender: 'Male' | 'Female' | null
  birthDate: string | null
  ethnicity: string | null
  isRepresentative: boolean
}

export type AgentKind = 'Lawyer' | 'LegalServiceWorker' | 'CloseRelative' | 'TradeUnion' | 'EmployerStaff' | 'OtherCitizen'

export interface AgentView {
  id: string
  partyId: string
  name: string
  phone: string | null
  idNumber: string | null
  kind: AgentKind
  authority: 'General' | 'Special'
}

export type CaseStatus =
  | 'Applied' | 'Accepted' | 'Declined' | 'MediatorAssigned' | 'InMediation' | 'AgreementReached' | 'Failed' | 'Withdrawn'
  | 'UnderSupervision' | 'Performed' | 'NotPerformed' | 'Referred' | 'TransferredOut' | 'Archived'

export type CaseCommand =
  | 'Accept' | 'Decline' | 'AssignMediator' | 'StartMediation' | 'RecordAgreement' | 'Fail' | 'Withdraw'
  | 'BeginSupervision' | 'ConfirmPerformed' | 'ReportNotPerformed' | 'Refer' | 'TransferOut' | 'Archive'

export interface CaseDeadlines {
  acceptanceDue: string
  acceptanceOverdue: boolean
  mediationLimit: string
  mediationLimitPassed: boolean
  judicialConfirmationBy: string | null
  arbitrationReviewBy: string | null
}

export interface CaseSummary {
  id: string
  number: string
  subject: string
  status: CaseStatus
  receivedAtUtc: string
  mediatorName: string | null
  parties: PartyView[]
  deadlines: CaseDeadlines
  isCollective: boolean
  channel: 'Staff' | 'Oral' | 'Online' | 'CourtDelegated' | 'Transfer'
  version: string
}

export interface DisputeClaim {
  category: string
  description: string
  amount: number | null
}

export interface CaseDetail {
  case: CaseSummary
  organizationName: string
  viewerRole: 'OrgAdmin' | 'Mediator' | 'Party' | 'CourtClerk'
  viewerPartyId: string | null
  claims: DisputeClaim[]
  allowedCommands: CaseCommand[]
  declineReason: string | null
  terminationReason: string | null
  terminationNotes: string | null
  agreementEffectiveOn: string | null
  referral: string | null
  agents: AgentView[]
  isCollective: boolean
  delegatingCourtName: string | null
  courtReference: string | null
  mediatorChangeRequest: { partyId: string; reason: string; requestedAtUtc: string } | null
}

export const claimCategories = ['LaborRemuneration', 'WorkInjuryMedicalExpenses', 'EconomicCompensation', 'Damages', 'SocialInsurance', 'ConfirmLaborRelation', 'Other']

export interface OrganizationView {
  id: string
  name: string
  kind: 'EnterpriseCommittee' | 'PeoplesMediationCommittee' | 'TownshipLaborMediation' | 'Regional' | 'Industry'
  address: string
  contactPhone: string | null
  dockingCourtId: string | null
  dockingCourtName: string | null
  acceptedCategories: string[]
  suspended: boolean
  version: string
}

export interface CourtView {
  id: string
  name: string
  code: string
}

export interface StaffAccount {
  id: string
  email: string
  displayName: string
  role: string
  organizationId: string | null
  courtId: string | null
  disabled: boolean
  twoFactorEnabled: boolean
}

export interface Page<T> {
  items: T[]
  total: number
  totalIsLowerBound: boolean
  pageNumber: number
  pageSize: number
}

export interface TimelineEntry {
  sequence: number
  atUtc: string
  actor: string
  action: string
  details: string
  hash: string
}

export interface CaseTimeline {
  entries: TimelineEntry[]
  intact: boolean
  firstBrokenSequence: number | null
  problem: string | null
}

export interface InviteView {
  id: string
  partyId: string
  partyName: string
  side: PartyView['side']
  state: 'pending' | 'redeemed' | 'expired' | 'revoked'
  createdAtUtc: string
  expiresAtUtc: string
  redeemedAtUtc: string | null
  revokedAtUtc: string | null
}

export interface IssuedInvite {
  id: string
  partyId: string
  link: string
  expiresAtUtc: string
}

export interface RosterEntry {
  userId: string
  displayName: string
  email: string | null
  certificateNumber: string | null
  specialties: string[]
  status: 'Active' | 'Suspended' | 'Left'
  activeCases: number
}

export interface RecordLine {
  sequence: number
  kind: 'Notice' | 'IdentityCheck' | 'Disclosure' | 'Statement' | 'UndisputedFact' | 'Proposal' | 'Note' | 'Outcome' | 'Session' | 'Chat'
  partyId: string | null
  partyName: string | null
  text: string
  atUtc: string
  // Said in one side's private room (背对背): only staff and that side read it.
  privateTo: 'Applicant' | 'Respondent' | null
}

export interface MediationRecord {
  caseNumber: string
  subject: string
  organizationName: string
  mediatorName: string | null
  place: string
  parties: PartyView[]
  lines: RecordLine[]
  version: string
}

export interface EvidenceView {
  id: string
  fileName: string
  contentType: string
  size: number
  sha256: string
  uploadedBy: string
  partyId: string | null
  uploadedAtUtc: string
}

/** Posts a file as multipart form data. */
export function upload<T>(url: string, file: File): Promise<T> {
  const form = new FormData()
  form.append('file', file)
  return api<T>('POST', url, form)
}

export interface AttendanceView {
  displayName: string
  role: string
  side: 'Applicant' | 'Respondent' | null
  status: 'Waiting' | 'Admitted' | 'Denied' | 'Removed'
  firstArrivedUtc: string
  admittedAtUtc: string | null
  identityCheckedAtUtc: string | null
  noticesAcknowledgedAtUtc: string | null
  connected: boolean
  presentSeconds: number
}

export interface SessionSummary {
  id: string
  status: 'Scheduled' | 'Open' | 'Ended'
  scheduledStartUtc: string | null
  openedAtUtc: string | null
  endedAtUtc: string | null
  attendance: AttendanceView[]
  invitesSent: number
}
