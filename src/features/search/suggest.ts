// Did-you-mean from pinyin (zhengwugongkai → 政务公开) and related dictionary words.
// The pinyin index maps the toneless pinyin of every domain word (gov.txt, unit names, taxonomy
// labels) to the word; a letters-only query is split into a sequence of indexed pinyin strings
// (dynamic programming, fewest words wins), e.g. "zhengwugongkai gongzuoyaodian" → 政务公开工作要点.
import { pinyin } from 'pinyin-pro';
import type { Segmenter } from './segment.ts';

let index: { size: number; map: Map<string, string> } | null = null;

const EXTRA = ['工作', '要点', '通知', '公告', '办法', '意见', '方案', '计划', '报告', '招生', '教育', '清单', '规划', '预算', '决算', '年度', '公开', '信息', '政府', '政策', '解读'];

function pinyinIndex(seg: Segmenter): Map<string, string> {
  const words = seg.domainWords();
  if (index && index.size === words.length) return index.map;
  const map = new Map<string, string>();
  for (const w of [...EXTRA, ...words]) {
    if (!/^\p{Script=Han}{2,8}$/u.test(w)) continue;
    const key = (pinyin(w, { toneType: 'none', type: 'array' }) as string[]).join('').toLowerCase();
    if (!/^[a-z]+$/.test(key)) continue;
    const prev = map.get(key);
    // Prefer the shorter, then the earlier (curated words come first) spelling.
    if (!prev || w.length < prev.length) map.set(key, w);
  }
  index = { size: words.length, map };
  return map;
}

/** Chinese for a pinyin query (letters and spaces only), or null. */
export function suggestFromPinyin(seg: Segmenter, text: string): string | null {
  const t = text.toLowerCase().replace(/[\s']+/g, ' ').trim();
  if (!t || !/^[a-z ]+$/.test(t) || t.replace(/ /g, '').length < 4 || t.length > 80) return null;
  const map = pinyinIndex(seg);
  const out: string[] = [];
  for (const part of t.split(' ')) {
    const s = part;
    // best[i] = fewest words covering s[0:i]
    const best: (string[] | null)[] = new Array(s.length + 1).fill(null);
    best[0] = [];
    for (let i = 0; i < s.length; i++) {
      if (!best[i]) continue;
      for (let j = i + 2; j <= Math.min(s.length, i + 40); j++) {
        const w = map.get(s.slice(i, j));
        if (w && (!best[j] || best[j]!.length > best[i]!.length + 1)) best[j] = [...best[i]!, w];
      }
    }
    if (!best[s.length]) return null;
    out.push(best[s.length]!.join(''));
  }
  return out.join(' ');
}

/** Dictionary words that contain one of `words` (longer compounds people search for), at most `limit`. */
export function relatedWords(seg: Segmenter, words: string[], limit: number): string[] {
  const out: string[] = [];
  if (!words.length) return out;
  for (const d of seg.domainWords()) {
    if (out.length >= limit) break;
    if (!words.includes(d) && [...d].length <= 10 && words.some((w) => d.includes(w))) out.push(d);
  }
  return out;
}
