import type { SessionDescription } from './hub'
import { constraints } from './devices'

// The page's one media connection to the SFU. The page always offers; offers and answers go one at a time, each
// tagged with the peer connection it was made on, so an answer that comes back for a connection already replaced is
// dropped instead of being applied in the wrong state. When the server no longer has the page's transport (it
// restarted, or the page rejoined on another connection) the page makes a new peer connection and offers again; the
// server recognises the new certificate and starts over too.

/** How a participant's media reaches this page: counters from the browser's statistics, and a verdict on the
 * network from the last few seconds (loss and jitter), for the tile's signal bars. */
export interface Quality {
  framesDecoded: number
  audioPackets: number
  nacks: number
  freezes: number
  packets: number
  lost: number
  jitterMs: number
  lastFrameAt: number
  network: Network
}
export type Network = 'unknown' | 'good' | 'fair' | 'poor'
export const emptyQuality = (): Quality => ({ framesDecoded: 0, audioPackets: 0, nacks: 0, freezes: 0, packets: 0, lost: 0, jitterMs: 0, lastFrameAt: 0, network: 'unknown' })

/** Loss over the last window and jitter, to a verdict: what Jitsi and Tencent Meeting show as one to three bars. */
export function networkVerdict(lossRate: number, jitterMs: number): Network {
  if (lossRate < 0.02 && jitterMs < 30) return 'good'
  if (lossRate < 0.08 && jitterMs < 100) return 'fair'
  return 'poor'
}

/** The window the verdict looks back over. */
const verdictWindowMs = 2000

export interface MediaCallbacks {
  negotiate(offer: SessionDescription): Promise<SessionDescription>
  onState(state: RTCPeerConnectionState): void
  onStreams(streams: Record<string, MediaStream>): void
  onQuality(quality: Record<string, Quality>): void
  onError(error: unknown): void
}

export class MediaLink {
  /** Peer connections open on this page now: one per session, whatever the timing (the tests read it). */
  static open = 0
  private pc: RTCPeerConnection | null = null
  private generation = 0
  private chain: Promise<void> = Promise.resolve()
  private starting: Promise<void> | null = null
  private wanted: [number, number] = [0, 0]
  private streams: Record<string, MediaStream> = {}
  private quality: Record<string, Quality> = {}
  private readonly trackStream: Record<string, string> = {}
  // Per participant: the totals at the start of the current verdict window.
  private windowStart: Record<string, { lost: number; received: number; at: number; network: Network }> = {}
  private statsTimer: number | undefined
  private iceTimer: number | undefined
  private failedTimer: number | undefined
  localStream: MediaStream | null = null
  screen: MediaStream | null = null

  constructor(private readonly callbacks: MediaCallbacks) {}

  get active(): boolean { return this.pc !== null }

  /** Opens the media connection if there is none (camera and microphone first); one at a time however often asked. */
  ensure(enabled: { mic: boolean; camera: boolean }): Promise<void> {
    if (this.pc) return Promise.resolve()
    this.starting ??= this.open(enabled).finally(() => { this.starting = null })
    return this.starting
  }

