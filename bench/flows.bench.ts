/**
 * Customer-flow benchmarks (issue 7):
 * - card reported -> PIN screen view pushed, through the core with instant
 *   stand-in devices and HQ, i.e. the kiosk's own cost beyond device and HQ
 *   time (goal under 150 ms; rendering in Chromium adds one frame);
 * - 10,000 sessions through the core: heap growth (goal under 10 MB) and
 *   listeners left behind;
 * - the renderer bundle, gzip (goal under 250 KB).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SimulatedClock } from 'xstate';
import { KioskCore } from '../src/main/kiosk-core';
import { silentLogger } from '../src/main/logging/logger';
import type { ViewModel } from '../src/shared/bridge';
import { FakeCardReader, FakeHq, FakeIdScanner, fakeJournal, FakePrinter, YAMADA } from '../test/support/fake-flow-ports';
import type { BenchResult, BenchSuite } from './bench-result';

const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
};

function makeCore() {
  const clock = new SimulatedClock();
  const hq = new FakeHq();
  const journal = fakeJournal();
  const core = new KioskCore({ logger: silentLogger(), ports: { cardReader: new FakeCardReader(), idScanner: new FakeIdScanner(), printer: new FakePrinter(), hq, journal: journal.port }, clock });
  core.start();
  return { core, clock, hq, journal };
}

async function cardToPinScreenMs(samples: number): Promise<number> {
  const { core, clock } = makeCore();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const shown = new Promise<void>((resolve) => {
      const off = core.onView((v: ViewModel) => {
        if (v.view.screen === 'pinEntry') { off(); resolve(); }
      });
    });
    const start = process.hrtime.bigint();
    core.cardInserted();
    await shown;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    core.handleIntent({ type: 'cancel' }, 'bench');
    await settle();
    core.cardRemoved();
    await settle();
    clock.increment(5000);
    await settle();
  }
  core.stop();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function soak(sessions: number): Promise<{ heapGrowthMb: number; listenersLeft: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const { core, clock, hq, journal } = makeCore();
  const runSession = async () => {
    hq.auth.push({ outcome: 'ok', sessionId: '00000000-0000-4000-8000-000000000000', holder: YAMADA });
    core.cardInserted();
    await settle();
    for (const key of ['7', '3', '9', '1', 'enter'] as const) core.handleIntent({ type: 'pinKey', key }, 'bench');
    await settle();
    core.handleIntent({ type: 'choose', choice: 'finish' }, 'bench');
    await settle();
    core.cardRemoved();
    await settle();
    clock.increment(5000);
    await settle();
    journal.events.length = 0;
    hq.pinsSeen.length = 0;
    hq.calls.length = 0;
    hq.ended.length = 0;
  };
  for (let i = 0; i < 200; i++) await runSession();
  gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < sessions; i++) await runSession();
  gc?.();
  const after = process.memoryUsage().heapUsed;
  if (core.view.view.screen !== 'idle') throw new Error(`soak ended on ${core.view.view.screen}`);
  const listenersLeft = process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection');
  core.stop();
  return { heapGrowthMb: (after - before) / 1024 / 1024, listenersLeft };
}

function bundleGzipKb(): number {
  const dir = 'dist/renderer/assets';
  const html = readFileSync('dist/renderer/index.html', 'utf8');
  // Every script and style the kiosk page loads (entry plus its preloaded chunks).
  const files = readdirSync(dir).filter((f) => html.includes(f) && (f.endsWith('.js') || f.endsWith('.css')));
  return files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f))).length, 0) / 1024;
}

const suite: BenchSuite = {
  name: 'flows',
  async run(): Promise<BenchResult[]> {
    const results: BenchResult[] = [
      { name: 'flows: card reported to PIN screen view (core only, median of 200)', value: await cardToPinScreenMs(200), unit: 'ms' },
    ];
    const soaked = await soak(10_000);
    results.push({ name: 'flows: heap growth over 10,000 sessions', value: soaked.heapGrowthMb, unit: 'MB' });
    results.push({ name: 'flows: process-level listeners after the soak', value: soaked.listenersLeft, unit: 'count' });
    try {
      results.push({ name: 'flows: renderer bundle (kiosk page, gzip)', value: bundleGzipKb(), unit: 'KB' });
    } catch {
      results.push({ name: 'flows: renderer bundle (run npm run build first)', value: Number.NaN, unit: 'KB' });
    }
    return results;
  },
};

export default suite;
