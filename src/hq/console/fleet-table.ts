/**
 * The console's fleet table with its triage (issue 17): counts per state
 * that are links to their filter, a filter form (GET, so a filtered view
 * is a link to share), the kiosks of one page ranked by attention
 * (src/hq/fleet/fleet-triage.ts), and the links to the other pages.
 */
import type { FleetKiosk, OutOfServiceReasons } from '../../shared/hq-api/kiosk-status';
import type { FleetFilter, FleetQuery, FleetTriage, TriagedKiosk } from '../fleet/fleet-triage';
import { when } from './console-layout';
import { html, type Html } from './html';

/** Kiosks report their status (the calendar comes back with it) every 30 s; five minutes of silence means the kiosk is not reaching HQ. */
export const STALE_CONTACT_MS = 5 * 60_000;

function ago(iso: string | null, now: number): string {
  if (!iso) return '';
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return '(1分以内 / under a minute ago)';
  if (minutes < 120) return `(${minutes}分前 / ${minutes} min ago)`;
  const hours = Math.floor(minutes / 60);
  return `(${hours}時間前 / ${hours} h ago)`;
}

/** The service monitor's conditions (src/main/availability/service-monitor.ts), for people. */
const REASON_LABEL: Record<OutOfServiceReasons[number], [ja: string, en: string]> = {
  journalUnavailable: ['ジャーナル異常', 'Journal unavailable'],
  cardReaderFault: ['カードリーダー異常', 'Card reader fault'],
  technician: ['技術者が停止中', 'Stopped by a technician'],
  maintenance: ['メンテナンス', 'Maintenance'],
  closedHours: ['営業時間外', 'Closed hours'],
  hqUnreachable: ['HQ 通信不可', 'HQ unreachable'],
  // Seen only in the first report HQ takes after enrolling or enabling the kiosk (HQ refused the ones before).
  notEnrolled: ['HQ 未登録', 'Not enrolled at HQ'],
};

function reasonList(reasons: OutOfServiceReasons | null): Html | '' {
  if (!reasons || reasons.length === 0) return '';
  return html`<ul class="reasons">${reasons.map((r) => html`<li data-reason="${r}">${REASON_LABEL[r][0]} <span lang="en">${REASON_LABEL[r][1]}</span></li>`)}</ul>`;
}

function serviceCell(k: FleetKiosk, now: number): Html {
  if (!k.enabled) return html`<td class="bad">無効<br><span lang="en">Disabled</span></td>`;
  if (!k.lastContactAt) return html`<td class="warn">未接続<br><span lang="en">Never seen</span></td>`;
  if (now - Date.parse(k.lastContactAt) > STALE_CONTACT_MS) return html`<td class="warn">応答なし<br><span lang="en">No contact</span></td>`;
  if (k.outOfService === true) return html`<td class="bad">停止中<br><span lang="en">Out of service</span>${reasonList(k.outOfServiceReasons)}</td>`;
  if (k.outOfService === false) return html`<td class="ok">稼働中<br><span lang="en">In service</span></td>`;
  return html`<td>不明<br><span lang="en">Unknown</span></td>`;
}

function devicesCell(k: FleetKiosk): Html {
  if (!k.deviceHealth) return html`<td>—</td>`;
  const items = Object.entries(k.deviceHealth).map(([name, d]) => html`<li class="${d.state === 'online' ? 'ok' : 'bad'}"><code>${name}</code>: ${d.state}${d.detail ? html` — ${d.detail}` : ''}</li>`);
  return html`<td><ul class="devices">${items}</ul><small>${when(k.deviceHealthAt)}</small></td>`;
}

function journalCell(k: FleetKiosk): Html {
  if (!k.journal) return html`<td>—</td>`;
  return html`<td>#${k.journal.ackedThrough}<br><small>${when(k.journal.lastIngestAt)}</small></td>`;
}

/** Free disk below this is shown as a warning (the kiosk's own journal floor defaults to 200 MB, kiosk-config.ts `diskFloorMb`). */
const LOW_DISK_BYTES = 1024 * 1024 * 1024;
/** Clock skew beyond this is shown as a warning: signed requests are refused past five minutes (request-signing.ts). */
const SKEW_WARN_MS = 60_000;

