/**
 * Where voice guidance goes (issue 18). The production path is a lender's
 * recorded clips, one per script id and language (docs/accessibility.md
 * says how to record them; none ship); the platform's speech synthesis (Web
 * Speech API, present in Chromium and Electron) speaks whatever has no clip.
 * With neither, guidance is unavailable and the technician page says so.
 * Where it sounds follows the kiosk's configured output (GuidanceOutput):
 * with a named handset device only routed clips play (audio-sink.ts), and
 * a missing device means no guidance at all, never the main speaker.
 */
import { GUIDANCE_LEVELS, type GuidanceOutput, type Locale, type SpeechEngine } from '../../shared/bridge';
import { findAudioSink, routeTo, type MediaDevicesLike, type SinkableAudio } from './audio-sink';

export interface Utterance {
  id: string;
  text: string;
  lang: Locale;
  /** 1-5, from the keypad's volume and speed keys. */
  volume: number;
  rate: number;
}

export interface SpeechOutput {
  readonly engine: SpeechEngine;
  speak(utterance: Utterance): void;
  stop(): void;
}

const LANG_TAG: Record<Locale, string> = { ja: 'ja-JP', en: 'en-GB' };
/** Level 3 is normal; each step is a fifth louder or faster (Web Speech: volume 0-1, rate 0.1-10). */
const volumeOf = (level: number) => Math.min(1, Math.max(0.2, level / GUIDANCE_LEVELS.max));
const rateOf = (level: number) => 1 + (level - GUIDANCE_LEVELS.normal) * 0.2;

/** The Web Speech API's synthesis (speechSynthesis). */
export function synthesisOutput(synth: SpeechSynthesis, Utter: typeof SpeechSynthesisUtterance): SpeechOutput {
  return {
    engine: 'synthesis',
    speak(u) {
      synth.cancel();
      const utterance = new Utter(u.text);
      utterance.lang = LANG_TAG[u.lang];
      utterance.volume = volumeOf(u.volume);
      utterance.rate = rateOf(u.rate);
      synth.speak(utterance);
    },
    stop() { synth.cancel(); },
  };
}

/** Recorded clips: `manifest[lang][scriptId]` is a clip's address; a script without one falls back. */
export type ClipManifest = Partial<Record<Locale, Record<string, string>>>;

export interface ClipPlayer {
  /** Starts the clip; resolves false when it cannot play. */
  play(url: string, volume: number, rate: number): Promise<boolean>;
  stop(): void;
}

/** Plays clips with an audio element; with `sinkId`, only into that output (a clip that cannot be routed does not play). */
export function htmlAudioPlayer(sinkId: string | null = null, makeAudio: (url: string) => HTMLAudioElement = (url) => new Audio(url)): ClipPlayer {
  let current: HTMLAudioElement | null = null;
  return {
    async play(url, volume, rate) {
      current?.pause();
      const audio = makeAudio(url);
      current = audio;
      audio.volume = volumeOf(volume);
      audio.playbackRate = rateOf(rate);
      if (sinkId !== null && !(await routeTo(audio as SinkableAudio, sinkId))) return false;
      try { await audio.play(); return true; } catch { return false; }
    },
    stop() { current?.pause(); current = null; },
  };
}

export function clipOutput(manifest: ClipManifest, player: ClipPlayer, fallback: SpeechOutput | null): SpeechOutput {
  return {
    engine: 'clips',
    speak(u) {
      const url = manifest[u.lang]?.[u.id];
      fallback?.stop();
      player.stop();
      if (!url) { fallback?.speak(u); return; }
      void player.play(url, u.volume, u.rate).then((played) => { if (!played) fallback?.speak(u); });
    },
    stop() { player.stop(); fallback?.stop(); },
  };
}

/** Nothing to speak with: guidance is unavailable (reported to main for the technician page). */
export const SILENT_OUTPUT: SpeechOutput = { engine: 'none', speak: () => undefined, stop: () => undefined };

/** What choosing an output reads of the window (a fake in unit tests). */
export interface SpeechPlatform {
  speechSynthesis?: SpeechSynthesis;
  SpeechSynthesisUtterance?: typeof SpeechSynthesisUtterance;
  fetch: typeof fetch;
  navigator: { mediaDevices?: MediaDevicesLike };
}

/**
 * Where guidance may sound decides what speaks:
 * - `systemDefault`: clips when the lender installed any
 *   (voice-clips/manifest.json next to the page), synthesis for the rest,
 *   or synthesis alone; both go to the default sink, which is the handset.
 * - `device`: clips only, routed to that output; synthesis never (it would
 *   play on the default sink, the main speaker). No such output, or no
 *   clips: none (guidance unavailable, reported to technicians).
 * - `none`: none.
 */
export async function chooseSpeechOutput(win: SpeechPlatform, output: GuidanceOutput): Promise<SpeechOutput> {
  if (output.kind === 'none') return SILENT_OUTPUT;
  const manifest = await loadClipManifest(win.fetch.bind(win));
  if (output.kind === 'device') {
    const sinkId = await findAudioSink(win.navigator.mediaDevices, output.label);
    return sinkId !== null && manifest ? clipOutput(manifest, htmlAudioPlayer(sinkId), null) : SILENT_OUTPUT;
  }
  const synthesis = win.speechSynthesis && typeof win.SpeechSynthesisUtterance === 'function'
    ? synthesisOutput(win.speechSynthesis, win.SpeechSynthesisUtterance)
    : null;
  if (manifest) return clipOutput(manifest, htmlAudioPlayer(), synthesis);
  return synthesis ?? SILENT_OUTPUT;
}

async function loadClipManifest(fetcher: typeof fetch): Promise<ClipManifest | null> {
  try {
    const response = await fetcher('voice-clips/manifest.json');
    if (!response.ok) return null;
    const body: unknown = await response.json();
    return body && typeof body === 'object' ? body as ClipManifest : null;
  } catch {
    return null;
  }
}
