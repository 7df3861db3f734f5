/**
 * One benchmark figure. `ratio` compares `value` against `baseline`, which
 * must be measured in the same run on the same machine (these machines are
 * noisy; absolute numbers from another run mean little), in interleaved
 * rounds (bench/interleaved.ts): `value` and `baseline` are the medians of
 * each side, `min` and `max` the extremes of the per-round ratio, `rounds`
 * how many rounds counted (the warm-up not included).
 */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  min?: number;
  max?: number;
  rounds?: number;
}

export interface BenchSuite {
  name: string;
  /** Runs only when `--only` names it (minutes long: the fleet bench). */
  onlyWhenAsked?: boolean;
  run(): Promise<BenchResult[]>;
}

/** Median of `samples` runs of `fn`, in milliseconds. */
export async function medianMs(samples: number, fn: () => Promise<void> | void): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
