/**
 * Charts for the console as inline SVG built on HQ (issue 17, "trends you can
 * see"): the console's CSP allows no script, so every picture is markup
 * made here. Colours and sizes are SVG presentation attributes, not style
 * attributes, which `style-src 'self'` would block.
 *
 * Every chart is an `<svg role="img">` named by its `<title>` and described
 * by its `<desc>` (WAI-ARIA Graphics Module, role "graphics-document"/"img";
 * WCAG 2.2 SC 1.1.1 Non-text Content: a text alternative that says what the
 * picture shows), Japanese first with English after. Every text, titles and
 * labels alike, goes through the console's escaping `html` tag (OWASP XSS
 * Prevention Cheat Sheet, rule 1): a kiosk's free text never becomes markup.
 *
 * Time runs left to right over [from, to) with a line and a date at each
 * Tokyo midnight; values scale linearly from 0 to a "nice" maximum (1, 2 or
 * 5 times a power of ten) at or above the largest value.
 */
import { tokyoDateString, tokyoDayOf } from '../../shared/domain/calendar';
import { tokyoDayStart } from '../../shared/domain/calendar/tokyo-time';
import { html, type Html } from './html';

export const CHART_WIDTH = 760;
const LEFT = 56;
const RIGHT = 12;
const TOP = 8;
const AXIS = 22;
const PLOT_WIDTH = CHART_WIDTH - LEFT - RIGHT;

export interface ChartText {
  /** A DOM id prefix unique on the page (ids of the title and description). */
  id: string;
  title: [ja: string, en: string];
  /** The text alternative: what the picture shows, in words and numbers. */
  description: [ja: string, en: string];
}

