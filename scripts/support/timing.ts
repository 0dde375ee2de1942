/** Nearest rank: of 10 values, p95 is the slowest. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** `median 690 ms, p95 1420 ms` */
export const latencyFigures = (values: number[]) => `median ${Math.round(percentile(values, 50))} ms, p95 ${Math.round(percentile(values, 95))} ms`;

export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
}

/**
 * A measured call beside its raw anchor, taken in turns so load spikes hit both alike: `calls` of each after one
 * warm-up of each. `check` sees every anchor result (a wrong row count fails the bench rather than flattering it).
 */
export async function sideBySide<A, R>(calls: number, measured: () => Promise<A>, anchor: () => Promise<R>, check: (result: R) => void = () => undefined) {
  const warm = await measured();
  check(await anchor());
  const measuredMs: number[] = [];
  const anchorMs: number[] = [];
  for (let call = 0; call < calls; call += 1) {
    measuredMs.push((await timed(measured)).ms);
    const raw = await timed(anchor);
    check(raw.result);
    anchorMs.push(raw.ms);
  }
  return { warm, measuredMs, anchorMs };
}

/**
 * Calls `call` one after another until `done()` says stop, and returns each call's time: the latency another route
 * sees while the system is busy. A call that fails stops the sampling with its error.
 */
export async function latenciesWhile(call: () => Promise<unknown>, done: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!done()) latencies.push((await timed(call)).ms);
  return latencies;
}

/** `p50 12 ms, p99 48 ms (n = 640)` */
export const tailFigures = (values: number[]) =>
  `p50 ${Math.round(percentile(values, 50))} ms, p99 ${Math.round(percentile(values, 99))} ms (n = ${values.length})`;