function megabytes(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024)).toLocaleString('en')} MB`;
}

/** The vitals of the kiosk's last report (issue 19) and its crash counts (issue 16); a dash for a kiosk that sent none. */
function vitalsCell(k: FleetKiosk): Html {
  const v = k.vitals;
  if (!v) return html`<td>—</td>`;
  const items: Html[] = [];
  if (v.diskFreeBytes !== undefined) items.push(html`<li data-vital="disk" class="${v.diskFreeBytes < LOW_DISK_BYTES ? 'warn' : ''}">空き容量 <span lang="en">Free disk</span>: ${megabytes(v.diskFreeBytes)}</li>`);
  if (v.syncBacklog !== undefined) {
    items.push(html`<li data-vital="backlog">未送信 <span lang="en">Unsent</span>: ${v.syncBacklog.pending.toLocaleString('en')}${v.syncBacklog.lagSeconds === null ? '' : html` (${String(v.syncBacklog.lagSeconds)} s)`}</li>`);
  }
  if (v.clockSkewMs !== undefined) items.push(html`<li data-vital="skew" class="${Math.abs(v.clockSkewMs) > SKEW_WARN_MS ? 'warn' : ''}">時刻差 <span lang="en">Clock skew</span>: ${(v.clockSkewMs / 1000).toFixed(1)} s</li>`);
  if (v.hqKeysPinned !== undefined) items.push(html`<li data-vital="keys" class="${v.hqKeysPinned ? '' : 'warn'}">HQ 鍵 <span lang="en">HQ keys</span>: ${v.hqKeysPinned ? '固定 / pinned' : '未固定 / not pinned'}</li>`);
  if (v.configHash !== undefined) items.push(html`<li data-vital="config">設定 <span lang="en">Config</span>: <code title="${v.configHash}">${v.configHash.slice(0, 12)}</code></li>`);
  if (v.crashes !== undefined) {
    const crashed = v.crashes.processCrashes + v.crashes.rendererFailures > 0;
    items.push(html`<li data-vital="crashes" class="${crashed ? 'warn' : ''}">異常終了 <span lang="en">Crashes</span>: アプリ ${String(v.crashes.processCrashes)} · 画面 ${String(v.crashes.rendererFailures)} <span lang="en">(app · screen)</span></li>`);
  }
  return html`<td><ul class="vitals">${items}</ul></td>`;
}

function retainBinCell(t: TriagedKiosk): Html {
  const count = t.kiosk.vitals?.retainBin?.count;
  const label = t.retainBin ? BIN_LABEL[t.retainBin] || 'OK' : '—';
  return html`<td class="${t.retainBin === 'full' ? 'bad' : t.retainBin === 'high' ? 'warn' : ''}" data-retain-bin="${t.retainBin ?? ''}">${label}${count === undefined ? '' : html`<br><small>${String(count)} 枚 <span lang="en">cards</span></small>`}</td>`;
}

const FILTER_LABEL: Record<FleetFilter, [ja: string, en: string]> = {
  all: ['すべて', 'All'],
  outOfService: ['停止中', 'Out of service'],
  silent: ['応答なし', 'Silent'],
  alerts: ['警告あり', 'Alerts'],
  deviceFaults: ['機器異常', 'Device faults'],
  outdated: ['旧バージョン', 'Outdated software'],
  binNearlyFull: ['回収箱がほぼ満杯', 'Retain bin nearly full'],
};

export function fleetLink(query: FleetQuery, change: Partial<FleetQuery>): string {
  const q = { ...query, ...change };
  const params = new URLSearchParams({ filter: q.filter, silentMinutes: String(q.silentMinutes), page: String(q.page) });
  return `/console?${params.toString()}`;
}

function countsBar(triage: FleetTriage): Html {
  const items = (Object.keys(FILTER_LABEL) as FleetFilter[]).map((f) => html`<li data-count="${f}" class="${triage.query.filter === f ? 'current' : ''}">
      <a href="${fleetLink(triage.query, { filter: f, page: 1 })}">${FILTER_LABEL[f][0]} <span lang="en">${FILTER_LABEL[f][1]}</span>
      <strong>${triage.counts[f].toLocaleString('en')}</strong></a></li>`);
  return html`<ul class="counts">${items}</ul>`;
}

function filterForm(query: FleetQuery): Html {
  const options = (Object.keys(FILTER_LABEL) as FleetFilter[]).map((f) => html`<option value="${f}"${query.filter === f ? html` selected` : ''}>${FILTER_LABEL[f][0]} / ${FILTER_LABEL[f][1]}</option>`);
  return html`<form class="filter" method="get" action="/console">
      <label>絞り込み <span lang="en">Filter</span> <select name="filter">${options}</select></label>
      <label>応答なしとみなす分数 <span lang="en">Silent after (minutes)</span> <input type="number" name="silentMinutes" min="1" max="10080" value="${String(query.silentMinutes)}"></label>
      <button type="submit">絞り込む <span lang="en">Apply</span></button>
    </form>`;
}

function pager(triage: FleetTriage): Html {
  const pages = Math.max(1, Math.ceil(triage.matching / triage.pageSize));
  const page = triage.query.page;
  const first = triage.matching === 0 ? 0 : (page - 1) * triage.pageSize + 1;
  const last = Math.min(triage.matching, page * triage.pageSize);
  return html`<nav class="pager" aria-label="ページ / Pages">
      <span>${first.toLocaleString('en')}–${last.toLocaleString('en')} / ${triage.matching.toLocaleString('en')}（${page} / ${pages} ページ <span lang="en">page ${page} of ${pages}</span>）</span>
      ${page > 1 ? html`<a rel="prev" href="${fleetLink(triage.query, { page: page - 1 })}">前へ <span lang="en">Previous</span></a>` : ''}
      ${page < pages ? html`<a rel="next" href="${fleetLink(triage.query, { page: page + 1 })}">次へ <span lang="en">Next</span></a>` : ''}
    </nav>`;
}

const BIN_LABEL = { ok: '', high: 'ほぼ満杯 / nearly full', full: '満杯 / full' } as const;

function row(t: TriagedKiosk, now: number): Html {
  const k = t.kiosk;
  return html`<tr data-kiosk="${k.kioskId}" data-attention="${String(t.attention)}">
      <th scope="row"><a href="/console/kiosks/${encodeURIComponent(k.kioskId)}"><code>${k.kioskId}</code></a></th>
      ${serviceCell(k, now)}
      <td class="${t.silent ? 'warn' : ''}">${when(k.lastContactAt)}<br><small>${ago(k.lastContactAt, now)}</small></td>
      <td class="${t.outdated ? 'warn' : ''}">${k.softwareVersion ?? '—'}${t.outdated ? html`<br><small>旧 <span lang="en">outdated</span></small>` : ''}</td>
      ${devicesCell(k)}
      ${retainBinCell(t)}
      ${vitalsCell(k)}
      ${journalCell(k)}
      <td class="${k.journal && k.journal.tamperAlerts > 0 ? 'bad' : ''}">${k.journal ? k.journal.tamperAlerts : '—'}</td>
      <td class="${t.openAlerts > 0 ? 'bad' : ''}" data-identity-alerts="${String(t.openAlerts)}">${t.openAlerts}</td>
    </tr>`;
}

/** Counts, filter, one page of the fleet ranked by attention, and the pager. */
export function fleetSection(triage: FleetTriage): Html {
  const now = Date.parse(triage.at);
  const table = triage.counts.all === 0
    ? html`<p>登録された端末はありません。<span lang="en">No kiosks are enrolled.</span></p>`
    : triage.kiosks.length === 0
      ? html`<p>条件に合う端末はありません。<span lang="en">No kiosk matches.</span></p>`
      : html`<table class="fleet">
    <thead><tr>
      <th scope="col">端末<br><span lang="en">Kiosk</span></th>
      <th scope="col">状態<br><span lang="en">Service</span></th>
      <th scope="col">最終通信<br><span lang="en">Last contact</span></th>
      <th scope="col">ソフトウェア<br><span lang="en">Software</span></th>
      <th scope="col">機器<br><span lang="en">Devices</span></th>
      <th scope="col">回収箱<br><span lang="en">Retain bin</span></th>
      <th scope="col">端末の報告<br><span lang="en">Kiosk vitals</span></th>
      <th scope="col">ジャーナル受領<br><span lang="en">Journal acknowledged</span></th>
      <th scope="col">改ざん警告<br><span lang="en">Tamper alerts</span></th>
      <th scope="col">本人確認警告<br><span lang="en">Identity alerts</span></th>
    </tr></thead>
    <tbody>${triage.kiosks.map((t) => row(t, now))}</tbody>
  </table>`;
  return html`${countsBar(triage)}${filterForm(triage.query)}${table}${pager(triage)}`;
}
