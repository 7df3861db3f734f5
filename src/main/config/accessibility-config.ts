/**
 * The accessibility hardware of one kiosk (issue 18; docs/accessibility.md,
 * "Handset hardware"): how main learns that the guidance handset is lifted
 * or headphones are plugged in, and where guidance may sound.
 *
 * - `handset.kind: 'simulated'` (the default): the simulator panel's
 *   "Lift handset" toggle (`setHandset`), as on a development machine.
 * - `'none'`: no hook switch or jack sense; guidance starts only with the
 *   guidance key (a headphone jack without detection).
 * - `'hid'`: a USB HID handset cradle: one bit of its input report is the
 *   hook switch (the byte and mask from the vendor's report descriptor).
 * - `'evdev'`: a Linux input-event switch: the sound card's jack sense
 *   (SW_HEADPHONE_INSERT, SW_LINEOUT_INSERT) or a hook switch wired to a GPIO
 *   line that the kernel's gpio-keys driver reports (linux/input-event-codes.h);
 *   this is how a GPIO handset is configured.
 *
 * `output` is where guidance may sound (privacy: only the handset or
 * headphones, GuidanceOutput in src/shared/bridge/keypad.ts).
 */
import { z } from 'zod';
import { GuidanceOutput } from '../../shared/bridge';

const UsbId = z.number().int().min(0).max(0xffff);

/** EV_SW codes (linux/input-event-codes.h) a jack or hook switch reports. */
export const EVDEV_SWITCHES = { headphoneInsert: 0x02, microphoneInsert: 0x04, lineoutInsert: 0x06, jackPhysicalInsert: 0x07 } as const;
export type EvdevSwitchName = keyof typeof EVDEV_SWITCHES;

export const HandsetConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulated') }).strict(),
  z.object({ kind: z.literal('none') }).strict(),
  z.object({
    kind: z.literal('hid'),
    vendorId: UsbId,
    productId: UsbId,
    /** Byte of the input report (report id included, as node-hid delivers it) that holds the hook switch. */
    reportByte: z.number().int().min(0).max(63),
    /** The switch's bit(s) in that byte. */
    mask: z.number().int().min(1).max(0xff),
    /** Whether the bits are set or clear while the handset is off its hook. */
    liftedWhen: z.enum(['set', 'clear']).default('set'),
  }).strict(),
  z.object({
    kind: z.literal('evdev'),
    /** The input device, preferably its stable name: /dev/input/by-path/…-event. */
    device: z.string().regex(/^\/dev\/input\/\S+$/, 'evdev device must be a path under /dev/input/'),
    /** Which switch: a jack-sense name, or the EV_SW code a gpio-keys line was given in the device tree. */
    switch: z.union([z.enum(Object.keys(EVDEV_SWITCHES) as [EvdevSwitchName, ...EvdevSwitchName[]]), z.number().int().min(0).max(0x10)]),
    /** Most switches read 1 when inserted / lifted; a hook switch wired the other way reads 0. */
    liftedWhen: z.enum(['on', 'off']).default('on'),
  }).strict(),
]);
export type HandsetConfig = z.infer<typeof HandsetConfig>;

export const AccessibilityConfig = z.object({
  handset: HandsetConfig.default({ kind: 'simulated' }),
  output: GuidanceOutput.default({ kind: 'systemDefault' }),
}).strict().superRefine((a, ctx) => {
  // A real handset with no private output would be a handset that never speaks: say so at start, not at the first customer.
  if ((a.handset.kind === 'hid' || a.handset.kind === 'evdev') && a.output.kind === 'none') {
    ctx.addIssue({ code: 'custom', path: ['output'], message: 'a handset is configured but output is none: set output to systemDefault or device' });
  }
}).default({ handset: { kind: 'simulated' }, output: { kind: 'systemDefault' } });
export type AccessibilityConfig = z.infer<typeof AccessibilityConfig>;
