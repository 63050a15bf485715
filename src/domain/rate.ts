/** A rate 0..1 as '84.8%'; '—' when nobody was expected. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}
