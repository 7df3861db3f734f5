import { describe, expect, it, vi } from 'vitest';
import { findAudioSink, routeTo } from '../../../src/renderer/speech/audio-sink';
import { chooseSpeechOutput, htmlAudioPlayer, type SpeechPlatform } from '../../../src/renderer/speech/speech-output';
import type { GuidanceOutput } from '../../../src/shared/bridge';

/**
 * Issue 18, privacy: guidance sounds only on the handset or headphones.
 * Fakes stand for the browser: the audio outputs (enumerateDevices), an
 * audio element with or without setSinkId, the speech synthesis, and the
 * lender's clip manifest.
 */
const OUTPUTS = [
  { deviceId: 'default', kind: 'audiooutput', label: 'Default - Built-in speaker' },
  { deviceId: 'mic-1', kind: 'audioinput', label: 'USB Handset microphone' },
  { deviceId: 'sink-handset', kind: 'audiooutput', label: 'USB Handset (0b0e:0412)' },
] as Array<Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>>;

function platform(options: { clips: boolean; outputs?: typeof OUTPUTS; synthesis?: boolean }): SpeechPlatform & { spoken: string[] } {
  const spoken: string[] = [];
  class Utter { text: string; lang = ''; volume = 1; rate = 1; constructor(text: string) { this.text = text; } }
  const synth = { speak: (u: Utter) => spoken.push(u.text), cancel: () => undefined };
  return {
    spoken,
    ...(options.synthesis === false ? {} : { speechSynthesis: synth as unknown as SpeechSynthesis, SpeechSynthesisUtterance: Utter as unknown as typeof SpeechSynthesisUtterance }),
    fetch: (async () => (options.clips
      ? new Response(JSON.stringify({ ja: { menu: 'ja/menu.ogg' } }), { status: 200 })
      : new Response('', { status: 404 }))) as typeof fetch,
    navigator: { mediaDevices: { enumerateDevices: async () => options.outputs ?? OUTPUTS } },
  };
}

const utterance = { id: 'menu', text: 'ご希望のお手続きを選んでください', lang: 'ja' as const, volume: 3, rate: 3 };
const device = (label: string): GuidanceOutput => ({ kind: 'device', label });

describe('finding the handset output', () => {
  it('finds an audio output by a part of its label or by its id, never an input', async () => {
    const devices = { enumerateDevices: async () => OUTPUTS };
    expect(await findAudioSink(devices, 'usb handset')).toBe('sink-handset');
    expect(await findAudioSink(devices, 'sink-handset')).toBe('sink-handset');
    expect(await findAudioSink(devices, 'microphone')).toBeNull();
    expect(await findAudioSink(devices, 'Headphones')).toBeNull();
    expect(await findAudioSink(undefined, 'USB Handset')).toBeNull();
    expect(await findAudioSink({ enumerateDevices: () => Promise.reject(new Error('not allowed')) }, 'USB Handset')).toBeNull();
  });

  it('routes an element only where setSinkId exists and succeeds', async () => {
    const setSinkId = vi.fn(async () => undefined);
    expect(await routeTo({ setSinkId }, 'sink-handset')).toBe(true);
    expect(setSinkId).toHaveBeenCalledWith('sink-handset');
    expect(await routeTo({}, 'sink-handset')).toBe(false);
    expect(await routeTo({ setSinkId: () => Promise.reject(new Error('NotFoundError')) }, 'sink-handset')).toBe(false);
  });

  it('plays a clip into the handset, and does not play one it cannot route', async () => {
    const routed = { volume: 1, playbackRate: 1, setSinkId: vi.fn(async () => undefined), play: vi.fn(async () => undefined), pause: vi.fn() };
    expect(await htmlAudioPlayer('sink-handset', () => routed as unknown as HTMLAudioElement).play('ja/menu.ogg', 3, 3)).toBe(true);
    expect(routed.setSinkId).toHaveBeenCalledWith('sink-handset');
    expect(routed.setSinkId.mock.invocationCallOrder[0]!).toBeLessThan(routed.play.mock.invocationCallOrder[0]!);
    const unroutable = { volume: 1, playbackRate: 1, play: vi.fn(async () => undefined), pause: vi.fn() };
    expect(await htmlAudioPlayer('sink-handset', () => unroutable as unknown as HTMLAudioElement).play('ja/menu.ogg', 3, 3)).toBe(false);
    expect(unroutable.play).not.toHaveBeenCalled();
  });
});

describe('choosing what speaks, by the configured output', () => {
  it('systemDefault: synthesis (the default sink is the handset), or clips with synthesis for the rest', async () => {
    const bare = platform({ clips: false });
    const synthesis = await chooseSpeechOutput(bare, { kind: 'systemDefault' });
    expect(synthesis.engine).toBe('synthesis');
    synthesis.speak(utterance);
    expect(bare.spoken).toEqual([utterance.text]);
    expect((await chooseSpeechOutput(platform({ clips: true }), { kind: 'systemDefault' })).engine).toBe('clips');
  });

  it('device: routed clips only; a script without a clip is not synthesized onto the main speaker', async () => {
    const p = platform({ clips: true });
    const output = await chooseSpeechOutput(p, device('USB Handset'));
    expect(output.engine).toBe('clips');
    output.speak({ ...utterance, id: 'takeCard' });
    await new Promise((r) => setTimeout(r, 0));
    expect(p.spoken).toEqual([]);
  });

  it('device missing (unplugged): guidance unavailable, nothing spoken at all', async () => {
    const p = platform({ clips: true, outputs: OUTPUTS.filter((o) => o.deviceId !== 'sink-handset') });
    const output = await chooseSpeechOutput(p, device('USB Handset'));
    expect(output.engine).toBe('none');
    output.speak(utterance);
    expect(p.spoken).toEqual([]);
  });

  it('device without clips: unavailable, since synthesis cannot reach the handset', async () => {
    expect((await chooseSpeechOutput(platform({ clips: false }), device('USB Handset'))).engine).toBe('none');
  });

  it('none: unavailable even with synthesis and clips present', async () => {
    const p = platform({ clips: true });
    const output = await chooseSpeechOutput(p, { kind: 'none' });
    expect(output.engine).toBe('none');
    output.speak(utterance);
    expect(p.spoken).toEqual([]);
  });
});
