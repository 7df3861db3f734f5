/**
 * The physical keypad and the assistance settings (issue 18). The renderer
 * forwards only the name of the key pressed (`keypad` intent); what a key
 * means on the current screen is decided in main, in one table
 * (src/main/bridge/keypad-map.ts), so the Electron and web shells behave the
 * same. Main sends back, with each view, the keys the screen offers (its
 * legend), so buttons show their number and the spoken script reads them.
 */
import { z } from 'zod';

/** Every key of the accessible keypad: a closed set, validated in main like any intent. */
export const KeypadKey = z.enum([
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
  /** 確定 */
  'enter',
  /** 取消 */
  'cancel',
  /** 訂正 */
  'correct',
  'up', 'down',
  /** Starts voice guidance, or repeats the current screen's script when it is on. */
  'guidance',
  'volumeUp', 'volumeDown', 'speedUp', 'speedDown',
]);
export type KeypadKey = z.infer<typeof KeypadKey>;

/**
 * What a key does on the current screen, as the renderer marks it: a
 * choice, an amount step, an option. `choice:changePin`, `certificate:taxReturn`,
 * `amount:up`, `pick:300000`, `assist:extendedTime`, `service:logout`.
 */
export const KeypadTarget = z.string().regex(/^[a-zA-Z]+(:[a-zA-Z0-9+-]+)?$/).max(48);
export type KeypadTarget = z.infer<typeof KeypadTarget>;

export const KeypadLegendEntry = z.object({ key: KeypadKey, target: KeypadTarget }).strict();
export type KeypadLegendEntry = z.infer<typeof KeypadLegendEntry>;

/**
 * A key on a screen whose draft the renderer holds (the declarations form,
 * issue 7): main decides the action, the renderer applies it to the draft.
 * `seq` grows with every key so the same action twice is two pushes.
 */
export const FormKeyAction = z.enum(['digit', 'erase', 'next', 'back']);
export type FormKeyAction = z.infer<typeof FormKeyAction>;
export const FormKey = z.object({
  seq: z.number().int().nonnegative(),
  action: FormKeyAction,
  digit: z.number().int().min(0).max(9).nullable(),
}).strict();
export type FormKey = z.infer<typeof FormKey>;

/**
 * Where voice guidance may sound (issue 18, privacy: only the handset or
 * headphones, never the main speaker), from the kiosk's config
 * (`accessibility.output`, src/main/config/accessibility-config.ts):
 * - `systemDefault`: the installer made the handset/headphone output the
 *   operating system's default sink (and the kiosk has no other); clips and
 *   speech synthesis both go there.
 * - `device`: the handset is one output among others; clips are routed to
 *   the output whose label contains `label` (HTMLMediaElement.setSinkId).
 *   Speech synthesis cannot choose an output, so it is never used: scripts
 *   without a clip stay silent. The output missing: guidance unavailable.
 * - `none`: no private output: guidance unavailable, never spoken.
 */
export const GuidanceOutput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('systemDefault') }).strict(),
  z.object({ kind: z.literal('device'), label: z.string().trim().min(1).max(120) }).strict(),
  z.object({ kind: z.literal('none') }).strict(),
]);
export type GuidanceOutput = z.infer<typeof GuidanceOutput>;

export const GUIDANCE_LEVELS = { min: 1, max: 5, normal: 3 } as const;
const Level = z.number().int().min(GUIDANCE_LEVELS.min).max(GUIDANCE_LEVELS.max);

/** Assistance for the current customer; back to the defaults when the session ends (except guidance, which follows the handset). */
export const Assist = z.object({
  /** Voice guidance is speaking (handset lifted, headphones in, or the guidance key). */
  guidance: z.boolean(),
  volume: Level,
  rate: Level,
  /** Grows when the guidance key asks to hear the screen again. */
  repeat: z.number().int().nonnegative(),
  /** Every customer timer doubled (issue 18). */
  extendedTime: z.boolean(),
  highContrast: z.boolean(),
  /** Where guidance may sound: the kiosk's configured handset output (not a customer setting). */
  output: GuidanceOutput,
}).strict();
export type Assist = z.infer<typeof Assist>;

export const DEFAULT_ASSIST: Assist = {
  guidance: false, volume: GUIDANCE_LEVELS.normal, rate: GUIDANCE_LEVELS.normal, repeat: 0, extendedTime: false, highContrast: false,
  output: { kind: 'systemDefault' },
};

export const AssistSetting = z.enum(['extendedTime', 'highContrast']);
export type AssistSetting = z.infer<typeof AssistSetting>;

/**
 * What the renderer found to speak with, for the technician page (issue 18):
 * `none` also when the configured handset output is missing.
 */
export const SpeechEngine = z.enum(['clips', 'synthesis', 'none']);
export type SpeechEngine = z.infer<typeof SpeechEngine>;
