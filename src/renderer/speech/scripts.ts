/**
 * The spoken script of each view (issue 18): what voice guidance says when a
 * screen opens, in the screen's language, built from the same message
 * catalogue as the visible text (`speech` next to it in ja.json/en.json) and
 * main's keypad legend ("1番、暗証番号の変更"). Plain words; amounts as spoken
 * (spoken-numbers.ts); never a PIN digit, a card number or any run of
 * figures (test/unit/renderer/speech-scripts.test.ts checks every view kind).
 * The id names the script for a lender's recorded clip (docs/accessibility.md).
 */
import type { KeypadKey, KeypadLegendEntry, Locale, ScreenView, ServicePage, ViewModel } from '../../shared/bridge';
import { assertNever } from '../../shared/assert-never';
import { formatDeadline } from '../format/tokyo-time';
import { spokenCount, spokenPhone, spokenYen } from './spoken-numbers';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export interface SpokenScript {
  /** Stable id of the script (screen and variant), for recorded clips: `menu`, `notice.accountLocked`. */
  id: string;
  text: string;
}

type Model = Pick<ViewModel, 'view' | 'keypad' | 'inactivity' | 'locale'>;

function spokenTime(iso: string, locale: Locale): string {
  const hhmm = formatDeadline(iso, locale);
  if (!hhmm) return '';
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  if (locale === 'ja') return `${spokenCount(h, 'ja')}時${m ? `${spokenCount(m, 'ja')}分` : ''}`;
  return m ? `${spokenCount(h, 'en')} ${m < 10 ? 'oh ' : ''}${spokenCount(m, 'en')}` : `${spokenCount(h, 'en')} o'clock`;
}

/** What a key is called aloud: "1番", "確定キー". */
function keyName(key: KeypadKey, t: Translate, locale: Locale): string {
  // 「1番」 as written (一番 would read as "the best"); English in words.
  if (/^[0-9]$/.test(key)) return t('speech.keyName.digit', { n: locale === 'ja' ? key : spokenCount(Number(key), locale) });
  return t(`speech.keyName.${key}`);
}

/** What the key does, from the target main marked. */
function targetLabel(target: string, t: Translate, locale: Locale): string {
  const [kind, value = ''] = target.split(':');
  switch (kind) {
    case 'choice': return t(`choice.${value}`);
    case 'certificate': return t(`certificate.kind.${value}`);
    case 'pick': return spokenYen(Number(value), locale);
    case 'amount': return t(`speech.target.amount.${value}`);
    case 'assist': return t(`speech.target.assist.${value}`);
    case 'service': return t(`service.action.${value}`);
    case 'export': return t('speech.target.export', { n: spokenCount(Number(value) + 1, locale) });
    default: return t(`speech.target.${kind}.${value || 'self'}`);
  }
}

/** "1番、暗証番号の変更。2番、…。取消キー、取消。" */
export function spokenKeys(legend: readonly KeypadLegendEntry[], t: Translate, locale: Locale): string {
  return legend.map((entry) => t('speech.keyItem', { key: keyName(entry.key, t, locale), label: targetLabel(entry.target, t, locale) })).join(' ');
}

function callCentre(view: { callCentre: { number: string } | null }, t: Translate, locale: Locale): string {
  return view.callCentre ? t('speech.callCentre', { number: spokenPhone(view.callCentre.number, locale) }) : '';
}

const join = (...parts: Array<string | false | null | undefined>) => parts.filter(Boolean).join(' ');

