// Pure parts of search: the query parser, the FTS5 / tsquery builders, segmentation, highlighting, pinyin.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, planQuery, ftsMatch, tsQuery, MAX_QUERY_LENGTH } from './query.ts';
import { createSegmenter, normalizeText } from './segment.ts';
import { highlight, snippet, htmlToText, htmlPrefixToText, leadText } from './highlight.ts';
import { parseIds } from './engine.ts';
import { suggestFromPinyin } from './suggest.ts';
import { isoWeekBeijing } from './record.ts';

const seg = createSegmenter([{ word: '宿城区教育局' }]);

describe('parseQuery', () => {
  const cases: [string, unknown, Partial<ReturnType<typeof parseQuery>>][] = [
    ['two words', '义务教育 招生', { terms: ['义务教育', '招生'], phrases: [], excluded: [] }],
    ['ascii quotes', '"政务公开 工作要点"', { terms: [], phrases: ['政务公开 工作要点'] }],
    ['chinese quotes', '“政务公开”要点', { phrases: ['政务公开'], terms: ['要点'] }],
    ['exclusion', '政务公开 -2020', { terms: ['政务公开'], excluded: ['2020'] }],
    ['excluded phrase', '预算 -"部门预算"', { terms: ['预算'], excluded: ['部门预算'] }],
    ['title prefix', 'title:招生', { terms: ['招生'], titleOnly: true }],
    ['chinese title prefix', '标题：招生 方案', { terms: ['招生', '方案'], titleOnly: true }],
    ['unbalanced quote', '"政务公开 工作', { terms: ['政务公开', '工作'], phrases: [] }],
    ['fts operators dropped', 'a OR b AND NOT c NEAR(d)', { terms: ['a', 'b', 'c', 'd'] }],
    ['syntax characters', 'col:word* ^x {y} (z)', { terms: ['col', 'word', 'x', 'y', 'z'] }],
    ['empty', '', { terms: [], phrases: [], excluded: [] }],
    ['only spaces', '   \u3000 ', { terms: [] }],
    ['not a string', 42, { terms: [] }],
    ['lone dash', '-', { terms: [], excluded: [] }],
    ['full-width', 'ＡＢＣ１２３', { terms: ['abc123'] }],
    ['control characters', 'a\u0000b\u0007c', { terms: ['abc'] }],
    ['sql fragment', "'; DROP TABLE documents; --", { excluded: [] }],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      const q = parseQuery(input);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual((q as any)[k], v, `${name}: ${k}`);
    });
  }

  it('caps a 10,000-character query', () => {
    const q = parseQuery('政'.repeat(10_000));
    assert.equal(q.truncated, true);
    assert.equal([...q.text].length, MAX_QUERY_LENGTH);
  });

  it('reads loose 文号 forms as the same exact key, and partial ones as parts', () => {
    const keys = ['宿城政办发〔2020〕12号', '宿城政办发[2020]12号', '宿城政办发2020 12号', '宿城政办发（2020）12号', '宿城政办发［２０２０］１２号'].map((s) => parseQuery(s).docNo);
    for (const k of keys) assert.deepEqual(k, { key: '宿城政办发202012', exact: true });
    assert.deepEqual(parseQuery('宿城政办发〔2020').docNo, { key: '宿城政办发2020', exact: false });
    assert.deepEqual(parseQuery('宿城政办发').docNo, { key: '宿城政办发', exact: false });
    assert.equal(parseQuery('义务教育招生').docNo, null);
    assert.equal(parseQuery('321302/2020-00974').indexNo, '321302202000974');
    assert.equal(parseQuery('2020').indexNo, null);
  });
});

describe('expressions', () => {
  const hostile = ['"', '""', '*', '^', 'NEAR', 'a:b', "'", '\\', '"; drop table x; --', '(((', '{title}: x', '😀', '-"', 'a "b', ')', '\u0000'];

  it('quotes every token for FTS5 and keeps only letters and digits', () => {
    for (const raw of hostile) {
      const m = ftsMatch(planQuery(seg, parseQuery(raw)));
      if (m === null) continue;
      // Every string literal is a quoted run of letters, digits and spaces.
      for (const lit of m.match(/"(?:[^"]|"")*"/g) ?? []) assert.match(lit, /^"[\p{L}\p{N}\p{M} ]+"$/u, `${raw} → ${m}`);
      const outside = m.replace(/"(?:[^"]|"")*"/g, '');
      assert.match(outside, /^[\s(){}:A-Za-z_]*$/, `${raw} → ${m}`);
    }
  });

  it('builds AND of words, phrases, exclusions and title-only filters', () => {
    assert.equal(ftsMatch(planQuery(seg, parseQuery('招生 方案'))), '"招生" AND "方案"');
    const quoted = planQuery(seg, parseQuery('"招生 方案"'));
    assert.equal(ftsMatch(quoted), '"招生" AND "方案"');
    assert.deepEqual(quoted.phraseTexts, ['招生方案']);
    assert.deepEqual(planQuery(seg, parseQuery('"安全生产"')).phraseTexts, [], 'one token: the index alone decides');
    assert.deepEqual(planQuery(seg, parseQuery('预算 -"部门 预算" -"covid 19"')).excludedTexts, ['部门预算', 'covid 19']);
    assert.equal(ftsMatch(planQuery(seg, parseQuery('招生 -幼儿园'))), '("招生") NOT "幼儿园"');
    assert.equal(ftsMatch(planQuery(seg, parseQuery('招生', { titleOnly: true }))), '{title title_sub} : "招生"');
    assert.equal(ftsMatch(planQuery(seg, parseQuery('-招生'))), null);
    // A compound dictionary word also matches its parts (documents segmented differently).
    assert.equal(ftsMatch(planQuery(seg, parseQuery('宿城区教育局'))), '("宿城区教育局" OR ("宿城区" AND "教育局"))');
    assert.equal(tsQuery(planQuery(seg, parseQuery('宿城区教育局 -通知'))), "('宿城区教育局' | ('宿城区' & '教育局')) & !'通知'");
    assert.equal(tsQuery(planQuery(seg, parseQuery('"招生 方案"', { titleOnly: true }))), "'招生':A & '方案':A");
    // Short forms also find the terms documents use.
    assert.equal(ftsMatch(planQuery(seg, parseQuery('低保'))), '("低保" OR "最低生活保障")');
    assert.equal(tsQuery(planQuery(seg, parseQuery('低保'))), "('低保' | '最低生活保障')");
    for (const raw of hostile) {
      const t = tsQuery(planQuery(seg, parseQuery(raw)));
      if (t) for (const lit of t.match(/'(?:[^']|'')*'/g) ?? []) assert.match(lit, /^'[\p{L}\p{N}\p{M}]+'$/u, `${raw} → ${t}`);
    }
  });
});

