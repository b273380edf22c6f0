// Two short rising tones when someone enters the lobby: the mediator may be reading the case file in another window.
let context: AudioContext | null = null

export function lobbyChime(): void {
  try {
    context ??= new AudioContext()
    const start = context.currentTime
    for (const [i, frequency] of [660, 880].entries()) {
      const oscillator = context.createOscillator()
      const gain = context.createGain()
      oscillator.frequency.value = frequency
      gain.gain.setValueAtTime(0.0001, start + i * 0.18)
      gain.gain.exponentialRampToValueAtTime(0.2, start + i * 0.18 + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.18 + 0.16)
      oscillator.connect(gain).connect(context.destination)
      oscillator.start(start + i * 0.18)
      oscillator.stop(start + i * 0.18 + 0.17)
    }
  } catch {
    // No sound where the browser allows none; the count in the title and the badge remain.
  }
}
