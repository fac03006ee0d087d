/**
 * A short two-note chime drawn with the Web Audio API (no sound file to fetch or to allow in the
 * CSP). Browsers start audio only after a tap on the page: the display asks for one first.
 */
export function playChime(ctx: AudioContext): void {
  const t0 = ctx.currentTime + 0.05;
  // E5 then C5: a doorbell's falling third, heard over a waiting room without startling it.
  [659.25, 523.25].forEach((freq, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const start = t0 + i * 0.4;
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.35, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.9);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(start + 1);
  });
}
