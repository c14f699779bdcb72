// Keyword extraction (TF-IDF over jieba's words, with the government-domain dictionary the search segmenter
// loads — the same jieba instance, never a second one) and the ids of the published documents a query
// finds: for the editor's suggestions (features/editor-help).
import { createRequire } from 'node:module';
import type { Db } from '../../platform/db/index.ts';
import { getSegmenter, searchFor } from './engine.ts';
import { canonicalBrackets, jiebaData, normalizeText, sharedJieba } from './segment.ts';

const require = createRequire(import.meta.url);

interface TfIdfLike {
  extractKeywords(jieba: unknown, sentence: string, topK: number, allowedPos?: string[] | null): { keyword: string; weight: number }[];
}

let tfidf: TfIdfLike | null = null;
function extractor(): TfIdfLike {
  if (tfidf) return tfidf;
  const { TfIdf } = require('@node-rs/jieba') as { TfIdf: { withDict(d: Uint8Array): TfIdfLike } };
  tfidf = TfIdf.withDict(jiebaData('idf.txt')); // idf.txt only, not kept in JS memory (segment.ts jiebaData)
  return tfidf;
}

/** Words that say nothing about a document's subject (the genre words of every title, dates, verbs of office). */
const STOP = new Set(
  ('关于 通知 印发 公告 通告 意见 决定 办法 方案 规定 实施 实施方案 工作 开展 做好 进一步 加强 有关 事项 情况 相关 ' +
    '年度 全区 全市 我区 我市 本区 各级 各类 各项 一批 以下 以上 进行 推进 落实 要求 根据 按照 为了 通过 组织 单位 部门 ' +
    '各镇 街道 镇街 各地 标准 公布 公开 发布 现将 如下 本通知 ' +
    '人民政府 政府 办公室 办公厅 宿城区 宿迁市 区政府 市政府 报告 请示 批复 函 健全 加快 加快发展 统筹 完善 执行 提升 促进 推动 深化 ' +
    '的 和 与 及 等 年 月 日').split(' '),
);

/** Names of issuing bodies, genre words and provinces as the end of a longer word (宿城区人民政府, 行动实施方案, 广东省). */
const STOP_END = /(?:人民政府|办公室|办公厅|委员会|实施方案|工作方案|实施意见|实施办法|实施细则|通知|^[\u4e00-\u9fa5]{1,4}省)$/;

/** Whether a word can be a 关键词: 2–12 characters, Han or letters, not only digits, not a stop word. */
function usable(w: string): boolean {
  const n = [...w].length;
  return n >= 2 && n <= 12 && /\p{Script=Han}|[a-z]/u.test(w) && !/\d/.test(w) && !STOP.has(w) && !STOP_END.test(w);
}

/**
 * The `topK` words that best characterise `text` (TF-IDF; the title should be given more than once to weigh
 * more), with their weights, highest first. Words of the domain dictionary (gov.txt, unit names) count whole.
 */
export function extractKeywords(text: string, topK = 8): { word: string; weight: number }[] {
  const t = canonicalBrackets(normalizeText(text ?? ''));
  if (!t.trim()) return [];
  getSegmenter(); // the installation's words are in the shared instance once the segmenter exists
  const raw = extractor().extractKeywords(sharedJieba(), t, Math.max(topK * 3, 20));
  const out: { word: string; weight: number }[] = [];
  for (const k of raw) {
    if (!usable(k.keyword) || out.some((o) => o.word === k.keyword)) continue;
    out.push({ word: k.keyword, weight: k.weight });
    if (out.length >= topK) break;
  }
  return out;
}

/** Ids of the published documents `q` finds, best first (at most `limit`). */
export async function searchDocumentIds(db: Db, q: string, limit = 20): Promise<number[]> {
  const r = await searchFor(db).search(db, { q, pageSize: Math.min(Math.max(1, limit), 100), sort: 'relevance' });
  return r.items.map((i) => i.id);
}
