/**
 * Intents: what the renderer may ask of main. The renderer is untrusted
 * (ARCHITECTURE.md): every message is parsed with `Intent` in main before
 * anything acts on it; unknown types and extra fields are refused. An intent
 * only says what the person touched; main decides what it means in the
 * current state, and ignores it where it means nothing.
 */
import { z } from 'zod';
import { IncomeCertificateKind } from '../domain/income-certificate';
import { Employment } from '../domain/employment';
import { AssistSetting, KeypadKey, SpeechEngine } from './keypad';
import { MAX_EXPORT_TARGETS, MemberNumberKey, ServiceAction } from './service';

export const Locale = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof Locale>;

/** Upper bound for one serialized intent; anything larger is refused unread. */
export const MAX_INTENT_BYTES = 4096;

/**
 * One key of the PIN pad. Full-width digits are accepted because a keyboard
 * in Japanese input mode sends them (DOMAIN.md); main folds them to
 * half-width. The renderer sends each key on its own and never holds a PIN.
 */
export const PinKey = z.enum([
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
  '０', '１', '２', '３', '４', '５', '６', '７', '８', '９',
  'backspace', 'clear', 'enter',
]);
export type PinKey = z.infer<typeof PinKey>;

/** Buttons on the flow's screens: a closed set, so main can switch over it exhaustively. */
export const Choice = z.enum([
  // menu
  'changePin', 'limitIncrease', 'limitDecrease', 'finish',
  // PIN entry and notices
  'forgotPin', 'clearLock', 'retry', 'continue', 'back', 'confirm',
  // limit review
  'scanCertificate', 'acceptOffer', 'declineOffer',
]);
export type Choice = z.infer<typeof Choice>;

export { Employment };

/** The income certificates the law accepts (src/shared/domain/income-certificate.ts): one list for the scanner, the screens and HQ. */
export const CertificateKind = IncomeCertificateKind;
export type CertificateKind = IncomeCertificateKind;

const Yen = z.number().int().min(0).max(100_000_000);

const intent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...shape }).strict();

export const Intent = z.discriminatedUnion('type', [
  /** The renderer (re)loaded and wants the current view. */
  intent('ready', {}),
  intent('setLocale', { locale: Locale }),
  intent('setLargeText', { on: z.boolean() }),
  /** Any touch: resets the inactivity timer of the current screen. */
  intent('touch', {}),
  intent('pinKey', { key: PinKey }),
  /** Cancel the current step; on most screens this ends the session and returns the card. */
  intent('cancel', {}),
  intent('choose', { choice: Choice }),
  /** Limit increase or decrease: the amount picked, in yen. */
  intent('setAmount', { amountYen: Yen }),
  /** Limit increase declarations (DOMAIN.md: the review checks borrowing, employment and income). */
  intent('declare', { annualIncomeYen: Yen, employment: Employment, otherBorrowingYen: Yen }),
  intent('chooseCertificate', { kind: CertificateKind }),
  /** Service mode (issue 8): a button of a staff or technician screen. Main checks the permission. */
  intent('serviceAction', { action: ServiceAction }),
  /** Service mode: one key of the member-number keypad. */
  intent('memberNumberKey', { key: MemberNumberKey }),
  /** Service mode: where to write the diagnostics bundle, by its place in the list main offered (never a path). */
  intent('chooseExportTarget', { index: z.number().int().min(0).max(MAX_EXPORT_TARGETS - 1) }),
  /** One key of the physical keypad, by name; main's keypad table decides what it means here (issue 18). */
  intent('keypad', { key: KeypadKey }),
  /** Extended time or high contrast, chosen on the first screen (issue 18). */
  intent('setAssist', { setting: AssistSetting, on: z.boolean() }),
  /** What the renderer can speak with; main logs it and the technician page shows it. */
  intent('speechStatus', { engine: SpeechEngine }),
]);
export type Intent = z.infer<typeof Intent>;
export type IntentType = Intent['type'];
