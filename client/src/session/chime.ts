/**
 * The gentle signal when the timer reaches zero: two soft sine tones (about a second, quiet,
 * no attack click). Browsers allow sound only after the page was used; if not, it stays silent
 * and the screen's own signal remains.
 */
export function playChime(): void {
  const AudioContextClass = window.AudioContext as typeof AudioContext | undefined;
  if (!AudioContextClass) return;
  try {
    const context = new AudioContextClass();
    const start = context.currentTime + 0.05;
    [660, 880].forEach((frequency, i) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      const at = start + i * 0.35;
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(0.12, at + 0.04);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.9);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.95);
    });
    setTimeout(() => void context.close(), 2000);
  } catch {
    // No audio here: the visual signal is enough.
  }
}