  private async open(enabled: { mic: boolean; camera: boolean }) {
    this.localStream ??= await navigator.mediaDevices.getUserMedia(constraints())
    this.localStream.getAudioTracks().forEach((t) => { t.enabled = enabled.mic })
    this.localStream.getVideoTracks().forEach((t) => { t.enabled = enabled.camera })
    if (this.pc) return
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' })
    MediaLink.open++
    const generation = ++this.generation
    this.pc = pc
    pc.onconnectionstatechange = () => {
      if (pc !== this.pc) return
      this.callbacks.onState(pc.connectionState)
      window.clearTimeout(this.failedTimer)
      // A connection that stays failed after an ICE restart has lost its server side: start over with a new one.
      if (pc.connectionState === 'failed') this.failedTimer = window.setTimeout(() => { if (pc === this.pc && pc.connectionState === 'failed') void this.renew() }, 4000)
    }
    // A network change (Wi-Fi to 4G) breaks the path: after a moment of "disconnected", restart ICE (RFC 8445 §9).
    pc.oniceconnectionstatechange = () => {
      window.clearTimeout(this.iceTimer)
      const state = pc.iceConnectionState
      if (state === 'failed') this.offer(true)
      else if (state === 'disconnected') this.iceTimer = window.setTimeout(() => this.offer(true), 2000)
    }
    for (const track of this.localStream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [this.localStream] })
    if (this.screen) for (const track of this.screen.getVideoTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [this.localStream] })
    pc.ontrack = (e) => {
      if (pc !== this.pc) return
      const stream = e.streams[0]
      if (!stream) return
      this.trackStream[e.track.id] = stream.id
      const update = () => { this.streams = { ...this.streams, [stream.id]: stream }; this.callbacks.onStreams(this.streams) }
      stream.onremovetrack = update
      update()
    }
    window.clearInterval(this.statsTimer)
    this.statsTimer = window.setInterval(() => { void this.pollStats(pc) }, 250)
    this.callbacks.onState(pc.connectionState)
    this.queue(generation, false)
    await this.chain
  }

  /** The server says what this page may receive changed: offer again with room for it. */
  renegotiate(audio: number, video: number) {
    this.wanted = [Math.max(audio, this.wanted[0]), Math.max(video, this.wanted[1])]
    this.offer(false)
  }

  /** Offers again on the current connection (after a change of tracks, or to restart ICE). */
  offer(iceRestart: boolean) {
    if (this.pc) this.queue(this.generation, iceRestart)
  }

  private queue(generation: number, iceRestart: boolean) {
    this.chain = this.chain.then(() => this.negotiate(generation, iceRestart)).catch((e) => this.callbacks.onError(e))
  }

  /** How long the page waits for an answer: a call lost with its server must not hold up the next connection's offers. */
  private static readonly answerTimeoutMs = 15_000

  private async negotiate(generation: number, iceRestart: boolean) {
    const pc = this.pc
    if (!pc || generation !== this.generation || pc.signalingState === 'closed') return
    // One receive-only transceiver per track the server may send us, of each kind.
    for (const [kind, wanted] of [['audio', this.wanted[0]], ['video', this.wanted[1]]] as const) {
      const have = pc.getTransceivers().filter((x) => x.direction === 'recvonly' && x.receiver.track.kind === kind).length
      for (let i = have; i < wanted; i++) pc.addTransceiver(kind, { direction: 'recvonly' })
    }
    const offer = await pc.createOffer({ iceRestart })
    await pc.setLocalDescription(offer)
    let timer: number | undefined
    const answer = await Promise.race([
      this.callbacks.negotiate({ type: 'offer', sdp: offer.sdp! }),
      new Promise<never>((_, reject) => { timer = window.setTimeout(() => reject(new Error('no answer')), MediaLink.answerTimeoutMs) }),
    ]).finally(() => window.clearTimeout(timer))
    // Superseded while the server answered (a new connection, or this one closed): the answer is not for it.
    if (pc !== this.pc || generation !== this.generation || pc.signalingState !== 'have-local-offer') return
    await pc.setRemoteDescription(answer)
  }

  /** The server no longer has this page's transport: a new peer connection, offered afresh. Keeps the camera. */
  async renew() {
    const enabled = { mic: this.localStream?.getAudioTracks().some((t) => t.enabled) ?? true, camera: this.localStream?.getVideoTracks().some((t) => t.enabled) ?? true }
    // What the page may receive is unchanged on the server's side: the first offer of the new connection has room for it.
    const wanted = this.wanted
    this.close(false)
    this.wanted = wanted
    await this.ensure(enabled)
  }

  private async pollStats(pc: RTCPeerConnection) {
    if (pc !== this.pc) return
    const next: Record<string, Quality> = {}
    const report = await pc.getStats()
    const now = Date.now()
    report.forEach((x) => {
      if (x.type !== 'inbound-rtp' || !x.trackIdentifier) return
      const participant = this.trackStream[x.trackIdentifier]
      if (!participant) return
      const q = (next[participant] ??= emptyQuality())
      // Lost packets the page asked again for (RFC 4585 NACK), repaired from the server's cache.
      q.nacks += x.nackCount ?? 0
      q.packets += x.packetsReceived ?? 0
      q.lost += Math.max(0, x.packetsLost ?? 0)
      q.jitterMs = Math.max(q.jitterMs, Math.round((x.jitter ?? 0) * 1000))
      if (x.kind === 'video') q.framesDecoded += x.framesDecoded ?? 0
      if (x.kind === 'video') q.freezes += x.freezeCount ?? 0
      if (x.kind === 'audio') q.audioPackets += x.packetsReceived ?? 0
    })
    for (const [id, q] of Object.entries(next)) {
      // When the picture last moved: a frozen tile is shown as such, never as fine.
      const before = this.quality[id]
      q.lastFrameAt = before && before.framesDecoded >= q.framesDecoded ? before.lastFrameAt : now
      const start = this.windowStart[id]
      if (!start) {
        this.windowStart[id] = { lost: q.lost, received: q.packets, at: now, network: 'unknown' }
      } else if (now - start.at >= verdictWindowMs) {
        const lost = q.lost - start.lost
        const received = q.packets - start.received
        // Nothing arrived for a whole window while the participant is here: as bad as it gets.
        const network = received <= 0 ? 'poor' : networkVerdict(lost / (lost + received), q.jitterMs)
        this.windowStart[id] = { lost: q.lost, received: q.packets, at: now, network }
      }
      q.network = this.windowStart[id]!.network
    }
    if (pc !== this.pc) return
    this.quality = next
    this.callbacks.onQuality(next)
  }

  setMic(on: boolean) { this.localStream?.getAudioTracks().forEach((t) => { t.enabled = on }) }
  setCamera(on: boolean) { this.localStream?.getVideoTracks().forEach((t) => { t.enabled = on }) }

  /** Another camera or microphone, in place: the track the server receives is replaced without a new offer. */
  async switchDevice(kind: 'audio' | 'video', deviceId: string) {
    const stream = this.localStream
    if (!stream) return
    const old = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0]
    const wanted = constraints({ camera: kind === 'video' ? deviceId : '', microphone: kind === 'audio' ? deviceId : '', speaker: '' })
    const fresh = await navigator.mediaDevices.getUserMedia(kind === 'audio' ? { audio: wanted.audio } : { video: wanted.video })
    const [track] = kind === 'audio' ? fresh.getAudioTracks() : fresh.getVideoTracks()
    if (!track) return
    track.enabled = old?.enabled ?? true
    const sender = this.pc?.getSenders().find((x) => x.track === old)
    await sender?.replaceTrack(track)
    if (old) { stream.removeTrack(old); old.stop() }
    stream.addTrack(track)
  }

  /** Shares the screen as one more video track (to walk through the draft agreement). */
  async shareScreen(onEnded: () => void) {
    if (!this.pc) return
    const screen = await navigator.mediaDevices.getDisplayMedia({ video: true })
    this.screen = screen
    const [track] = screen.getVideoTracks()
    this.pc.addTransceiver(track, { direction: 'sendonly', streams: [this.localStream!] })
    track.onended = () => { void this.stopScreen(); onEnded() }
    this.offer(false)
  }

  async stopScreen() {
    const tracks = this.screen?.getTracks() ?? []
    const transceiver = this.pc?.getTransceivers().find((x) => x.sender.track && tracks.includes(x.sender.track))
    if (transceiver) {
      transceiver.stop()
      this.offer(false)
    }
    tracks.forEach((t) => t.stop())
    this.screen = null
  }

  /** Closes the media connection; with <paramref name="releaseDevices"/> the camera and microphone too. */
  close(releaseDevices: boolean) {
    window.clearInterval(this.statsTimer)
    window.clearTimeout(this.iceTimer)
    window.clearTimeout(this.failedTimer)
    if (this.pc) {
      this.pc.close()
      MediaLink.open--
    }
    this.pc = null
    this.generation++
    // A negotiation of the closed connection may still wait for its answer: the next connection's offers do not wait for it.
    this.chain = Promise.resolve()
    this.wanted = [0, 0]
    this.streams = {}
    this.quality = {}
    this.windowStart = {}
    this.callbacks.onStreams({})
    this.callbacks.onQuality({})
    this.callbacks.onState('closed')
    if (releaseDevices) {
      this.screen?.getTracks().forEach((t) => t.stop())
      this.screen = null
      this.localStream?.getTracks().forEach((t) => t.stop())
      this.localStream = null
    }
  }
}
