// The new-order chime: a short two-note beep made with the Web Audio API (no sound file to
// fetch). Browsers let a page play sound only after the person has interacted with it, so the
// audio context starts on the first tap or key press; until then `armed` is false and the page
// says how to turn sound on. Muting is remembered on this device.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

const MUTE_KEY = 'tiffin.kitchen.muted';

const muteListeners = new Set<() => void>();
/** The choice made on this page, for when storage is blocked. */
let memoryMuted: boolean | null = null;

function readMuted(): boolean {
  try {
    return window.localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

function writeMuted(muted: boolean): void {
  try {
    window.localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
  } catch {
    // Storage blocked: the choice lasts for this page only.
  }
  memoryMuted = muted;
  for (const listener of muteListeners) listener();
}

function subscribeMuted(listener: () => void): () => void {
  muteListeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    muteListeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

function getMuted(): boolean {
  return memoryMuted ?? readMuted();
}

/** Two rising notes, a tenth of a second each: audible over a kitchen, not alarming. */
function beep(context: AudioContext): void {
  const start = context.currentTime + 0.01;
  for (const [i, frequency] of [880, 1320].entries()) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    const at = start + i * 0.16;
    oscillator.type = 'sine';
    oscillator.frequency.setValueAtTime(frequency, at);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.14);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.15);
  }
}

export interface OrderChime {
  muted: boolean;
  setMuted: (muted: boolean) => void;
  /** The browser allows sound now (the person has tapped or typed on the page). */
  armed: boolean;
  /** Beeps, unless muted or not armed yet; returns whether it did. */
  play: () => boolean;
}

export function useOrderChime(): OrderChime {
  const muted = useSyncExternalStore(subscribeMuted, getMuted, () => false);
  const context = useRef<AudioContext | null>(null);
  const [armed, setArmed] = useState(false);

  useEffect(() => {
    function arm() {
      if (typeof window.AudioContext !== 'function') return;
      context.current ??= new AudioContext();
      void context.current.resume().then(() => setArmed(true));
    }
    window.addEventListener('pointerdown', arm);
    window.addEventListener('keydown', arm);
    return () => {
      window.removeEventListener('pointerdown', arm);
      window.removeEventListener('keydown', arm);
    };
  }, []);

  useEffect(
    () => () => {
      void context.current?.close();
      context.current = null;
    },
    [],
  );

  const play = useCallback(() => {
    const audio = context.current;
    if (getMuted() || !audio || audio.state !== 'running') return false;
    beep(audio);
    return true;
  }, []);

  return { muted, setMuted: writeMuted, armed, play };
}
