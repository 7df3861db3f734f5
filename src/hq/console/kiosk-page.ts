/**
 * `/console/kiosks/:kioskId` (issue 17, "A kiosk's history"): the kiosk now,
 * its last 7 days as pictures (svg-charts.ts, drawn on HQ: the console runs
 * no script), its diagnostics bundles and the button that asks the kiosk for
 * a new one. Japanese first, English beside it, times in Tokyo.
 */
import type { BundleSummary, OpenDiagnosticsRequest } from '../diagnostics/diagnostics-requests';
import type { KioskHistory, ServiceKind } from '../fleet/kiosk-history';
import { roleAllows } from '../operators/operator-accounts';
import { csrfField, layout, when, type ConsoleViewer, type Flash } from './console-layout';
import { html, type Html } from './html';
import { barChart, lineChart, timelineChart, type TimeWindow } from './svg-charts';

export interface KioskSummary {
  kioskId: string;
  enabled: boolean;
  softwareVersion: string | null;
  lastContactAt: string | null;
  outOfService: boolean | null;
}

export interface KioskPageInput {
  at: string;
  kiosk: KioskSummary;
  history: KioskHistory;
  bundles: readonly BundleSummary[];
  openRequest: OpenDiagnosticsRequest | null;
  viewer: ConsoleViewer;
  flash?: Flash | undefined;
}

const SERVICE_KINDS: Record<ServiceKind, { label: [string, string]; colour: string }> = {
  inService: { label: ['稼働中', 'In service'], colour: '#3b9a5a' },
  outOfService: { label: ['停止中', 'Out of service'], colour: '#c8323c' },
  noReports: { label: ['報告なし', 'No reports'], colour: '#b9bec6' },
};

const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;
const sum = (values: readonly { value: number }[]) => values.reduce((n, v) => n + v.value, 0);
const peak = (values: readonly { value: number }[]) => Math.max(0, ...values.map((v) => v.value));

function charts(h: KioskHistory): Html {
  const window: TimeWindow = { fromMs: h.fromMs, toMs: h.toMs };
  const inKind = (k: ServiceKind) => hours(h.service.filter((s) => s.kind === k).reduce((n, s) => n + s.toMs - s.fromMs, 0));
  const lastLag = h.lagSeconds[h.lagSeconds.length - 1];
  const figure = (id: string, ja: string, en: string, chart: Html) => html`<figure class="chart" data-figure="${id}">
      <figcaption>${ja} <span lang="en">${en}</span></figcaption>${chart}</figure>`;
  return html`
    ${figure('service', 'サービス状態', 'Service state', timelineChart({
      id: 'chart-service', title: ['サービス状態（7日間）', 'Service state, last 7 days'],
      description: [`稼働中 ${inKind('inService')} 時間、停止中 ${inKind('outOfService')} 時間、報告なし ${inKind('noReports')} 時間。`,
        `In service ${inKind('inService')} h, out of service ${inKind('outOfService')} h, no reports ${inKind('noReports')} h.`],
    }, window, h.service, SERVICE_KINDS))}
    ${figure('lag', '同期の遅れ（秒）', 'Sync lag (seconds)', lineChart({
      id: 'chart-lag', title: ['同期の遅れ', 'Sync lag'],
      description: h.lagSeconds.length === 0 ? ['端末から報告はありません。', 'The kiosk has not reported it.']
        : [`最大 ${peak(h.lagSeconds)} 秒、最新 ${lastLag!.value} 秒。`, `Peak ${peak(h.lagSeconds)} s, latest ${lastLag!.value} s.`],
    }, window, h.lagSeconds, '秒 s'))}
    ${figure('backlog', 'ジャーナル未送信件数', 'Journal backlog (events not yet at HQ)', lineChart({
      id: 'chart-backlog', title: ['ジャーナル未送信件数', 'Journal backlog'],
      description: h.backlog.length === 0 ? ['端末から報告はありません。', 'The kiosk has not reported it.']
        : [`最大 ${peak(h.backlog)} 件。`, `Peak ${peak(h.backlog)} events.`],
    }, window, h.backlog, '件'))}
    ${figure('faults', '機器異常（日別）', 'Device faults per day', barChart({
      id: 'chart-faults', title: ['機器異常の発生回数（日別）', 'Device faults per day'],
      description: [`7日間で ${sum(h.faultsPerDay)} 回、1日の最大 ${peak(h.faultsPerDay)} 回。`, `${sum(h.faultsPerDay)} in 7 days, at most ${peak(h.faultsPerDay)} in a day.`],
    }, window, h.faultsPerDay, '回'))}
    ${figure('sessions', 'お客さまの取引（1時間ごと）', 'Customer sessions per hour', barChart({
      id: 'chart-sessions', title: ['お客さまの取引数（1時間ごと）', 'Customer sessions per hour'],
      description: [`7日間で ${sum(h.sessionsPerHour)} 件、1時間の最大 ${peak(h.sessionsPerHour)} 件。`, `${sum(h.sessionsPerHour)} in 7 days, at most ${peak(h.sessionsPerHour)} in an hour.`],
    }, window, h.sessionsPerHour, '件'))}`;
}

