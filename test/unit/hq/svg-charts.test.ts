/** The console's inline SVG charts (src/hq/console/svg-charts.ts): escaping, scales, empty data, text alternatives. */
import { describe, expect, it } from 'vitest';
import { barChart, CHART_WIDTH, lineChart, niceMax, timelineChart, xOf, yOf } from '../../../src/hq/console/svg-charts';

const DAY = 86_400_000;
// 2026-06-03 00:00 JST to 2026-06-10 00:00 JST: seven Tokyo days.
const window = { fromMs: Date.parse('2026-06-02T15:00:00Z'), toMs: Date.parse('2026-06-09T15:00:00Z') };
const text = (id: string) => ({ id, title: ['題 <b>&', 'Title "x"'] as [string, string], description: ['説明 <script>alert(1)</script>', "desc 'y'"] as [string, string] });

describe('svg charts', () => {
  it('escapes every text: titles, descriptions and legend labels never become markup', () => {
    const svg = timelineChart(text('t<1>'), window, [{ fromMs: window.fromMs, toMs: window.toMs, kind: 'a' }], { a: { label: ['<img src=x>', 'A&B'], colour: '#000000' } }).text;
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('&lt;img src=x&gt; / A&amp;B');
    expect(svg).toContain('id="t&lt;1&gt;-title"');
    expect(svg).toContain('Title &quot;x&quot;');
    expect(svg).toContain('desc &#39;y&#39;');
  });

  it('is an image named by its title and described by its description, Japanese first', () => {
    const svg = lineChart(text('lag'), window, [{ atMs: window.fromMs + DAY, value: 3 }], 's').text;
    expect(svg).toMatch(/^<svg class="chart" role="img"/);
    expect(svg).toContain('aria-labelledby="lag-title" aria-describedby="lag-desc"');
    expect(svg).toMatch(/<title id="lag-title">題 &lt;b&gt;&amp; \/ Title/);
    expect(svg).toMatch(/<desc id="lag-desc">説明 .* \/ desc/);
  });

  it('scales: nice maxima, time to x across the plot, values to y from the bottom', () => {
    expect([0, 0.5, 1, 1.1, 2, 3, 7, 10, 11, 99, 101, 4999].map(niceMax)).toEqual([1, 1, 1, 2, 2, 5, 10, 10, 20, 100, 200, 5000]);
    expect(xOf(window, window.fromMs)).toBe(56);
    expect(xOf(window, window.toMs)).toBe(CHART_WIDTH - 12);
    expect(xOf(window, window.fromMs - DAY)).toBe(56);
    expect(xOf(window, (window.fromMs + window.toMs) / 2)).toBe(Math.round((56 + (CHART_WIDTH - 12)) / 2 * 10) / 10);
    expect(yOf(0, 10, 100)).toBe(108);
    expect(yOf(10, 10, 100)).toBe(8);
    expect(yOf(5, 10, 100)).toBe(58);
    expect(yOf(50, 10, 100)).toBe(8);
  });

  it('draws a line through the points inside the window, with the y axis at a nice maximum', () => {
    const svg = lineChart(text('b'), window, [
      { atMs: window.fromMs - 1, value: 1000 },
      { atMs: window.fromMs, value: 0 },
      { atMs: window.toMs, value: 7 },
    ], '件').text;
    expect(svg).toContain(`<polyline points="56,118 ${CHART_WIDTH - 12},41"`);
    expect(svg).toContain('>10</text>');
    expect(svg).not.toContain('1,000');
  });

  it('draws one bar per non-zero period, as tall as its share of the maximum', () => {
    const bars = Array.from({ length: 7 }, (_, i) => ({ fromMs: window.fromMs + i * DAY, toMs: window.fromMs + (i + 1) * DAY, value: i === 2 ? 4 : i === 5 ? 2 : 0 }));
    const svg = barChart(text('f'), window, bars, '回').text;
    expect(svg.match(/<rect [^>]*data-value=/g)).toHaveLength(2);
    expect(svg).toContain('data-value="4"');
    // The axis tops at 5 (the nice maximum over 4): 4 is 88 of 110 pixels, 2 is 44.
    expect(svg).toContain('>5</text>');
    expect(svg).toMatch(/y="30" width="[0-9.]+" height="88" fill="#5b8fd0" data-value="4"/);
    expect(svg).toMatch(/y="74" width="[0-9.]+" height="44" fill="#5b8fd0" data-value="2"/);
  });

  it('marks a line at each Tokyo midnight inside the window, with its date', () => {
    const svg = barChart(text('d'), window, [], '回').text;
    // Six midnights strictly inside seven days, 06-04 .. 06-09.
    expect(svg.match(/<line /g)).toHaveLength(6);
    expect(svg).toContain('>06-04</text>');
    expect(svg).toContain('>06-09</text>');
    expect(svg).not.toContain('>06-03</text>');
  });

  it('says so when there is nothing to draw', () => {
    for (const svg of [
      lineChart(text('e1'), window, [], 's').text,
      barChart(text('e2'), window, [], '件').text,
      timelineChart(text('e3'), window, [], { a: { label: ['あ', 'a'], colour: '#000000' } }).text,
      lineChart(text('e4'), window, [{ atMs: window.toMs + 1, value: 5 }], 's').text,
    ]) {
      expect(svg).toContain('data-empty="true"');
      expect(svg).toContain('データなし / No data');
      expect(svg).not.toContain('<polyline');
    }
  });

  it('clips timeline bands to the window', () => {
    const svg = timelineChart(text('c'), window, [
      { fromMs: window.fromMs - 5 * DAY, toMs: window.fromMs + DAY, kind: 'a' },
      { fromMs: window.fromMs + DAY, toMs: window.toMs + DAY, kind: 'b' },
      { fromMs: window.toMs + DAY, toMs: window.toMs + 2 * DAY, kind: 'a' },
    ], { a: { label: ['あ', 'a'], colour: '#111111' }, b: { label: ['い', 'b'], colour: '#222222' } }).text;
    const bands = [...svg.matchAll(/<rect x="([0-9.]+)" y="8" width="([0-9.]+)" height="28" fill="#[0-9]+" data-kind="(\w)"/g)].map((m) => [Number(m[1]), Number(m[2]), m[3]]);
    expect(bands).toHaveLength(2);
    expect(bands[0]).toEqual([56, xOf(window, window.fromMs + DAY) - 56, 'a']);
    expect(bands[1]![0]! as number + (bands[1]![1] as number)).toBeCloseTo(CHART_WIDTH - 12, 0);
  });
});
