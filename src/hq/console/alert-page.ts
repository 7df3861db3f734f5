/**
 * `/console/alerts`: every open alert in one place (issue 17, "shown in the
 * console until acknowledged by a named operator"): HQ's fleet alerts with
 * where their webhook delivery stands, and the journal's tamper alerts
 * (issue 6), filtered by kind (a GET form, so a filtered view is a link).
 * Operators and administrators see an acknowledge button on each; viewers
 * see the list only. Japanese first, English beside it; no script.
 */
import type { JournalAlert, JournalAlertKind } from '../../shared/hq-api/journal-ingest';
import type { AlertDelivery } from '../fleet/alert-webhook';
import type { FleetAlert, FleetAlertKind } from '../fleet/fleet-alerts';
import { roleAllows } from '../operators/operator-accounts';
import { ALERT_LABEL } from './console-page';
import { csrfField, layout, when, type ConsoleViewer, type Flash } from './console-layout';
import { html, type Html } from './html';

export const TAMPER_LABEL: Record<JournalAlertKind, [ja: string, en: string]> = {
  brokenChain: ['ハッシュチェーンの断絶', 'Broken hash chain'],
  badSignature: ['署名が一致しません', 'Bad batch signature'],
  batchMismatch: ['バッチの内容が不一致', 'Batch mismatch'],
  historyConflict: ['記録の書き換え', 'History rewritten'],
  declaredGap: ['記録の欠落（申告）', 'Declared gap'],
};

/** What the kind filter may say: a fleet alert kind, or `tamper` for the journal's. */
export type AlertFilter = FleetAlertKind | 'tamper' | 'all';

export interface AlertPageInput {
  at: string;
  filter: AlertFilter;
  fleetAlerts: readonly FleetAlert[];
  deliveries: ReadonlyMap<number, AlertDelivery>;
  tamperAlerts: readonly JournalAlert[];
  counts: ReadonlyMap<FleetAlertKind, number>;
  tamperCount: number;
  /** Whether HQ_ALERT_WEBHOOK_URL is set: without one nothing is sent. */
  webhookConfigured: boolean;
  flash?: Flash | undefined;
  viewer: ConsoleViewer;
}

function deliveryText(delivery: AlertDelivery | undefined, webhookConfigured: boolean): Html {
  if (!webhookConfigured) return html`<span class="delivery" data-delivery="off">通知先なし <span lang="en">no webhook configured</span></span>`;
  if (!delivery) return html`<span class="delivery" data-delivery="none">—</span>`;
  if (delivery.deliveredAt) {
    return html`<span class="delivery ok" data-delivery="delivered">送信済み ${when(delivery.deliveredAt)} <span lang="en">delivered (attempt ${String(delivery.attempts)})</span></span>`;
  }
  if (delivery.attempts === 0) return html`<span class="delivery" data-delivery="queued">送信待ち <span lang="en">queued</span></span>`;
  return html`<span class="delivery warn" data-delivery="retrying">再送待ち ${when(delivery.nextAttemptAt)} <span lang="en">retrying: ${String(delivery.attempts)} failed, last ${delivery.lastError ?? ''}</span></span>`;
}

function ackForm(action: string, viewer: ConsoleViewer): Html | '' {
  if (!roleAllows(viewer.role, 'operator')) return '';
  return html`<form class="withdraw" method="post" action="${action}">${csrfField(viewer.csrfToken)}
      <button type="submit">確認済みにする <span lang="en">Acknowledge</span></button>
    </form>`;
}

function filterForm(input: AlertPageInput): Html {
  const option = (value: AlertFilter, ja: string, en: string, n: number | null) =>
    html`<option value="${value}"${input.filter === value ? html` selected` : ''}>${ja} / ${en}${n === null ? '' : ` (${n})`}</option>`;
  const kinds = (Object.keys(ALERT_LABEL) as FleetAlertKind[]).map((k) => option(k, ALERT_LABEL[k][0], ALERT_LABEL[k][1], input.counts.get(k) ?? 0));
  return html`<form class="filter" method="get" action="/console/alerts">
      <label>種類 <span lang="en">Kind</span> <select name="kind">
        ${option('all', 'すべて', 'All', null)}${kinds}${option('tamper', '改ざん警告（ジャーナル）', 'Journal tamper alerts', input.tamperCount)}
      </select></label>
      <button type="submit">絞り込む <span lang="en">Filter</span></button>
    </form>`;
}

export function renderAlertPage(input: AlertPageInput): string {
  const fleet = input.fleetAlerts.map((a) => html`<li class="bad" data-alert="${String(a.id)}" data-alert-kind="${a.kind}">
      <strong>${ALERT_LABEL[a.kind][0]}</strong> <span lang="en">${ALERT_LABEL[a.kind][1]}</span><br>
      <code>${a.kioskId}</code>${a.cardMasked ? html` — ${a.cardMasked}` : ''} — ${when(a.raisedAt)}<br>
      <small lang="en">${a.detail}</small><br>
      ${deliveryText(input.deliveries.get(a.id), input.webhookConfigured)}
      ${ackForm(`/console/alerts/${String(a.id)}/acknowledge`, input.viewer)}
    </li>`);
  const tamper = input.tamperAlerts.map((a) => html`<li class="bad" data-tamper-alert="${String(a.id)}" data-alert-kind="${a.kind}">
      <strong>${TAMPER_LABEL[a.kind][0]}</strong> <span lang="en">${TAMPER_LABEL[a.kind][1]}</span><br>
      <code>${a.kioskId}</code>${a.atSeq === null ? '' : html` — seq ${String(a.atSeq)}`} — ${when(a.raisedAt)}<br>
      <small lang="en">${a.detail}</small>
      ${ackForm(`/console/journal-alerts/${String(a.id)}/acknowledge`, input.viewer)}
    </li>`);
  const showFleet = input.filter !== 'tamper';
  const showTamper = input.filter === 'all' || input.filter === 'tamper';
  return layout(input.at, html`<section aria-labelledby="alerts">
      <h2 id="alerts">未確認の警告 <span lang="en">Open alerts</span></h2>
      ${filterForm(input)}
      ${showFleet ? html`<h3>運用警告 <span lang="en">Fleet alerts</span></h3>
        ${fleet.length === 0 ? html`<p>ありません。<span lang="en">None.</span></p>` : html`<ul class="alerts fleet-alerts">${fleet}</ul>`}` : ''}
      ${showTamper ? html`<h3>ジャーナル改ざん警告 <span lang="en">Journal tamper alerts</span></h3>
        ${tamper.length === 0 ? html`<p>ありません。<span lang="en">None.</span></p>` : html`<ul class="alerts tamper-alerts">${tamper}</ul>`}` : ''}
      <p><a href="/console">端末一覧に戻る <span lang="en">Back to the fleet</span></a></p>
    </section>`, { refresh: true, flash: input.flash, viewer: input.viewer });
}
