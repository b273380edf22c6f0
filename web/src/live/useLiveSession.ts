import { computed, ref, shallowRef } from 'vue'
import { HubConnectionBuilder, HubConnectionState, type HubConnection } from '@microsoft/signalr'

// The live session as the page holds it: the hub connection, the one RTCPeerConnection to the SFU, and the room
// view the server sends. The server decides who is admitted, where everyone sits and what each page may receive;
// the page renders what it is told and offers again when asked.

export interface Attendee {
  id: string
  displayName: string
  role: string
  side: string | null
  status: 'Waiting' | 'Admitted' | 'Denied' | 'Removed'
  connected: boolean
  space: string
  handRaised: boolean
  mutedByMediator: boolean
  identityChecked: boolean
  noticesAcknowledged: boolean
  presentSeconds: number
}

export interface RoomView {
  sessionId: string | null
  sessionStatus: 'NotOpen' | 'Open' | 'Ended'
  caucusWith: string | null
  isHost: boolean
  you: Attendee | null
  yourSpace: string
  noticesPending: boolean
  notices: string[]
  attendees: Attendee[]
}

export interface ChatLine { fromId: string; fromName: string; text: string; space: string; atUtc: string }
export interface Quality { framesDecoded: number; audioPackets: number; nacks: number; freezes: number; packets: number }
type Phase = 'idle' | 'joining' | 'joined' | 'left' | 'replaced' | 'ended'

const emptyQuality = (): Quality => ({ framesDecoded: 0, audioPackets: 0, nacks: 0, freezes: 0, packets: 0 })
const rejoinKey = (caseId: string) => `mediation.session.${caseId}`

/** The stable code of a hub error ("… HubException: not-admitted"), or '' for anything else. */
export function hubErrorCode(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return /HubException: ([a-z0-9-]+)/.exec(message)?.[1] ?? ''
}

