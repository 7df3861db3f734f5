/**
 * The operator console's one page: the fleet (issue 5, "fleet view") and
 * the form that announces a maintenance (DOMAIN.md, "Hours and
 * maintenance": unscheduled maintenance can be announced at any time), in
 * Japanese first with English beside it, times in Asia/Tokyo.
 *
 * Rendered on HQ with no script at all, so the page's CSP can forbid every
 * script. Two pages: the fleet, which reloads itself every 30 seconds, and
 * the announcement form, which never does (a reload would wipe what the
 * operator is typing).
 */
import { tokyoLocalDateTime } from '../../shared/domain/calendar';
import type { FleetResponse } from '../../shared/hq-api/kiosk-status';
import type { FleetTriage } from '../fleet/fleet-triage';
import { fleetSection } from './fleet-table';
import type { AnnouncementRow } from '../calendar/announcements';
import type { FleetAlert } from '../fleet/fleet-alerts';
import { roleAllows } from '../operators/operator-accounts';
import { csrfField, layout, when, type ConsoleViewer, type Flash } from './console-layout';
import { html, type Html } from './html';

export type { Flash } from './console-layout';

export interface AnnouncementForm {
  target: string;
  startsAt: string;
  endsAt: string;
  messageJa: string;
  messageEn: string;
}

export interface FleetPageInput {
  fleet: FleetTriage;
  announcements: readonly AnnouncementRow[];
  /** Open fleet alerts (identity lock, identity-failure rate: src/hq/fleet/fleet-alerts.ts); none when absent. */
  alerts?: readonly FleetAlert[];
  /** After a redirect: what happened, in both languages. */
  flash?: Flash | undefined;
  viewer: ConsoleViewer;
}

export interface AnnouncePageInput {
  fleet: FleetResponse;
  form: AnnouncementForm;
  /** Why a posted form was refused. */
  flash?: Flash | undefined;
  viewer: ConsoleViewer;
}

export function defaultAnnouncementForm(now: Date): AnnouncementForm {
  return { target: 'all', startsAt: tokyoLocalDateTime(now.getTime()), endsAt: tokyoLocalDateTime(now.getTime() + 60 * 60_000), messageJa: '', messageEn: '' };
}

export const ALERT_LABEL: Record<FleetAlert['kind'], [ja: string, en: string]> = {
  identityLocked: ['本人確認ロック（書類の不一致が続きました）', 'Identity checks locked (repeated refused documents)'],
  identityFailureRate: ['本人確認の失敗が多発', 'Many refused identity documents at this kiosk'],
  silentKiosk: ['端末から応答がありません', 'Kiosk silent'],
  deviceFault: ['機器異常が続いています', 'Device fault lasting'],
  retainBinFull: ['カード回収箱が満杯です', 'Retain bin full'],
  tamperAlert: ['ジャーナル改ざん警告', 'Journal tamper alert'],
  journalBacklog: ['ジャーナルの送信が遅れています', 'Journal backlog'],
};

function alertList(alerts: readonly FleetAlert[], viewer: ConsoleViewer): Html {
  const acts = roleAllows(viewer.role, 'operator');
  if (alerts.length === 0) return html`<p>未確認の警告はありません。<span lang="en">No open alerts.</span></p>`;
  const items = alerts.map((a) => html`<li class="bad" data-alert="${a.id}" data-alert-kind="${a.kind}">
      <strong>${ALERT_LABEL[a.kind][0]}</strong> <span lang="en">${ALERT_LABEL[a.kind][1]}</span><br>
      <code>${a.kioskId}</code>${a.cardMasked ? html` — ${a.cardMasked}` : ''} — ${when(a.raisedAt)}<br>
      <small lang="en">${a.detail}</small>
      ${acts ? html`<form class="withdraw" method="post" action="/console/alerts/${String(a.id)}/acknowledge">${csrfField(viewer.csrfToken)}
        <button type="submit">確認済みにする <span lang="en">Acknowledge</span></button>
      </form>` : ''}
    </li>`);
  return html`<ul class="alerts">${items}</ul>`;
}

