import { ref } from 'vue'

// The camera, microphone and speaker a person chose, kept on this browser: chosen once in the device check, used in
// the room, changeable there. An id that no longer exists (a headset unplugged) falls back to the system's default.

export interface DeviceChoice { camera: string; microphone: string; speaker: string }

const key = 'mediation.devices'

function stored(): DeviceChoice {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? '{}') as Partial<DeviceChoice>
    return { camera: value.camera ?? '', microphone: value.microphone ?? '', speaker: value.speaker ?? '' }
  } catch {
    return { camera: '', microphone: '', speaker: '' }
  }
}

/** The choice as the pages share it. */
export const devices = ref<DeviceChoice>(stored())

export function choose(next: Partial<DeviceChoice>): void {
  devices.value = { ...devices.value, ...next }
  localStorage.setItem(key, JSON.stringify(devices.value))
}

/** A face and a voice, clearly: what a mediation needs, not the highest resolution; on the devices chosen. */
export function constraints(choice: DeviceChoice = devices.value): MediaStreamConstraints {
  return {
    audio: choice.microphone ? { deviceId: { ideal: choice.microphone } } : true,
    video: { width: 640, height: 360, ...(choice.camera ? { deviceId: { ideal: choice.camera } } : {}) },
  }
}

export interface DeviceLists { cameras: MediaDeviceInfo[]; microphones: MediaDeviceInfo[]; speakers: MediaDeviceInfo[] }

/** The devices of each kind; their names are known only once the page may use the camera and microphone. */
export async function listDevices(): Promise<DeviceLists> {
  const all = await navigator.mediaDevices.enumerateDevices()
  return {
    cameras: all.filter((d) => d.kind === 'videoinput' && d.deviceId),
    microphones: all.filter((d) => d.kind === 'audioinput' && d.deviceId),
    speakers: all.filter((d) => d.kind === 'audiooutput' && d.deviceId),
  }
}

/** Whether this browser can send sound to a speaker of its choice (Chromium can; some phones cannot). */
export const speakerChoice = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype

/** Plays an element's sound on the chosen speaker, where the browser allows. */
export async function routeToSpeaker(element: HTMLMediaElement, speaker = devices.value.speaker): Promise<void> {
  const sink = element as HTMLMediaElement & { setSinkId?: (id: string) => Promise<void>; sinkId?: string }
  if (!speakerChoice || !sink.setSinkId || sink.sinkId === speaker) return
  await sink.setSinkId(speaker).catch(() => undefined)
}