function screenScript(view: ScreenView, t: Translate, locale: Locale): SpokenScript {
  const yen = (n: number) => spokenYen(n, locale);
  switch (view.screen) {
    case 'starting': return { id: 'starting', text: t('app.starting') };
    case 'idle': return { id: 'idle', text: join(t('idle.heading'), t('idle.insertCard'), t('speech.idle'), t('idle.services')) };
    case 'outOfService': return {
      id: `outOfService.${view.reason}`,
      // The fingerprint is read off the screen, not spoken: it is a run of figures (see the header), and meant for the technician.
      text: join(t('outOfService.heading'), t(`outOfService.reason.${view.reason}`), view.enrolment && t('speech.notEnrolled'), view.notice?.[locale],
        view.resumesAt && t('speech.resumesAt', { time: spokenTime(view.resumesAt, locale) }), callCentre(view, t, locale)),
    };
    case 'busy': return { id: `busy.${view.task}`, text: join(t(`busy.task.${view.task}`), t('common.pleaseWait')) };
    case 'pinEntry': return {
      id: `pinEntry.${view.purpose}${view.message ? `.${view.message}` : ''}`,
      text: join(view.message && t(`pin.message.${view.message}`), t(`pin.title.${view.purpose}`), t(`speech.pinEntry.${view.purpose}`)),
    };
    case 'notice': return {
      id: `notice.${view.kind}`,
      text: join(t(`notice.kind.${view.kind}.heading`), t(`notice.kind.${view.kind}.body`), callCentre(view, t, locale)),
    };
    case 'menu': return {
      id: 'menu',
      text: join(t('menu.greeting', { name: view.nameKana }),
        t('speech.figure', { label: t('menu.creditLimit'), amount: yen(view.creditLimit) }),
        t('speech.figure', { label: t('menu.available'), amount: yen(view.available) }),
        t('menu.heading')),
    };
    case 'documentScan': {
      const heading = view.purpose === 'identity'
        ? t('speech.documentScan.identity')
        : t('documentScan.certificateHeading', { certificate: view.certificate ? t(`certificate.kind.${view.certificate}`) : t('documentScan.certificateFallback') });
      return {
        id: `documentScan.${view.purpose}.${view.state}`,
        text: join(heading, t('documentScan.placeHint'), t(`documentScan.${view.state}`),
          t('speech.attempt', { attempt: spokenCount(view.attempt, locale), max: spokenCount(view.maxAttempts, locale) })),
      };
    }
    case 'certificateChoice': return {
      id: `certificateChoice${view.refusal ? `.${view.refusal}` : ''}`,
      text: join(view.refusal && t(`certificate.refused.${view.refusal}`), t('certificate.heading'), t('certificate.lead')),
    };
    case 'amountEntry': {
      const deadline = view.deadline ? spokenTime(view.deadline, locale) : '';
      return {
        id: `amountEntry.${view.direction}`,
        text: join(t(`amount.heading.${view.direction}`),
          t('speech.figure', { label: t('amount.current'), amount: yen(view.currentLimit) }),
          view.selected !== null ? t('speech.figure', { label: t('amount.selected'), amount: yen(view.selected) }) : t('amount.notSelected'),
          t('speech.amountRange', { min: yen(view.min), max: yen(view.max), step: yen(view.step) }),
          deadline && t('speech.deadline', { time: deadline })),
      };
    }
    case 'declarations': return { id: 'declarations', text: join(t('declarations.heading'), t('speech.declarations')) };
    case 'confirmDecrease': return {
      id: 'confirmDecrease',
      text: join(t('confirmDecrease.heading'),
        t('speech.figure', { label: t('confirmDecrease.current'), amount: yen(view.currentLimit) }),
        t('speech.figure', { label: t('confirmDecrease.new'), amount: yen(view.newLimit) }),
        t('confirmDecrease.warning')),
    };
    case 'limitResult': return {
      id: `limitResult.${view.outcome}`,
      text: join(t(`limitResult.${view.outcome}.heading`), t(`limitResult.${view.outcome}.body`),
        view.outcome === 'partiallyApproved' && t('speech.figure', { label: t('limitResult.partiallyApproved.requested'), amount: yen(view.requestedLimit) }),
        view.outcome !== 'declined' && t('speech.figure', { label: t(view.outcome === 'approved' ? 'limitResult.approved.newLimit' : 'limitResult.partiallyApproved.offered'), amount: yen(view.creditLimit) }),
        callCentre(view, t, locale)),
    };
    case 'takeCard': return { id: 'takeCard', text: join(t('takeCard.heading'), t('takeCard.hint'), takeCardCountdown(view.secondsLeft, t, locale)) };
    case 'documentSlip': {
      const key = view.delivered ? 'delivered' : 'notDelivered';
      return { id: `documentSlip.${key}`, text: join(t(`documentSlip.${key}.spoken`), callCentre(view, t, locale)) };
    }
    case 'goodbye': return { id: 'goodbye', text: join(t('goodbye.heading'), t('goodbye.body')) };
    case 'service': return { id: `service.${view.page.page}`, text: join(t('speech.service'), servicePage(view.page, t)) };
    default: return assertNever(view, 'screen');
  }
}

function servicePage(page: ServicePage, t: Translate): string {
  return page.page === 'busy' ? t(`service.busy.${page.task}`) : '';
}

/** The take-card countdown, said when the screen opens and again near the end (issue 18). */
export function takeCardCountdown(secondsLeft: number, t: Translate, locale: Locale): string {
  return t('speech.takeCardCountdown', { seconds: spokenCount(secondsLeft, locale) });
}

/** The inactivity warning, said as soon as it shows: before the session ends (issue 18). */
export function inactivityScript(secondsLeft: number, t: Translate, locale: Locale): SpokenScript {
  return { id: 'inactivity', text: join(t('inactivity.heading'), t('speech.inactivity', { seconds: spokenCount(secondsLeft, locale) })) };
}

export function scriptFor(model: Model, t: Translate): SpokenScript {
  const locale = model.locale;
  if (model.inactivity) return inactivityScript(model.inactivity.secondsLeft, t, locale);
  const script = screenScript(model.view, t, locale);
  const keys = spokenKeys(model.keypad, t, locale);
  return { id: script.id, text: join(script.text, keys) };
}
