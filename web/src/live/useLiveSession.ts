import { computed, ref, shallowRef } from 'vue'
import { HubError, SessionHubClient, transientCodes, type Attendee, type ChatLine, type HubState, type RoomView, type SessionEvents } from './hub'
import { MediaLink, emptyQuality, type Quality } from './media'

// The live session as the page holds it: the hub connection, the one media connection to the SFU, and the room view
// the server sends. The server decides who is admitted, where everyone sits and what each page may receive; the page
// renders what it is told, offers again when asked, and — when the connection or the server goes away — keeps
// coming back by itself for as long as the person stays on the page, saying honestly where it stands.

export type { Attendee, ChatLine, RoomView } from './hub'
export type { Quality } from './media'

/** A chat line as this page shows it: sent and kept, on its way, not delivered (to send again), or not kept in the record. */
export interface ShownLine extends ChatLine { state: 'kept' | 'sending' | 'failed' | 'not-kept'; mine: boolean }

type Phase = 'idle' | 'joining' | 'joined' | 'left' | 'replaced' | 'ended' | 'signed-out'

/** How the page reaches the server: connected, coming back (since when), or not reached for a long while. */
export type Link = 'connected' | 'reconnecting' | 'unreachable'

/** Refusals that no retry will turn around: the page stops and says why. */
const final = new Set(['case-forbidden', 'case-not-in-mediation', 'signed-out', 'access-ended'])
const rejoinKey = (caseId: string) => `mediation.session.${caseId}`
const delay = (ms: number) => new Promise((resolve) => window.setTimeout(resolve, ms))
/** After this long without the server, the page says it cannot be reached (and offers to try at once). */
const unreachableAfterMs = 15_000

