/**
 * The handset / headphone output for voice guidance (issue 18, privacy:
 * guidance sounds only there, never from the main speaker). When the kiosk's
 * config names the output (`accessibility.output: { kind: 'device', label }`),
 * the renderer finds it among the audio outputs (MediaDevices.enumerateDevices,
 * W3C Media Capture and Streams §9.2) and plays clips into it with
 * HTMLMediaElement.setSinkId (W3C Audio Output Devices API §2). Speech
 * synthesis cannot be routed (the Web Speech API has no output choice), so
 * with a configured device it is never used.
 */

export interface MediaDevicesLike {
  enumerateDevices(): Promise<Array<Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>>>;
}

/**
 * The id of the audio output whose label contains `label` (or whose id is
 * `label`); null when there is none: the handset is unplugged or missing,
 * and guidance must then stay silent.
 */
export async function findAudioSink(devices: MediaDevicesLike | undefined, label: string): Promise<string | null> {
  if (!devices) return null;
  try {
    const outputs = (await devices.enumerateDevices()).filter((d) => d.kind === 'audiooutput');
    const wanted = label.toLowerCase();
    const found = outputs.find((d) => d.deviceId === label) ?? outputs.find((d) => d.label.toLowerCase().includes(wanted));
    return found ? found.deviceId : null;
  } catch {
    return null;
  }
}

/** What a clip player needs of an audio element to route it: setSinkId, where the platform has it. */
export interface SinkableAudio {
  setSinkId?: (sinkId: string) => Promise<void>;
}

/** Routes the element to the sink; false when it cannot (no setSinkId, or the device refused): then it must not play. */
export async function routeTo(audio: SinkableAudio, sinkId: string): Promise<boolean> {
  if (typeof audio.setSinkId !== 'function') return false;
  try {
    await audio.setSinkId(sinkId);
    return true;
  } catch {
    return false;
  }
}
