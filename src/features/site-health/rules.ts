// Date rules of the inspection indicators (pure; tested table-driven with real dates in rules.test.ts).
// "2 weeks" and "6 months" are calendar periods (the indicators count calendar time, not working days).

/** Calendar days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function minusDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}

/** The same day `n` months earlier, clamped to the month's last day (2026-08-31 − 6 months = 2026-02-28). */
export function minusMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) - n;
  const ny = Math.floor(total / 12);
  const nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** An ISO instant's date in Beijing (UTC+8). */
export function beijingDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

export type Period = { kind: 'days'; n: number } | { kind: 'months'; n: number };

/** The first day that still counts as "updated within the period" before `today`. */
export function periodStart(today: string, p: Period): string {
  return p.kind === 'days' ? minusDays(today, p.n) : minusMonths(today, p.n);
}

/**
 * Is a column (or the home page) last updated on `last` (a Beijing date, null = never) overdue at `today`
 * for the period? Updated on the period's first day still counts (published 14 days ago = within 2 weeks).
 */
export function isStale(last: string | null, today: string, p: Period): boolean {
  return last === null || last < periodStart(today, p);
}

export function periodLabel(p: Period): string {
  return p.kind === 'days' ? (p.n % 7 === 0 ? `${p.n / 7} 周` : `${p.n} 天`) : `${p.n} 个月`;
}

/** "2026-11-30（7 天前）" / "从未更新". */
export function lastUpdateText(last: string | null, today: string): string {
  if (!last) return '从未更新';
  const d = daysBetween(last, today);
  return d <= 0 ? `${last}（今天）` : `${last}（${d} 天前）`;
}