describe('segmentation', () => {
  it('keeps government terms whole and normalises width and case', () => {
    const words = seg.cut('宿城区2020年政务公开工作要点');
    assert.deepEqual(words.slice(0, 3), ['宿城区', '2020', '年']);
    const rest = words.slice(3);
    assert.ok(rest.includes('政务公开') || rest.some((w) => seg.subWords(w).includes('政务公开')), rest.join('/'));
    assert.ok(seg.cut('依申请公开').includes('依申请公开'));
    assert.ok(seg.cut('行政许可事项清单').includes('行政许可事项清单'));
    assert.deepEqual(seg.cut('ＧＤＰ　２０２０'), ['gdp', '2020']);
    assert.equal(normalizeText('Ａ〔２０２０〕'), 'a〔2020〕');
  });

  it('learns added words (unit names)', () => {
    const s = createSegmenter();
    s.addWords([{ word: '洋北街道办事处' }]);
    assert.ok(s.cut('洋北街道办事处通知').includes('洋北街道办事处'));
    assert.ok(s.subWords('义务教育').includes('教育'));
    // Words outside the dictionary inside a compound: adjacent-character pairs (老旧 of 城镇老旧小区改造).
    assert.ok(s.subWords('城镇老旧小区改造').includes('老旧'));
  });
});

describe('highlighting', () => {
  it('escapes first, then marks matches, also across width and case', () => {
    assert.equal(highlight('<b>政务公开</b> & ＧＤＰ', ['政务公开', 'gdp']), '&lt;b&gt;<mark>政务公开</mark>&lt;/b&gt; &amp; <mark>ＧＤＰ</mark>');
    assert.equal(highlight('x<script>', ['<script>']), 'x<mark>&lt;script&gt;</mark>');
    const s = snippet('前言。'.repeat(50) + '这里有义务教育招生方案。' + '后记。'.repeat(50), ['招生'])!;
    assert.match(s, /<mark>招生<\/mark>/);
    assert.ok(s.length < 400);
    assert.equal(htmlToText('<p>一&amp;二</p><p>三&#x4e09;</p>'), '一&二\n三三');
  });
});

describe('did-you-mean and statistics helpers', () => {
  it('maps pinyin to dictionary words', () => {
    assert.equal(suggestFromPinyin(seg, 'zhengwugongkai'), '政务公开');
    assert.equal(suggestFromPinyin(seg, 'yishenqinggongkai'), '依申请公开');
    assert.equal(suggestFromPinyin(seg, 'xqzv'), null);
    assert.equal(suggestFromPinyin(seg, '政务'), null);
  });

  it('gives the ISO week in Beijing time', () => {
    assert.equal(isoWeekBeijing(Date.parse('2026-01-01T00:00:00Z')), '2026-W01');
    assert.equal(isoWeekBeijing(Date.parse('2026-11-28T12:00:00Z')), '2026-W48');
    // Sunday 2026-11-29 17:00 UTC is Monday 01:00 in Beijing: next week.
    assert.equal(isoWeekBeijing(Date.parse('2026-11-29T17:00:00Z')), '2026-W49');
    assert.equal(isoWeekBeijing(Date.parse('2027-01-01T00:00:00Z')), '2026-W53');
  });

  it('reads the beginning of a long body without cutting a tag or an entity', () => {
    const cases: [string, number, string, boolean][] = [
      ['<p>义务教育</p>', 100, '义务教育', true],
      ['<p>义务教育招生</p><p>第二段', 12, '义务教育招生', false], // cut inside <p>: the partial tag is dropped
      ['<p>A&amp;B 招生 &amp;', 17, 'A&B 招生', false], // cut inside &amp;
      ['', 10, '', true],
    ];
    for (const [html, max, text, whole] of cases) assert.deepEqual(htmlPrefixToText(html, max), { text, whole }, html);
    // The beginning of a longer text: an ellipsis ends the snippet and the lead text even when they reach its end.
    assert.equal(snippet('招生', ['招生'], 120, true), '<mark>招生</mark>…');
    assert.equal(snippet('招生', ['招生']), '<mark>招生</mark>');
    assert.equal(leadText('开头', 120, true), '开头…');
    assert.equal(leadText('开头'), '开头');
  });

  it('parses a group_concat list of ids', () => {
    const cases: [string | null, number[]][] = [[null, []], ['', []], ['7', [7]], ['1,22,333,4444444', [1, 22, 333, 4444444]]];
    for (const [s, ids] of cases) assert.deepEqual(parseIds(s), ids, String(s));
  });
});
