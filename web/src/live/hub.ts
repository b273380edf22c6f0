import { HubConnectionBuilder, HubConnectionState, type HubConnection, type IRetryPolicy, type RetryContext } from '@microsoft/signalr'

// The live-session hub as the page uses it: typed methods and events instead of names as strings, one place that
// reads a refusal's stable code, and a connection that keeps trying for as long as the person stays on the page.

export interface Attendee {
  id: string
  displayName: string
  role: string
  side: 'Applicant' | 'Respondent' | null
  status: 'Waiting' | 'Admitted' | 'Denied' | 'Removed'
  connected: boolean
  space: string
  handRaised: boolean
  mutedByMediator: boolean
  identityChecked: boolean
  noticesAcknowledged: boolean
  presentSeconds: number
  /** The person's own microphone is on and the mediator has not muted it. */
  micOn: boolean
  cameraOn: boolean
  /** The particulars on record, for the host's identity check (hosts only; the ID number masked). */
  identity: IdentityOnRecord | null
}

export interface IdentityOnRecord {
  name: string
  kind: 'NaturalPerson' | 'Organization'
  idNumberMasked: string | null
  gender: 'Male' | 'Female' | null
  birthDate: string | null
  ethnicity: string | null
  legalRepresentative: string | null
}

export interface RoomView {
  sessionId: string | null
  sessionStatus: 'NotOpen' | 'Open' | 'Ended'
  caucusWith: 'Applicant' | 'Respondent' | null
  isHost: boolean
  you: Attendee | null
  yourSpace: string
  noticesPending: boolean
  notices: string[]
  attendees: Attendee[]
  openedAtUtc: string | null
  /** When the session is set to start: the lobby counts down to it before the mediator opens it. */
  scheduledStartUtc: string | null
  /** The agreement the mediator shows in the caller's room (fetch it again when the revision changes), and where they are in it. */
  sharedDocument: { revision: number; scroll: number } | null
  /** Who speaks now in the caller's room, for a page coming in (then the ActiveSpeaker event follows it). */
  activeSpeaker: string | null
}

export interface ChatLine { id: string; fromId: string; fromName: string; text: string; space: string; atUtc: string }
export interface SessionDescription { type: 'offer' | 'answer'; sdp: string }

/** What the server tells the page. */
export interface SessionEvents {
  Renegotiate(audio: number, video: number): void
  Sync(): void
  Chat(line: ChatLine): void
  ChatNotKept(id: string): void
  ActiveSpeaker(attendeeId: string | null): void
  AskedToUnmute(): void
  /** The mediator scrolled the shared document to this share of its length. */
  DocumentScrolled(position: number): void
  SessionEnded(): void
  Replaced(): void
  ServerRestarting(): void
}

/** A refusal from the hub: its stable code (the server's HubException message), which the page translates. */
export class HubError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

/** Codes that mean "a part of the system is away for a moment": try again, the person did nothing wrong. */
export const transientCodes = new Set(['storage-unavailable', 'temporarily-unavailable', 'server-restarting', 'chat-not-delivered', 'connection-lost'])

// The server sends "… HubException: <code>"; a call cut off by a lost connection has no code.
function toHubError(error: unknown): HubError {
  const message = error instanceof Error ? error.message : String(error)
  const code = /HubException: ([a-z0-9-]+)\s*$/.exec(message)?.[1]
  return new HubError(code ?? 'connection-lost', message)
}

/** The server turned the session's sign-in away (an invite revoked, an account disabled): trying again will not help. */
const signedOut = (error: unknown) => /Status code '401'|Unauthorized/.test(error instanceof Error ? error.message : String(error))

/** Quick at first, then about every second, never giving up while the sign-in holds: the page shows how long it
 * has been. A server that restarts is back within seconds; a page that waited 30 s to try again kept people waiting. */
export const retryPolicy: IRetryPolicy = {
  nextRetryDelayInMilliseconds: (retry: RetryContext) =>
    signedOut(retry.retryReason) ? null : [0, 300, 700][retry.previousRetryCount] ?? 1000 + Math.random() * 500,
}

export type HubState = 'connecting' | 'connected' | 'reconnecting' | 'closed'

export class SessionHubClient {
  private readonly connection: HubConnection

  constructor(caseId: string, events: SessionEvents, onState: (state: HubState) => void, onReconnected: () => void) {
    // ?case= lets a load balancer place every page of a case on the node that holds its room (README: scale-out).
    this.connection = new HubConnectionBuilder()
      .withUrl(`/hubs/session?case=${encodeURIComponent(caseId)}`)
      .withAutomaticReconnect(retryPolicy)
      .withStatefulReconnect()
      .build()
    for (const name of Object.keys(events) as (keyof SessionEvents)[]) {
      this.connection.on(name, (...args: unknown[]) => (events[name] as (...a: unknown[]) => void)(...args))
    }
    this.connection.onreconnecting(() => onState('reconnecting'))
    this.connection.onreconnected(() => { onState('connected'); onReconnected() })
    this.connection.onclose(() => onState('closed'))
  }

  get connected(): boolean { return this.connection.state === HubConnectionState.Connected }

  /** Opens the connection (one attempt; <c>signed-out</c> when the sign-in is gone); a lost one reconnects by itself. */
  async start(): Promise<void> {
    if (this.connection.state !== HubConnectionState.Disconnected) return
    try {
      await this.connection.start()
    } catch (e) {
      throw signedOut(e) ? new HubError('signed-out', String(e)) : toHubError(e)
    }
  }

  stop(): Promise<void> { return this.connection.stop() }

  private async invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    try {
      return await this.connection.invoke<T>(method, ...args)
    } catch (e) {
      throw toHubError(e)
    }
  }

  join(caseId: string) { return this.invoke<RoomView>('Join', caseId) }
  refresh() { return this.invoke<RoomView>('Refresh') }
  negotiate(offer: SessionDescription) { return this.invoke<SessionDescription>('Negotiate', offer) }
  leave() { return this.invoke<void>('Leave') }
  admit(attendeeId: string, identityConfirmed: boolean) { return this.invoke<void>('Admit', attendeeId, identityConfirmed) }
  deny(attendeeId: string) { return this.invoke<void>('Deny', attendeeId) }
  remove(attendeeId: string) { return this.invoke<void>('Remove', attendeeId) }
  mute(attendeeId: string) { return this.invoke<void>('Mute', attendeeId) }
  askToUnmute(attendeeId: string) { return this.invoke<void>('AskToUnmute', attendeeId) }
  readNotices() { return this.invoke<void>('ReadNotices') }
  startCaucus(side: 'Applicant' | 'Respondent') { return this.invoke<void>('StartCaucus', side) }
  endCaucus() { return this.invoke<void>('EndCaucus') }
  end() { return this.invoke<void>('End') }
  sendChat(text: string, lineId: string) { return this.invoke<void>('SendChat', text, lineId) }
  chatHistory() { return this.invoke<ChatLine[]>('ChatHistory') }
  raiseHand(raised: boolean) { return this.invoke<void>('RaiseHand', raised) }
  acknowledgeNotices() { return this.invoke<void>('AcknowledgeNotices') }
  setDevices(micOn: boolean, cameraOn: boolean) { return this.invoke<void>('SetDevices', micOn, cameraOn) }
  shareDocument() { return this.invoke<void>('ShareDocument') }
  stopSharingDocument() { return this.invoke<void>('StopSharingDocument') }
  scrollDocument(position: number) { return this.invoke<void>('ScrollDocument', position) }
}