function announcementList(announcements: readonly AnnouncementRow[], viewer: ConsoleViewer): Html {
  const acts = roleAllows(viewer.role, 'operator');
  if (announcements.length === 0) return html`<p>予定されたお知らせはありません。<span lang="en">No announcement is in force or upcoming.</span></p>`;
  const items = announcements.map((a) => html`<li data-announcement="${a.announcementId}">
      <strong>${when(a.startsAt)} – ${when(a.endsAt)}</strong>
      (${a.kioskId ?? html`全端末 <span lang="en">all kiosks</span>`})<br>
      ${a.messageJa}<br><span lang="en">${a.messageEn}</span>
      ${acts ? html`<form class="withdraw" method="post" action="/console/announcements/${encodeURIComponent(a.announcementId)}/withdraw">${csrfField(viewer.csrfToken)}
        <button type="submit">取り消す <span lang="en">Withdraw</span></button>
      </form>` : ''}
    </li>`);
  return html`<ul class="announcements">${items}</ul>`;
}

function announcementForm(fleet: FleetResponse, form: AnnouncementForm, csrfToken: string): Html {
  const options = [
    html`<option value="all"${form.target === 'all' ? html` selected` : ''}>全端末 / All kiosks</option>`,
    ...fleet.kiosks.map((k) => html`<option value="${k.kioskId}"${form.target === k.kioskId ? html` selected` : ''}>${k.kioskId}</option>`),
  ];
  return html`<form class="announce" method="post" action="/console/announcements">${csrfField(csrfToken)}
    <label>対象 <span lang="en">Kiosk</span> <select name="target">${options}</select></label>
    <label>開始（日本時間）<span lang="en">Starts (Tokyo time)</span> <input type="datetime-local" name="startsAt" required value="${form.startsAt}"></label>
    <label>終了（日本時間）<span lang="en">Ends (Tokyo time)</span> <input type="datetime-local" name="endsAt" required value="${form.endsAt}"></label>
    <label>お客さまへのお知らせ（日本語）<span lang="en">Message to customers (Japanese)</span>
      <textarea name="messageJa" required maxlength="500" rows="2">${form.messageJa}</textarea></label>
    <label>お客さまへのお知らせ（英語）<span lang="en">Message to customers (English)</span>
      <textarea name="messageEn" required maxlength="500" rows="2">${form.messageEn}</textarea></label>
    <p class="hint">端末は30秒以内に受け取り、期間中はサービスを停止してこのお知らせを表示します。<br>
      <span lang="en">Kiosks pick it up within 30 seconds, stop service for the window and show this message.</span></p>
    <button type="submit">お知らせを登録 <span lang="en">Announce</span></button>
  </form>`;
}

/** `/console`: the fleet and the announcements not yet over; reloads itself. */
export function renderFleetPage(input: FleetPageInput): string {
  return layout(input.fleet.at, html`<section aria-labelledby="fleet">
      <h2 id="fleet">端末一覧 <span lang="en">Fleet</span></h2>
      ${fleetSection(input.fleet)}
    </section>
    <section aria-labelledby="alerts">
      <h2 id="alerts">警告 <span lang="en">Alerts</span></h2>
      ${alertList(input.alerts ?? [], input.viewer)}
      <p><a href="/console/alerts">警告の一覧と送信状況 <span lang="en">All alerts, by kind, with webhook delivery</span></a></p>
    </section>
    <section aria-labelledby="announcements">
      <h2 id="announcements">お知らせ <span lang="en">Announcements</span></h2>
      ${announcementList(input.announcements, input.viewer)}
      ${roleAllows(input.viewer.role, 'operator') ? html`<p><a class="action" href="/console/announce">臨時メンテナンスを告知する <span lang="en">Announce a maintenance</span></a></p>` : ''}
    </section>`, { refresh: true, flash: input.flash, viewer: input.viewer });
}

/** `/console/announce`: the form, as typed when it comes back refused; never reloads itself. */
export function renderAnnouncePage(input: AnnouncePageInput): string {
  return layout(input.fleet.at, html`<section aria-labelledby="announce">
      <h2 id="announce">臨時メンテナンスのお知らせ <span lang="en">Announce a maintenance</span></h2>
      ${announcementForm(input.fleet, input.form, input.viewer.csrfToken)}
      <p><a href="/console">端末一覧に戻る <span lang="en">Back to the fleet</span></a></p>
    </section>`, { refresh: false, flash: input.flash, viewer: input.viewer });
}
