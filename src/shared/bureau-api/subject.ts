/**
 * The person a lender asks about or registers a contract for, as a lender
 * sends it to a bureau: name in kanji and kana, date of birth, and a phone
 * number or an address (at least one), the identifying data art. 41-35
 * registrations carry. The bureau matches on the keys of identity-keys.ts;
 * a field that yields no key is refused here, naming the field, never its
 * value.
 */
import { z } from 'zod';
import { CalendarDate } from './common';
import { addressKey, nameKey, phoneKey } from './identity-keys';

export const Subject = z.object({
  nameKanji: z.string().trim().min(1).max(60),
  /** Katakana or hiragana, full- or half-width, spaces allowed. */
  nameKana: z.string().max(60).refine((value) => nameKey(value) !== null, 'name in kana: katakana or hiragana only'),
  dateOfBirth: CalendarDate.refine((value) => value >= '1900-01-01', 'date of birth: 1900 or later'),
  /** A Japanese phone number; hyphens, spaces, full-width digits and +81 are fine. */
  phone: z.string().max(24).refine((value) => phoneKey(value) !== null, 'phone: a Japanese phone number (0 and 9 or 10 digits, or +81)').optional(),
  address: z.string().max(200).refine((value) => addressKey(value) !== null, 'address: empty').optional(),
}).strict().refine((subject) => subject.phone !== undefined || subject.address !== undefined, {
  message: 'a phone number or an address is needed to match a person',
  path: ['phone'],
});
export type Subject = z.infer<typeof Subject>;