function bundleList(kioskId: string, bundles: readonly BundleSummary[]): Html {
  if (bundles.length === 0) return html`<p>診断データはまだありません。<span lang="en">No diagnostics bundles yet.</span></p>`;
  const rows = bundles.map((b) => html`<tr data-bundle="${b.bundleId}">
      <td><a href="/console/kiosks/${encodeURIComponent(kioskId)}/bundles/${b.bundleId}">#${b.bundleId}</a></td>
      <td>${when(b.receivedAt)}</td>
      <td>${b.staffId ? html`技術者 <span lang="en">Technician</span> <code>${b.staffId}</code>` : html`遠隔依頼 <span lang="en">Requested</span>（${b.requestedBy ?? '—'}）`}</td>
    </tr>`);
  return html`<table class="fleet bundles">
    <thead><tr><th scope="col">番号<br><span lang="en">Bundle</span></th><th scope="col">受信<br><span lang="en">Received</span></th><th scope="col">作成<br><span lang="en">Made by</span></th></tr></thead>
    <tbody>${rows}</tbody></table>`;
}

function requestForm(kioskId: string, open: OpenDiagnosticsRequest | null, viewer: ConsoleViewer): Html {
  const pending = open
    ? html`<p class="warn" data-request="${open.requestId}">依頼 #${open.requestId}（${open.requestedBy}、${when(open.requestedAt)}）: ${open.toldAt
      ? html`端末に伝えました（${when(open.toldAt)}）。アップロード待ちです。<br><span lang="en">The kiosk was told at ${when(open.toldAt)}; waiting for its upload.</span>`
      : html`端末の次の状態報告で伝えます。<br><span lang="en">The kiosk is told at its next status report.</span>`}</p>`
    : '';
  if (!roleAllows(viewer.role, 'operator')) return html`${pending}`;
  return html`${pending}<form class="withdraw" method="post" action="/console/kiosks/${encodeURIComponent(kioskId)}/diagnostics-requests">${csrfField(viewer.csrfToken)}
      <button type="submit">診断データを依頼する <span lang="en">Request a bundle</span></button>
    </form>
    <p class="hint">端末は次の状態報告で依頼を受け取り、診断データ（個人情報を含みません）をアップロードします。<br>
      <span lang="en">The kiosk picks the request up at its next status report and uploads its diagnostics bundle (no personal data).</span></p>`;
}

export function renderKioskPage(input: KioskPageInput): string {
  const k = input.kiosk;
  const state = !k.enabled ? html`無効 <span lang="en">Disabled</span>`
    : k.outOfService === true ? html`停止中 <span lang="en">Out of service</span>`
      : k.outOfService === false ? html`稼働中 <span lang="en">In service</span>` : html`不明 <span lang="en">Unknown</span>`;
  return layout(input.at, html`<p><a href="/console">端末一覧に戻る <span lang="en">Back to the fleet</span></a></p>
    <section aria-labelledby="kiosk">
      <h2 id="kiosk">端末 <code>${k.kioskId}</code> <span lang="en">Kiosk</span></h2>
      <dl class="kiosk-summary">
        <dt>状態 <span lang="en">Service</span></dt><dd data-service>${state}</dd>
        <dt>最終通信 <span lang="en">Last contact</span></dt><dd>${when(k.lastContactAt)}</dd>
        <dt>ソフトウェア <span lang="en">Software</span></dt><dd>${k.softwareVersion ?? '—'}</dd>
      </dl>
    </section>
    <section aria-labelledby="history">
      <h2 id="history">過去7日間 <span lang="en">Last 7 days</span></h2>
      <p class="hint">${when(new Date(input.history.fromMs))} – ${when(new Date(input.history.toMs))}（日本時間 <span lang="en">Tokyo time</span>）、状態報告 ${input.history.rows} 件 <span lang="en">${input.history.rows} status reports</span></p>
      ${charts(input.history)}
    </section>
    <section aria-labelledby="diagnostics">
      <h2 id="diagnostics">診断データ <span lang="en">Diagnostics bundles</span></h2>
      ${requestForm(k.kioskId, input.openRequest, input.viewer)}
      ${bundleList(k.kioskId, input.bundles)}
    </section>`, { refresh: false, flash: input.flash, viewer: input.viewer });
}