export function useLiveSession(caseId: string) {
  const phase = ref<Phase>('idle')
  const error = ref<unknown>(null)
  const view = ref<RoomView | null>(null)
  const chat = ref<ChatLine[]>([])
  const streams = shallowRef<Record<string, MediaStream>>({})
  const quality = ref<Record<string, Quality>>({})
  const localStream = shallowRef<MediaStream | null>(null)
  const screenStream = shallowRef<MediaStream | null>(null)
  const connectionState = ref<RTCPeerConnectionState>('new')
  const hubState = ref<'connected' | 'reconnecting' | 'disconnected'>('disconnected')
  const micOn = ref(true)
  const cameraOn = ref(true)
  const askedToUnmute = ref(false)
  const activeSpeaker = ref<string | null>(null)
  let connection: HubConnection | null = null
  let pc: RTCPeerConnection | null = null
  let statsTimer: number | undefined
  let iceTimer: number | undefined
  let negotiating: Promise<void> = Promise.resolve()
  // What the server last said this page may receive; asked before the page had media, it counts for the first offer.
  let wanted: [number, number] = [0, 0]
  // The room whose chat the panel shows: entering a room (or coming back after a reload) loads what was said there.
  let chatSpace = ''
  const trackStream: Record<string, string> = {}

  const you = computed(() => view.value?.you ?? null)
  // The people whose media this page may receive: admitted, connected, in the same space.
  const others = computed(() => (view.value?.attendees ?? []).filter((a) =>
    a.id !== you.value?.id && a.status === 'Admitted' && a.connected && a.space === view.value?.yourSpace))
  // Stream ids with a live track right now: what the server actually forwards here.
  const receivingFrom = computed(() => Object.entries(streams.value).filter(([, s]) => s.getTracks().length > 0).map(([id]) => id))

  async function negotiate(audio: number, video: number, iceRestart = false) {
    if (!pc || !connection) return
    ;[audio, video] = [Math.max(audio, wanted[0]), Math.max(video, wanted[1])]
    // One receive-only transceiver per track the server may send us, of each kind.
    for (const [kind, wanted] of [['audio', audio], ['video', video]] as const) {
      const have = pc.getTransceivers().filter((x) => x.direction === 'recvonly' && x.receiver.track.kind === kind).length
      for (let i = have; i < wanted; i++) pc.addTransceiver(kind, { direction: 'recvonly' })
    }
    const offer = await pc.createOffer({ iceRestart })
    await pc.setLocalDescription(offer)
    const answer = await connection.invoke<{ type: 'answer'; sdp: string }>('Negotiate', { type: 'offer', sdp: offer.sdp })
    await pc.setRemoteDescription(answer)
  }

  function queue(audio: number, video: number, iceRestart = false) {
    wanted = [Math.max(audio, wanted[0]), Math.max(video, wanted[1])]
    negotiating = negotiating.then(() => negotiate(audio, video, iceRestart)).catch((e) => { error.value = e })
  }

  function wantedNow(): [number, number] {
    const recv = pc?.getTransceivers().filter((x) => x.direction === 'recvonly') ?? []
    return [recv.filter((x) => x.receiver.track.kind === 'audio').length, recv.filter((x) => x.receiver.track.kind === 'video').length]
  }

  async function pollStats() {
    if (!pc) return
    const next: Record<string, Quality> = {}
    const report = await pc.getStats()
    report.forEach((x) => {
      if (x.type !== 'inbound-rtp' || !x.trackIdentifier) return
      const participant = trackStream[x.trackIdentifier]
      if (!participant) return
      const q = (next[participant] ??= emptyQuality())
      // Lost packets the page asked again for (RFC 4585 NACK), repaired from the server's cache.
      q.nacks += x.nackCount ?? 0
      q.packets += x.packetsReceived ?? 0
      if (x.kind === 'video') q.framesDecoded += x.framesDecoded ?? 0
      if (x.kind === 'video') q.freezes += x.freezeCount ?? 0
      if (x.kind === 'audio') q.audioPackets += x.packetsReceived ?? 0
    })
    quality.value = next
  }

  async function startMedia() {
    if (pc) return
    localStream.value ??= await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } })
    localStream.value.getAudioTracks().forEach((t) => { t.enabled = micOn.value && !you.value?.mutedByMediator })
    pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' })
    pc.onconnectionstatechange = () => { connectionState.value = pc?.connectionState ?? 'closed' }
    // A network change (Wi-Fi to 4G) breaks the path: after a moment of "disconnected", restart ICE (RFC 8445 §9).
    pc.oniceconnectionstatechange = () => {
      window.clearTimeout(iceTimer)
      const state = pc?.iceConnectionState
      if (state === 'failed') queue(...wantedNow(), true)
      else if (state === 'disconnected') iceTimer = window.setTimeout(() => queue(...wantedNow(), true), 2000)
    }
    for (const track of localStream.value.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [localStream.value] })
    pc.ontrack = (e) => {
      const stream = e.streams[0]
      if (!stream) return
      trackStream[e.track.id] = stream.id
      const update = () => { streams.value = { ...streams.value, [stream.id]: stream } }
      stream.onremovetrack = update
      update()
    }
    queue(...wanted)
    await negotiating
    statsTimer = window.setInterval(() => { void pollStats() }, 250)
  }

  function stopMedia() {
    window.clearInterval(statsTimer)
    window.clearTimeout(iceTimer)
    pc?.close()
    pc = null
    wanted = [0, 0]
    streams.value = {}
    quality.value = {}
    screenStream.value?.getTracks().forEach((t) => t.stop())
    screenStream.value = null
    connectionState.value = 'closed'
  }

  async function refresh() {
    if (!connection || connection.state !== HubConnectionState.Connected) return
    apply(await connection.invoke<RoomView>('Refresh'))
  }

  function apply(next: RoomView) {
    view.value = next
    if (next.sessionStatus === 'Ended') { void ended(); return }
    // Waiting in the lobby the page already connects: its camera goes to the host for the identity check, and
    // admission then only changes what it receives.
    const connected = next.sessionStatus === 'Open' && (next.you?.status === 'Admitted' || next.you?.status === 'Waiting')
    if (connected && !pc) void startMedia().catch((e) => { error.value = e })
    if (!connected && pc) stopMedia()
    // The mediator's mute holds whatever the page does; the page shows it by turning the microphone off too.
    if (next.you?.mutedByMediator) setMic(false)
    const chatHere = next.you?.status === 'Admitted' ? next.yourSpace : ''
    if (chatHere !== chatSpace) {
      chatSpace = chatHere
      if (chatHere) void connection?.invoke<ChatLine[]>('ChatHistory').then((lines) => { chat.value = lines }).catch((e) => { error.value = e })
    }
  }

  async function join() {
    phase.value = 'joining'
    error.value = null
    try {
      connection = new HubConnectionBuilder().withUrl(`/hubs/session?case=${caseId}`).withAutomaticReconnect().withStatefulReconnect().build()
      connection.on('Renegotiate', (audio: number, video: number) => queue(audio, video))
      connection.on('Sync', () => { void refresh().catch((e) => { error.value = e }) })
      connection.on('Chat', (line: ChatLine) => { if (line.space === chatSpace) chat.value = [...chat.value, line] })
      connection.on('AskedToUnmute', () => { askedToUnmute.value = true })
      connection.on('ActiveSpeaker', (id: string | null) => { activeSpeaker.value = id })
      connection.on('SessionEnded', () => { void ended() })
      connection.on('Replaced', () => { phase.value = 'replaced'; void leave(false) })
      connection.onreconnecting(() => { hubState.value = 'reconnecting' })
      // A new connection after a longer loss: join again; an admitted person comes straight back in.
      connection.onreconnected(() => { hubState.value = 'connected'; void connection?.invoke<RoomView>('Join', caseId).then(apply) })
      connection.onclose(() => { hubState.value = 'disconnected' })
      await connection.start()
      hubState.value = 'connected'
      apply(await connection.invoke<RoomView>('Join', caseId))
      sessionStorage.setItem(rejoinKey(caseId), '1')
      phase.value = 'joined'
    } catch (e) {
      error.value = e
      await leave(false)
      phase.value = 'idle'
    }
  }

  async function leave(forget = true) {
    if (forget) sessionStorage.removeItem(rejoinKey(caseId))
    if (connection?.state === HubConnectionState.Connected) await connection.invoke('Leave').catch(() => undefined)
    await connection?.stop()
    connection = null
    chatSpace = ''
    stopMedia()
    localStream.value?.getTracks().forEach((track) => track.stop())
    localStream.value = null
    if (phase.value === 'joined') phase.value = 'left'
  }

  async function ended() {
    await leave()
    phase.value = 'ended'
  }

  /** Invokes a hub method; errors land in `error` for the page to show. */
  async function call(method: string, ...args: unknown[]) {
    error.value = null
    try {
      await connection?.invoke(method, ...args)
    } catch (e) {
      error.value = e
    }
  }

  function setMic(on: boolean) {
    micOn.value = on
    localStream.value?.getAudioTracks().forEach((t) => { t.enabled = on })
    if (on) askedToUnmute.value = false
  }

  function setCamera(on: boolean) {
    cameraOn.value = on
    localStream.value?.getVideoTracks().forEach((t) => { t.enabled = on })
  }

  /** Shares the screen as one more video track of this participant (to walk through the draft agreement). */
  async function shareScreen() {
    if (!pc) return
    const screen = await navigator.mediaDevices.getDisplayMedia({ video: true })
    screenStream.value = screen
    const [track] = screen.getVideoTracks()
    const sender = pc.addTransceiver(track, { direction: 'sendonly', streams: [localStream.value!] }).sender
    track.onended = () => { void stopScreen(sender) }
    queue(...wantedNow())
  }

  async function stopScreen(sender?: RTCRtpSender) {
    const s = sender ?? pc?.getSenders().find((x) => x.track && screenStream.value?.getTracks().includes(x.track))
    if (s && pc) {
      pc.getTransceivers().find((x) => x.sender === s)?.stop()
      queue(...wantedNow())
    }
    screenStream.value?.getTracks().forEach((t) => t.stop())
    screenStream.value = null
  }

  const shouldRejoin = () => sessionStorage.getItem(rejoinKey(caseId)) === '1'

  return {
    phase, error, view, chat, streams, quality, localStream, screenStream, connectionState, hubState, micOn, cameraOn, askedToUnmute, activeSpeaker,
    you, others, receivingFrom, emptyQuality,
    join, leave, call, setMic, setCamera, shareScreen, stopScreen, shouldRejoin,
  }
}
