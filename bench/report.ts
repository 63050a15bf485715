/** One benchmark's figure against a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  /** value ÷ baseline (for times, where less is better, the budget says which way it must go). */
  ratio: number;
  budget: string;
  pass: boolean;
  /** Extra key=value fields, e.g. p99_ms. */
  extra?: Record<string, number | string>;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 3 : 1));

/** The line scripts read: `BENCH name=<id> value=<n> unit=<u> baseline=<n> ratio=<n> budget=<text> result=pass|fail ...` */
export function benchLine(r: BenchResult): string {
  const extra = Object.entries(r.extra ?? {}).map(([k, v]) => ` ${k}=${typeof v === 'number' ? fmt(v) : v}`);
  return `BENCH name=${r.name} value=${fmt(r.value)} unit=${r.unit} baseline=${fmt(r.baseline)} ratio=${r.ratio.toFixed(2)} budget=${r.budget.replace(/\s+/g, '_')} result=${r.pass ? 'pass' : 'fail'}${extra.join('')}`;
}

/** Sorted-sample percentile (p in 0..100). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
