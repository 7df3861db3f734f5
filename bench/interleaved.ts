/**
 * A measured function against its baseline, in interleaved rounds:
 * warm-up A B (discarded), then A B A B ... Anything that drifts during a
 * run (disk flush speed, CPU frequency, another process) lands on both
 * sides of a round instead of on whichever side ran second, and the medians
 * keep one bad round from deciding the figure. The min and max of the
 * per-round ratios show how far a single round can stray.
 *
 * Each side returns its own sample for the round, in the row's unit (ms,
 * events/s, ...): the caller knows what to time and what is set-up (see
 * `elapsedMs`), and the arithmetic here stays testable without a clock.
 */
import type { BenchResult } from './bench-result';

/** One round of one side; `round` is 0 for the warm-up, then 1..rounds. */
export type RoundFn = (round: number) => number | Promise<number>;

export interface InterleavedOptions {
  /** Measured rounds, the warm-up not counted. */
  rounds: number;
  measured: RoundFn;
  baseline: RoundFn;
  /** Rates (events/s): true. Durations (ms): false. Decides which way the ratio divides. */
  higherIsBetter: boolean;
}

export interface Interleaved {
  rounds: number;
  /** Median of the measured side's samples. */
  measured: number;
  /** Median of the baseline's samples. */
  baseline: number;
  /** Of the two medians; above 1 means the measured side does better than its baseline. */
  ratio: number;
  /** Smallest and largest ratio of a single round. */
  min: number;
  max: number;
  /** Per-round samples, warm-up excluded, in round order. */
  samples: { measured: number[]; baseline: number[] };
}

export async function interleaved(options: InterleavedOptions): Promise<Interleaved> {
  if (!Number.isInteger(options.rounds) || options.rounds < 1) throw new Error(`interleaved: rounds must be a positive integer, got ${options.rounds}`);
  const measured: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round <= options.rounds; round++) {
    const a = await options.measured(round);
    const b = await options.baseline(round);
    // Round 0 warms the JIT, caches and connection pools for both sides alike.
    if (round === 0) continue;
    measured.push(a);
    baseline.push(b);
  }
  return summarize(measured, baseline, options.higherIsBetter);
}

/** The arithmetic of `interleaved` over samples already taken, paired by round. */
export function summarize(measured: number[], baseline: number[], higherIsBetter: boolean): Interleaved {
  if (measured.length === 0 || measured.length !== baseline.length) throw new Error(`summarize: need paired samples, got ${measured.length} and ${baseline.length}`);
  const ratioOf = (a: number, b: number) => (higherIsBetter ? a / b : b / a);
  const perRound = measured.map((a, i) => ratioOf(a, baseline[i]!));
  const m = median(measured);
  const b = median(baseline);
  return {
    rounds: measured.length,
    measured: m,
    baseline: b,
    ratio: ratioOf(m, b),
    min: Math.min(...perRound),
    max: Math.max(...perRound),
    samples: { measured: [...measured], baseline: [...baseline] },
  };
}

/** Middle value; the mean of the two middle values for an even count. */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Wall time of `fn` in milliseconds. */
export async function elapsedMs(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A table/JSON row from an interleaved comparison: medians as value and baseline. */
export function ratioRow(name: string, unit: string, result: Interleaved): BenchResult {
  return {
    name,
    value: significant(result.measured),
    unit,
    baseline: significant(result.baseline),
    ratio: thousandths(result.ratio),
    min: thousandths(result.min),
    max: thousandths(result.max),
    rounds: result.rounds,
  };
}

// Four significant digits: more than a noisy machine can vouch for.
const significant = (n: number) => Number(n.toPrecision(4));
const thousandths = (n: number) => Math.round(n * 1000) / 1000;