export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/** 1, 2 or 5 times a power of ten, at least `value` and at least 1. */
export function niceMax(value: number): number {
  if (!Number.isFinite(value) || value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Where an instant falls on the x axis, clamped to the plot. */
export function xOf(window: TimeWindow, atMs: number): number {
  const span = Math.max(1, window.toMs - window.fromMs);
  const share = Math.min(1, Math.max(0, (atMs - window.fromMs) / span));
  return round(LEFT + share * PLOT_WIDTH);
}

/** Where a value falls on a y axis of `height` pixels from 0 (bottom) to `max` (top). */
export function yOf(value: number, max: number, height: number): number {
  const share = Math.min(1, Math.max(0, value / max));
  return round(TOP + (1 - share) * height);
}

const round = (n: number) => Math.round(n * 10) / 10;

function frame(text: ChartText, height: number, body: Html, below = 0): Html {
  const total = TOP + height + AXIS + below;
  return html`<svg class="chart" role="img" width="${CHART_WIDTH}" height="${total}" viewBox="0 0 ${CHART_WIDTH} ${total}" aria-labelledby="${text.id}-title" aria-describedby="${text.id}-desc" data-chart="${text.id}">
  <title id="${text.id}-title">${text.title[0]} / ${text.title[1]}</title>
  <desc id="${text.id}-desc">${text.description[0]} / ${text.description[1]}</desc>
  <rect x="${LEFT}" y="${TOP}" width="${PLOT_WIDTH}" height="${height}" fill="#ffffff" stroke="#d0d4da"/>
  ${body}
</svg>`;
}

/** A line and a `MM-DD` label at each Tokyo midnight inside the window. */
function dayGrid(window: TimeWindow, height: number): Html {
  const lines: Html[] = [];
  for (let day = tokyoDayOf(window.fromMs) + 1; tokyoDayStart(day) < window.toMs; day++) {
    const x = xOf(window, tokyoDayStart(day));
    lines.push(html`<line x1="${x}" y1="${TOP}" x2="${x}" y2="${TOP + height}" stroke="#e3e6ea"/><text x="${x}" y="${TOP + height + 15}" font-size="11" text-anchor="middle" fill="#555555">${tokyoDateString(day).slice(5)}</text>`);
  }
  return html`${lines}`;
}

function yAxis(max: number, height: number, unit: string): Html {
  return html`<text x="${LEFT - 6}" y="${TOP + 10}" font-size="11" text-anchor="end" fill="#555555">${max.toLocaleString('en')}</text>
  <text x="${LEFT - 6}" y="${TOP + height}" font-size="11" text-anchor="end" fill="#555555">0</text>
  <text x="${LEFT - 6}" y="${TOP + height / 2 + 4}" font-size="10" text-anchor="end" fill="#555555">${unit}</text>`;
}

const noData = (height: number): Html => html`<text x="${LEFT + PLOT_WIDTH / 2}" y="${TOP + height / 2 + 4}" font-size="13" text-anchor="middle" fill="#555555" data-empty="true">データなし / No data</text>`;

export interface Segment<K extends string> {
  fromMs: number;
  toMs: number;
  kind: K;
}

/** States over time as coloured bands (a service-state timeline), with a legend. */
export function timelineChart<K extends string>(text: ChartText, window: TimeWindow, segments: readonly Segment<K>[], kinds: Record<K, { label: [ja: string, en: string]; colour: string }>): Html {
  const height = 28;
  const bands = segments.filter((s) => s.toMs > window.fromMs && s.fromMs < window.toMs).map((s) => {
    const x = xOf(window, s.fromMs);
    const width = Math.max(0.5, round(xOf(window, s.toMs) - x));
    return html`<rect x="${x}" y="${TOP}" width="${width}" height="${height}" fill="${kinds[s.kind].colour}" data-kind="${s.kind}"/>`;
  });
  const legend = (Object.keys(kinds) as K[]).map((k, i) => html`<rect x="${LEFT + i * 220}" y="${TOP + height + AXIS + 2}" width="10" height="10" fill="${kinds[k].colour}"/><text x="${LEFT + i * 220 + 14}" y="${TOP + height + AXIS + 11}" font-size="11" fill="#1b1b1b">${kinds[k].label[0]} / ${kinds[k].label[1]}</text>`);
  return frame(text, height, html`${bands.length === 0 ? noData(height) : bands}${dayGrid(window, height)}${legend}`, 18);
}

export interface Point {
  atMs: number;
  value: number;
}

/** A value over time as a line through its points (sync lag, journal backlog). */
export function lineChart(text: ChartText, window: TimeWindow, points: readonly Point[], unit: string): Html {
  const height = 110;
  const inside = points.filter((p) => p.atMs >= window.fromMs && p.atMs <= window.toMs && Number.isFinite(p.value));
  const max = niceMax(Math.max(0, ...inside.map((p) => p.value)));
  const path = inside.map((p) => `${xOf(window, p.atMs)},${yOf(p.value, max, height)}`).join(' ');
  const body = inside.length === 0
    ? noData(height)
    : html`<polyline points="${path}" fill="none" stroke="#0b4f9c" stroke-width="1.5"/>${inside.length === 1 ? html`<circle cx="${xOf(window, inside[0]!.atMs)}" cy="${yOf(inside[0]!.value, max, height)}" r="2.5" fill="#0b4f9c"/>` : ''}`;
  return frame(text, height, html`${dayGrid(window, height)}${yAxis(max, height, unit)}${body}`);
}

export interface Bar {
  fromMs: number;
  toMs: number;
  value: number;
}

/** Counts per period as bars (faults per day, sessions per hour); zero draws nothing. */
export function barChart(text: ChartText, window: TimeWindow, bars: readonly Bar[], unit: string): Html {
  const height = 110;
  const inside = bars.filter((b) => b.toMs > window.fromMs && b.fromMs < window.toMs);
  const max = niceMax(Math.max(0, ...inside.map((b) => b.value)));
  const drawn = inside.filter((b) => b.value > 0).map((b) => {
    const x = xOf(window, b.fromMs);
    const width = Math.max(1, round(xOf(window, b.toMs) - x - 1));
    const y = yOf(b.value, max, height);
    return html`<rect x="${x}" y="${y}" width="${width}" height="${round(TOP + height - y)}" fill="#5b8fd0" data-value="${b.value}"/>`;
  });
  const body = inside.length === 0 ? noData(height) : html`${drawn}`;
  return frame(text, height, html`${dayGrid(window, height)}${yAxis(max, height, unit)}${body}`);
}
