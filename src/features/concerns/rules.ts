// 回应关切: the lists (seed §三(二)) and the response time, as pure functions.
export const AREAS = ['生态环境', '脱贫攻坚', '就学就医', '食品药品', '市场监管', '社会保障', '社会治安', '房地产市场', '其他'] as const;
export const SOURCES = ['12345热线', '媒体', '网络', '人大政协建议', '信访', '其他'] as const;

/** Whole hours from first seen to responded (never negative). */
export function responseHours(firstSeenAt: string, respondedAt: string): number {
  return Math.max(0, Math.floor((Date.parse(respondedAt) - Date.parse(firstSeenAt)) / 3_600_000));
}

/** "5 小时", "2 天 3 小时", "3 天". */
export function fmtDuration(hours: number): string {
  if (hours < 24) return `${hours} 小时`;
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? `${d} 天 ${h} 小时` : `${d} 天`;
}

/** Median of response hours (null when none). */
export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : Math.round((s[m - 1]! + s[m]!) / 2);
}