export function useLiveSession(caseId: string) {
  const phase = ref<Phase>('idle')
  const error = ref<unknown>(null)
  const view = ref<RoomView | null>(null)
  const chat = ref<ShownLine[]>([])
  const streams = shallowRef<Record<string, MediaStream>>({})
  const quality = ref<Record<string, Quality>>({})
  const localStream = shallowRef<MediaStream | null>(null)
  const screenStream = shallowRef<MediaStream | null>(null)
  const connectionState = ref<RTCPeerConnectionState>('new')
  // Peer connections this page holds: one per session, whatever the timing.
  const peerConnections = ref(0)
  const link = ref<Link>('connected')
  const lostSince = ref<number | null>(null)
  const micOn = ref(true)
  const cameraOn = ref(true)
  const askedToUnmute = ref(false)
  const activeSpeaker = ref<string | null>(null)
  // Where the mediator is in the shared document (pushed as they scroll; the view carries it for a page that comes in later).
  const documentScroll = ref(0)
  let hub: SessionHubClient | null = null
  let leaving = false
  let restarting = false
  let reconnecting: Promise<void> | null = null
  // The room whose chat the panel shows: entering a room (or coming back) loads what was said there.
  let chatSpace = ''

  const media = new MediaLink({
    negotiate: (offer) => hub!.negotiate(offer),
    onState: (state) => { connectionState.value = state; peerConnections.value = MediaLink.open },
    onStreams: (next) => { streams.value = next },
    onQuality: (next) => { quality.value = next },
    onError: (e) => { if (!(e instanceof HubError) || e.code !== 'not-admitted') error.value = e },
  })

  const you = computed(() => view.value?.you ?? null)
  // The people whose media this page may receive: admitted, connected, in the same space.
  const others = computed(() => (view.value?.attendees ?? []).filter((a) =>
    a.id !== you.value?.id && a.status === 'Admitted' && a.connected && a.space === view.value?.yourSpace))
  // Stream ids with a live track right now: what the server actually forwards here.
  const receivingFrom = computed(() => Object.entries(streams.value).filter(([, s]) => s.getTracks().length > 0).map(([id]) => id))


  let lostTimer: number | undefined
  function lost() {
    lostSince.value ??= Date.now()
    const update = () => { link.value = lostSince.value !== null && Date.now() - lostSince.value > unreachableAfterMs ? 'unreachable' : 'reconnecting' }
    update()
    lostTimer ??= window.setInterval(update, 1000)
  }

  function found() {
    window.clearInterval(lostTimer)
    lostTimer = undefined
    lostSince.value = null
    link.value = 'connected'
  }

  const events: SessionEvents = {
    Renegotiate: (audio, video) => media.renegotiate(audio, video),
    Sync: () => { void refresh() },
    Chat: (line) => { if (line.space === chatSpace) upsert({ ...line, state: 'kept', mine: line.fromId === you.value?.id }) },
    ChatNotKept: (id) => { chat.value = chat.value.map((l) => (l.id === id ? { ...l, state: 'not-kept' } : l)) },
    ActiveSpeaker: (id) => { activeSpeaker.value = id },
    AskedToUnmute: () => { askedToUnmute.value = true },
    DocumentScrolled: (position) => { documentScroll.value = position },
    SessionEnded: () => { void ended() },
    Replaced: () => { phase.value = 'replaced'; void teardown(false) },
    // The server is going away (a restart, a redeploy): connect again now, to whichever process or node answers.
    ServerRestarting: () => { void restart() },
  }

  function onHubState(state: HubState) {
    if (state === 'reconnecting') lost()
    // The connection closed for good while the person stays: the server turned the sign-in away.
    if (state === 'closed' && !leaving && !restarting && phase.value === 'joined') {
      phase.value = 'signed-out'
      void teardown(false)
    }
  }

  /** A new hub connection after a loss: the server knows nothing of this page any more. Join again; the media starts over. */
  function onReconnected() {
    reconnecting ??= enter().finally(() => { reconnecting = null })
  }

  function upsert(line: ShownLine) {
    const at = chat.value.findIndex((l) => l.id === line.id)
    chat.value = at < 0 ? [...chat.value, line] : chat.value.map((l, i) => (i === at ? line : l))
  }

  async function refresh() {
    if (!hub?.connected) return
    try {
      apply(await hub.refresh())
      error.value = null
    } catch (e) {
      if (!(e instanceof HubError && e.code === 'not-joined')) error.value = e
    }
  }

  function apply(next: RoomView) {
    // A document newly shown (or shown again after a change) opens where the mediator is in it.
    if (next.sharedDocument && next.sharedDocument.revision !== view.value?.sharedDocument?.revision) documentScroll.value = next.sharedDocument.scroll
    // Coming into a room (or into another one): who speaks there now; the ActiveSpeaker event follows it from here.
    if (next.yourSpace !== view.value?.yourSpace || view.value?.you?.status !== next.you?.status) activeSpeaker.value = next.activeSpeaker
    view.value = next
    if (next.sessionStatus === 'Ended') { void ended(); return }
    // Waiting in the lobby the page already connects: its camera goes to the host for the identity check, and
    // admission then only changes what it receives.
    const connected = next.sessionStatus === 'Open' && (next.you?.status === 'Admitted' || next.you?.status === 'Waiting')
    if (connected) {
      void media.ensure({ mic: micOn.value && !next.you?.mutedByMediator, camera: cameraOn.value })
        .then(() => { localStream.value = media.localStream })
        .catch((e) => { error.value = e })
    } else if (media.active) {
      media.close(false)
    }
    // The mediator's mute holds whatever the page does; the page shows it by turning the microphone off too.
    if (next.you?.mutedByMediator) setMic(false)
    const chatHere = next.you?.status === 'Admitted' ? next.yourSpace : ''
    if (chatHere !== chatSpace) {
      chatSpace = chatHere
      chat.value = chat.value.filter((l) => l.space === chatHere && l.state !== 'kept')
      if (chatHere) {
        void hub!.chatHistory().then((lines) => {
          for (const line of lines) upsert({ ...line, state: 'kept', mine: line.fromId === you.value?.id })
        }).catch((e) => { error.value = e })
      }
    }
  }

  /** Connects (if need be) and joins, trying again for as long as the person stays and nothing final stands in the way. */
  async function enter() {
    for (let attempt = 0; !leaving; attempt++) {
      try {
        await hub!.start()
        // Whatever media the page had belonged to a connection the server no longer has. Closed before joining: what
        // the server says during the join (the tracks this page may receive) is for the new media connection.
        media.close(false)
        const joined = await hub!.join(caseId)
        chatSpace = ''
        found()
        error.value = null
        phase.value = 'joined'
        apply(joined)
        // The others show this page's microphone and camera as they are here (after a reload too).
        if (joined.you && (joined.you.micOn !== micOn.value || joined.you.cameraOn !== cameraOn.value)) void announceDevices()
        return
      } catch (e) {
        const code = e instanceof HubError ? e.code : ''
        if (final.has(code)) {
          phase.value = code === 'signed-out' || code === 'access-ended' ? 'signed-out' : phase.value === 'joined' ? 'left' : 'idle'
          error.value = code === 'signed-out' ? null : e
          await teardown(false)
          return
        }

        lost()
        if (!transientCodes.has(code)) error.value = e
        await delay(Math.min(3000, 300 * 2 ** attempt) + Math.random() * 300)
      }
    }
  }

  async function join() {
    phase.value = 'joining'
    error.value = null
    leaving = false
    hub = new SessionHubClient(caseId, events, onHubState, onReconnected)
    sessionStorage.setItem(rejoinKey(caseId), '1')
    await enter()
  }

  /** Drops this connection and connects again at once: the server said it is going away, or the person asked. */
  async function restart() {
    if (!hub || leaving) return
    restarting = true
    lost()
    try {
      await hub.stop()
    } finally {
      restarting = false
    }
    await enter()
  }

  async function teardown(forget: boolean) {
    leaving = true
    found()
    if (forget) sessionStorage.removeItem(rejoinKey(caseId))
    const closing = hub
    hub = null
    if (closing?.connected) await closing.leave().catch(() => undefined)
    await closing?.stop().catch(() => undefined)
    chatSpace = ''
    media.close(true)
    localStream.value = null
    screenStream.value = null
  }

  async function leave(forget = true) {
    await teardown(forget)
    if (phase.value === 'joined') phase.value = 'left'
  }

  async function ended() {
    await teardown(true)
    // The end is not a failure: whatever a call in flight said as the room closed is not for the person.
    error.value = null
    phase.value = 'ended'
  }

  /** Runs a hub call; its refusal lands in `error` for the page to show, and the next success clears it. */
  async function call(action: (hub: SessionHubClient) => Promise<unknown>): Promise<boolean> {
    if (!hub) return false
    try {
      await action(hub)
      error.value = null
      return true
    } catch (e) {
      error.value = e
      return false
    }
  }

  /** Sends a chat line under an id of its own: sent again after a failure, it is shown and recorded once. */
  async function sendChat(text: string, id: string = crypto.randomUUID().replaceAll('-', '')) {
    const me = you.value
    upsert({ id, fromId: me?.id ?? '', fromName: me?.displayName ?? '', text, space: chatSpace, atUtc: new Date().toISOString(), state: 'sending', mine: true })
    const sent = await call((h) => h.sendChat(text, id))
    const line = chat.value.find((l) => l.id === id)
    if (line && line.state === 'sending') upsert({ ...line, state: sent ? 'kept' : 'failed' })
    return sent
  }

  /** Tells the room this page's microphone and camera switches: a muted mark, an avatar instead of a still picture. */
  async function announceDevices() {
    if (hub?.connected) await hub.setDevices(micOn.value, cameraOn.value).catch(() => undefined)
  }

  function setMic(on: boolean) {
    const changed = micOn.value !== on
    micOn.value = on
    media.setMic(on)
    if (on) askedToUnmute.value = false
    if (changed) void announceDevices()
  }

  function setCamera(on: boolean) {
    const changed = cameraOn.value !== on
    cameraOn.value = on
    media.setCamera(on)
    if (changed) void announceDevices()
  }

  /** Another camera or microphone, chosen in the room: replaced in place, the others keep receiving. */
  async function switchDevice(kind: 'audio' | 'video', deviceId: string) {
    try {
      await media.switchDevice(kind, deviceId)
    } catch (e) {
      error.value = e
    }
  }

  async function shareScreen() {
    await media.shareScreen(() => { screenStream.value = null })
    screenStream.value = media.screen
  }

  async function stopScreen() {
    await media.stopScreen()
    screenStream.value = null
  }

  const shouldRejoin = () => sessionStorage.getItem(rejoinKey(caseId)) === '1'

  return {
    phase, error, view, chat, streams, quality, localStream, screenStream, connectionState, link, lostSince, micOn, cameraOn, askedToUnmute, activeSpeaker,
    documentScroll, you, others, receivingFrom, peerConnections, emptyQuality,
    join, leave, restart, call, sendChat, setMic, setCamera, switchDevice, shareScreen, stopScreen, shouldRejoin,
  }
}

export type LiveSession = ReturnType<typeof useLiveSession>
export type { Attendee as SessionAttendee }
