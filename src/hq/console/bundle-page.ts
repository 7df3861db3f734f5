/**
 * `/console/kiosks/:kioskId/bundles/:bundleId` (issue 17, "Remote
 * diagnostics"): one diagnostics bundle read back as a page. The stored JSON
 * is drawn as nested lists and tables, every key and value escaped by the
 * `html` tag (OWASP XSS Prevention Cheat Sheet, rule 1), never inserted as
 * markup and never served raw: a bundle's texts come from a machine in a
 * public place. It holds no personal data (the schema refused any on the way
 * in: src/shared/diagnostics/diagnostics-bundle.ts).
 */
import type { BundleSummary } from '../diagnostics/diagnostics-requests';
import { layout, when, type ConsoleViewer } from './console-layout';
import { html, type Html } from './html';

/** Deep enough for every bundle field; anything deeper is shown as text. */
const MAX_DEPTH = 6;

const SECTION_LABEL: Record<string, [ja: string, en: string]> = {
  health: ['端末の状態', 'Kiosk health'],
  devices: ['機器', 'Devices'],
  portsPresent: ['接続されているポート', 'Ports present'],
  cardReaderTraffic: ['カードリーダー通信記録（マスク済み）', 'Card reader traffic (masked)'],
  journalEventCounts: ['ジャーナルのイベント数', 'Journal events by type'],
  selfTests: ['自己診断', 'Self-tests'],
};

const isPlain = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const scalar = (v: unknown): Html => html`<span class="${v === null ? 'null' : typeof v}">${v === null ? '—' : String(v)}</span>`;

/** Any JSON value as escaped HTML: objects as definition lists, arrays of flat objects as tables, other arrays as lists. */
export function jsonToHtml(value: unknown, depth = 0): Html {
  if (isPlain(value)) return scalar(value);
  if (depth >= MAX_DEPTH) return html`<code>${JSON.stringify(value)}</code>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return html`<span class="null">（なし <span lang="en">none</span>）</span>`;
    const objects = value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
    if (objects) {
      const columns = [...new Set(value.flatMap((v) => Object.keys(v as object)))];
      return html`<table class="fleet json"><thead><tr>${columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
        <tbody>${value.map((v) => html`<tr>${columns.map((c) => html`<td>${jsonToHtml((v as Record<string, unknown>)[c] ?? null, depth + 1)}</td>`)}</tr>`)}</tbody></table>`;
    }
    return html`<ol class="json">${value.map((v) => html`<li>${jsonToHtml(v, depth + 1)}</li>`)}</ol>`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return html`<span class="null">（なし <span lang="en">none</span>）</span>`;
  return html`<dl class="json">${entries.map(([k, v]) => html`<dt>${k}</dt><dd>${jsonToHtml(v, depth + 1)}</dd>`)}</dl>`;
}

export function renderBundlePage(input: { at: string; kioskId: string; summary: BundleSummary; bundle: unknown; viewer: ConsoleViewer }): string {
  const { summary } = input;
  const bundle = (input.bundle !== null && typeof input.bundle === 'object' ? input.bundle : {}) as Record<string, unknown>;
  const head = Object.entries(bundle).filter(([, v]) => isPlain(v));
  const sections = Object.entries(bundle).filter(([, v]) => !isPlain(v)).map(([key, v]) => {
    const [ja, en] = SECTION_LABEL[key] ?? [key, key];
    return html`<section class="bundle-part" data-part="${key}"><h3>${ja} <span lang="en">${en}</span></h3>${jsonToHtml(v)}</section>`;
  });
  const kioskHref = `/console/kiosks/${encodeURIComponent(input.kioskId)}`;
  return layout(input.at, html`<p><a href="${kioskHref}">端末 ${input.kioskId} に戻る <span lang="en">Back to kiosk ${input.kioskId}</span></a></p>
    <section aria-labelledby="bundle">
      <h2 id="bundle">診断データ #${summary.bundleId} <span lang="en">Diagnostics bundle</span></h2>
      <dl class="kiosk-summary">
        <dt>受信 <span lang="en">Received</span></dt><dd>${when(summary.receivedAt)}</dd>
        <dt>作成 <span lang="en">Made by</span></dt><dd>${summary.staffId
          ? html`技術者 <span lang="en">Technician</span> <code>${summary.staffId}</code>`
          : html`遠隔依頼 #${summary.requestId ?? '—'}（${summary.requestedBy ?? '—'}） <span lang="en">Requested from the console</span>`}</dd>
        ${head.map(([k, v]) => html`<dt>${k}</dt><dd>${scalar(v)}</dd>`)}
      </dl>
      ${sections}
    </section>`, { refresh: false, viewer: input.viewer });
}
