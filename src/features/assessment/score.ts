// The assessment's arithmetic as pure functions (tested table-driven in score.test.ts): weights of a year,
// their validation, the weighted total over measured indicators, the ranking with ties, and month buckets.
import { INDICATORS, INDICATOR_KEYS, type IndicatorKey } from './public.ts';

export type Weights = Record<IndicatorKey, number>;

export const DEFAULT_WEIGHTS: Weights = Object.fromEntries(INDICATORS.map((d) => [d.key, d.defaultWeight])) as Weights;

export const WEIGHT_MAX = 100;

/** The weights in force for `year`: the set saved for that year, else the latest saved before it, else the defaults. */
export function weightsFor(year: number, saved: readonly { year: number; indicator: string; weight: number }[]): { weights: Weights; fromYear: number | null } {
  const years = [...new Set(saved.map((s) => s.year))].filter((y) => y <= year).sort((a, b) => b - a);
  const from = years[0] ?? null;
  const weights = { ...DEFAULT_WEIGHTS };
  if (from === null) return { weights, fromYear: null };
  for (const s of saved) if (s.year === from && (INDICATOR_KEYS as readonly string[]).includes(s.indicator)) weights[s.indicator as IndicatorKey] = s.weight;
  return { weights, fromYear: from };
}

/**
 * Reads the weights form: one field per indicator (`w-<key>`), a number 0–100 with at most one decimal.
 * Errors are keyed by field name, in Chinese. At least one weight must be above 0.
 */
export function readWeights(input: Record<string, unknown>): { weights: Weights; errors: Record<string, string> } {
  const weights = { ...DEFAULT_WEIGHTS };
  const errors: Record<string, string> = {};
  for (const d of INDICATORS) {
    const name = `w-${d.key}`;
    let raw = input[name];
    if (Array.isArray(raw)) raw = raw[0];
    const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)) : '';
    if (text === '') {
      errors[name] = `请填写“${d.label}”的权重（不计入时填 0）`;
      continue;
    }
    if (!/^\d{1,3}(\.\d)?$/.test(text)) {
      errors[name] = `“${d.label}”的权重应为 0 到 ${WEIGHT_MAX} 之间的数，最多一位小数`;
      continue;
    }
    const n = Number(text);
    if (n > WEIGHT_MAX) {
      errors[name] = `“${d.label}”的权重不能大于 ${WEIGHT_MAX}`;
      continue;
    }
    weights[d.key] = n;
  }
  if (!Object.keys(errors).length && INDICATORS.every((d) => weights[d.key] === 0)) errors[`w-${INDICATORS[0]!.key}`] = '至少有一项指标的权重大于 0';
  return { weights, errors };
}

export const weightSum = (w: Weights): number => Math.round(INDICATORS.reduce((a, d) => a + w[d.key], 0) * 10) / 10;

export interface Measured {
  key: IndicatorKey;
  /** null: not measured (nobody contributes it) or not applicable (denominator 0) — left out of the total. */
  score: number | null;
}

/**
 * The total: the weighted mean of the measured indicators with a weight above 0,
 * Σ wᵢ·sᵢ / Σ wᵢ, rounded to one decimal; null when none is measured.
 */
export function weightedTotal(items: readonly Measured[], weights: Weights): { total: number | null; weightUsed: number } {
  let num = 0;
  let den = 0;
  for (const m of items) {
    const w = weights[m.key] ?? 0;
    if (m.score === null || !(w > 0)) continue;
    num += w * m.score;
    den += w;
  }
  return { total: den > 0 ? Math.round((num / den) * 10) / 10 : null, weightUsed: Math.round(den * 10) / 10 };
}

/**
 * Standard competition ranking (1, 2, 2, 4) by total descending; equal totals share a rank and are listed in
 * the given order (the unit tree's). Units without a total come last, without a rank.
 */
export function rank<T extends { total: number | null }>(rows: readonly T[]): (T & { rank: number | null })[] {
  const withTotal = rows.map((r, i) => ({ r, i })).filter((x) => x.r.total !== null);
  withTotal.sort((a, b) => b.r.total! - a.r.total! || a.i - b.i);
  const out: (T & { rank: number | null })[] = [];
  withTotal.forEach((x, j) => {
    const prev = out[j - 1];
    out.push({ ...x.r, rank: prev && prev.total === x.r.total ? prev.rank : j + 1 });
  });
  for (const r of rows) if (r.total === null) out.push({ ...r, rank: null });
  return out;
}

/** The months of `year` that have begun by `today` (1–12; none for a future year, all 12 for a past one). */
export function monthBuckets(year: number, today: string): number[] {
  const ty = Number(today.slice(0, 4));
  const tm = Number(today.slice(5, 7));
  const last = year < ty ? 12 : year === ty ? tm : 0;
  return Array.from({ length: last }, (_, i) => i + 1);
}

/** The month (1–12) a Beijing date falls in, or null when it is outside `year`. */
export function monthOf(date: string, year: number): number | null {
  if (!/^\d{4}-\d{2}-\d{2}/.test(date) || Number(date.slice(0, 4)) !== year) return null;
  return Number(date.slice(5, 7));
}
