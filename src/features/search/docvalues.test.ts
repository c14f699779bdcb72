// TitleTerms: the documents of each title word, in memory (what the title bonuses start from); DocValues and its
// snapshot; the warm-up's steps (the fields' read, jieba's dictionary) and the event loop.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DocValues, F, TitleTerms, noteIndexWrite } from './docvalues.ts';
import { createSegmenter, indexForms, preloadSegmenter } from './segment.ts';
import { SegmentWorker } from './segment-worker.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, sql, type Db } from '../../platform/db/index.ts';
import { up as addIndexStamp } from './migrations/20261207190000-search-index-stamp.ts';

/**
 * CPU between 2 ms timer ticks while f runs: how long the process ran without the event loop getting its turn (the
 * load of the machine delays ticks but does not add CPU to them).
 */
async function longestStretch(f: () => Promise<unknown>): Promise<number> {
  let last = process.cpuUsage();
  let longest = 0;
  const tick = setInterval(() => {
    const c = process.cpuUsage();
    longest = Math.max(longest, (c.user - last.user + c.system - last.system) / 1000);
    last = c;
  }, 2);
  try {
    await f();
    await new Promise((r) => setTimeout(r, 5));
    const c = process.cpuUsage();
    return Math.max(longest, (c.user - last.user + c.system - last.system) / 1000);
  } finally {
    clearInterval(tick);
  }
}

/** The same question answered by brute force over the documents' word lists. */
function expected(docs: Map<number, string[]>, words: string[][][]): number[] {
  const out: number[] = [];
  for (const [id, ws] of docs) if (words.every((alts) => alts.some((alt) => alt.every((w) => ws.includes(w))))) out.push(id);
  return out.sort((a, b) => a - b);
}

/** search_docs as the index's migrations make it (the columns DocValues reads). */
const createSearchDocs = (db: Db) =>
  sql`create table search_docs (document_id integer primary key, unit_id integer not null, topic text, genre text, kind text not null, validity text not null, year integer not null, published_at text not null, title_norm text not null, title_terms text, indexed_at text not null)`.execute(db);

describe('TitleTerms', () => {
  const titles: [number, string][] = [
    [3, '宿城区 政务公开 工作要点 政务 公开 工作 要点'],
    [7, '义务教育 招生 工作 方案 义务 教育'],
    [12, '宿城区 2020年 义务教育 招生 通知 义务 教育'],
    [20, '政务 信息 公开 工作 年度 报告'],
    [31, '行政许可 事项 清单 行政 许可'],
  ];
  const t = new TitleTerms();
  for (const [id, w] of titles) t.add(id, w);

  const cases: [string, string[][][], number[]][] = [
    ['one word', [[['招生']]], [7, 12]],
    ['two words', [[['义务教育']], [['招生']]], [7, 12]],
    ['word or its split', [[['政务公开'], ['政务', '公开']]], [3, 20]],
    ['split only', [[['政务', '公开']], [['报告']]], [20]],
    ['synonym alternative', [[['清单'], ['目录']]], [31]],
    ['unknown word', [[['不存在']]], []],
    ['one word unknown', [[['招生']], [['不存在']]], []],
    ['no words', [], []],
  ];
  for (const [name, words, ids] of cases) {
    it(name, () => assert.deepEqual([...t.all(words)], ids));
  }

  it('adds a document again without listing it twice, and keeps the lists sorted', () => {
    const u = new TitleTerms();
    u.add(9, '公开 工作');
    u.add(2, '公开');
    u.add(9, '公开 工作 要点');
    assert.deepEqual([...u.docs('公开')], [2, 9]);
    assert.deepEqual([...u.docs('要点')], [9]);
    assert.deepEqual([...u.docs('')], []);
  });

  it('holds the lists varint-coded (issue 15: own memory): under 1.5 bytes an id for 100,000 titles of common and rare words, the same ids', () => {
    const u = new TitleTerms();
    const want = new Map<string, number[]>();
    for (let id = 1; id <= 100_000; id++) {
      // 关于 in nearly every title, 通知 in every third, a word of a few hundred titles, one of its own in every 50th.
      const ws = ['关于', ...(id % 3 ? [] : ['通知']), `w${id % 300}`, ...(id % 50 ? [] : [`x${id}`])];
      if (id % 33 === 0) ws.shift();
      for (const w of ws) want.set(w, [...(want.get(w) ?? []), id]);
      u.add(id, ws.join(' '));
    }
    u.compactAll();
    const held = u.parts().list.byteLength;
    assert.ok(held < 1.5 * u.size, `${held} bytes for ${u.size} ids`);
    for (const w of ['关于', '通知', 'w0', 'w299', 'x50', 'x100000']) assert.deepEqual([...u.docs(w)], want.get(w), w);
    // Ids up to 2^31 - 1 (gaps of 5 bytes) come back as they went in.
    const big = new TitleTerms();
    for (const id of [1, 2 ** 31 - 1, 2 ** 30, 127, 128, 16_384]) big.add(id, '大');
    big.compactAll();
    assert.deepEqual([...big.docs('大')], [1, 127, 128, 16_384, 2 ** 30, 2 ** 31 - 1]);
  });

  it('takes a snapshot\'s lists only when they fit together (offsets, counts, bytes)', () => {
    const u = new TitleTerms();
    u.add(5, '甲 乙');
    u.add(9, '甲');
    u.compactAll();
    const { words, off, count, list } = u.parts();
    const v = new TitleTerms();
    v.add(1, '丙');
    assert.equal(v.restore(words, Int32Array.of(0, 1), count, list), false);
    assert.equal(v.restore(words, off, Int32Array.of(9, 1), list), false);
    assert.deepEqual([...v.docs('丙')], [1], 'nothing changed');
    assert.equal(v.restore(words, off.slice(), count.slice(), list.slice()), true);
    assert.deepEqual([...v.docs('甲')], [5, 9]);
    assert.deepEqual([...v.docs('丙')], []);
  });

  it('answers as brute force does, across compactions (100,000 documents, random titles, re-added ones)', () => {
    // A deterministic generator: the same documents every run.
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const vocab = Array.from({ length: 400 }, (_, i) => `w${i}`);
    // Frequent and rare words: index by a skewed draw.
    const word = () => vocab[Math.floor(Math.sqrt(rnd(vocab.length * vocab.length)))];
    const docs = new Map<number, string[]>();
    const u = new TitleTerms();
    const order = Array.from({ length: 100_000 }, (_, i) => i + 1);
    // Mostly ascending ids (a rebuild), some out of order (documents published later with older ids).
    for (let i = 0; i < 2000; i++) {
      const a = rnd(order.length);
      const b = rnd(order.length);
      [order[a], order[b]] = [order[b], order[a]];
    }
    for (const id of order) {
      const ws = [...new Set(Array.from({ length: 3 + rnd(8) }, word))];
      docs.set(id, ws);
      u.add(id, ws.join(' '));
    }
    // Titles edited: the new words are added; the old ones stay listed (readers check the title),
    // so the expected answer is over the union of old and new words.
    for (let i = 0; i < 5000; i++) {
      const id = 1 + rnd(100_000);
      const ws = [word(), word()];
      docs.set(id, [...new Set([...docs.get(id)!, ...ws])]);
      u.add(id, ws.join(' '));
    }
    assert.ok(u.size < 100_000 * 11 + 10_000, `ids held: ${u.size}`);
    for (let q = 0; q < 200; q++) {
      const words = Array.from({ length: 1 + rnd(3) }, () => Array.from({ length: 1 + rnd(2) }, () => Array.from({ length: 1 + rnd(2) }, word)));
      assert.deepEqual([...u.all(words)], expected(docs, words), JSON.stringify(words));
    }
  });
});

describe('DocValues', () => {
  it('reads the index in batches on the first read (issue 15: memory) with the same fields as in one read, then only what changed', async () => {
    const h = openDatabase('sqlite::memory:');
    try {
      await createSearchDocs(h.db);
      // Ids with gaps, so batch boundaries fall between them.
      const ids = Array.from({ length: 23 }, (_, i) => 3 + i * 7);
      for (const id of ids) {
        await sql`insert into search_docs values (${id}, ${1 + (id % 4)}, ${id % 3 ? 'jy' : null}, ${'tz'}, ${'other'}, ${'effective'}, ${2000 + (id % 20)}, ${'2024-01-0' + (1 + (id % 9)) + 'T00:00:00.000Z'}, ${'标题' + id}, ${id % 2 ? '教育 通知' : '通知'}, ${'2024-02-01T00:00:00.000Z'})`.execute(h.db);
      }
      const whole = new DocValues();
      whole.readBatch = 1_000;
      await whole.refresh(h.db);
      for (const batch of [1, 5, 23]) {
        const dv = new DocValues();
        dv.readBatch = batch;
        await dv.refresh(h.db);
        assert.equal(dv.count, ids.length, `batch ${batch}`);
        for (const id of ids) {
          assert.ok(dv.has(id));
          for (const f of Object.values(F)) assert.equal(dv.codes[dv.get(id, f)] ?? dv.get(id, f), whole.codes[whole.get(id, f)] ?? whole.get(id, f));
          assert.equal(dv.pub(id), Date.parse('2024-01-0' + (1 + (id % 9)) + 'T00:00:00.000Z'));
          assert.equal(dv.title[id], '标题' + id);
        }
        assert.ok(!dv.has(4) && !dv.has(ids.at(-1)! + 1));
        assert.deepEqual([...dv.terms.docs('教育')], ids.filter((id) => id % 2));
        assert.deepEqual([...dv.terms.docs('通知')], ids);
        // A later refresh reads what changed since (by indexed_at), not everything again.
        await sql`update search_docs set title_norm = ${'新标题'}, indexed_at = ${'2024-03-01T00:00:00.000Z'} where document_id = ${ids[4]}`.execute(h.db);
        await sql`insert into search_docs values (${500}, ${2}, ${null}, ${null}, ${'rule'}, ${'effective'}, ${2024}, ${'2024-03-01T00:00:00.000Z'}, ${'另一件'}, ${'教育'}, ${'2024-03-01T00:00:00.000Z'})`.execute(h.db);
        noteIndexWrite(); // as the index's writers do (this connection's own commits leave data_version as it is)
        await dv.refresh(h.db);
        assert.equal(dv.title[ids[4]!], '新标题');
        assert.equal(dv.count, ids.length + 1);
        assert.ok(dv.terms.docs('教育').includes(500));
        await sql`delete from search_docs where document_id = 500`.execute(h.db);
        await sql`update search_docs set title_norm = ${'标题' + ids[4]}, indexed_at = ${'2024-02-01T00:00:00.000Z'} where document_id = ${ids[4]}`.execute(h.db);
      }
    } finally {
      await h.close();
    }
  });
});

describe('DocValues memos (issue 15: own memory)', () => {
  it('keeps the title bonuses of at most 4 queries and 200,000 documents in all, the newest first', () => {
    const dv = new DocValues();
    const bonuses = (n: number) => new Map(Array.from({ length: n }, (_, i) => [i + 1, 50]));
    dv.rememberBonuses('关于', bonuses(150_000));
    dv.rememberBonuses('通知', bonuses(60_000)); // 210,000 in all: the older one goes
    assert.deepEqual([...dv.bonusMemo.keys()], ['通知']);
    for (const q of ['a', 'b', 'c', 'd']) dv.rememberBonuses(q, bonuses(10));
    assert.deepEqual([...dv.bonusMemo.keys()], ['a', 'b', 'c', 'd']);
    dv.rememberBonuses('b', bonuses(20)); // again: the newest
    dv.rememberBonuses('全部', bonuses(200_001)); // more than all may hold: not kept, nothing else goes
    assert.deepEqual([...dv.bonusMemo.keys()], ['a', 'c', 'd', 'b']);
    assert.equal(dv.bonusMemo.get('b')!.size, 20);
  });
});

describe('DocValues snapshot', () => {
  it('reads back from the snapshot the same fields as from the rows, then what was indexed after it; a snapshot replaced while read is not used', async () => {
    const h = openDatabase('sqlite::memory:');
    try {
      await createSearchDocs(h.db);
      await sql`create table search_docvalues (part integer primary key, id text not null, data blob not null)`.execute(h.db);
      const ids = Array.from({ length: 40 }, (_, i) => 2 + i * 5);
      // Stamped as the index stamps rows (now): a snapshot's rows to read again start 10 minutes before its read.
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      for (const id of ids) {
        await sql`insert into search_docs values (${id}, ${1 + (id % 4)}, ${id % 3 ? 'jy' : null}, ${id % 5 ? 'tz' : 'gg'}, ${'other'}, ${id % 7 ? '有效' : '失效'}, ${2000 + (id % 20)}, ${'2024-01-0' + (1 + (id % 9)) + 'T00:00:00.000Z'}, ${'标题' + id + (id % 3 ? '' : '😀𠀋')}, ${id % 2 ? '教育 通知 标题' : '通知 公告'}, ${hourAgo})`.execute(h.db);
      }
      const fresh = () => {
        const dv = new DocValues();
        dv.snapshotDb = h.db;
        dv.snapshotMin = 1;
        return dv;
      };
      // exact: the title word lists alike; otherwise b may still list a document under its old title's words (readers check the title).
      const same = (a: DocValues, b: DocValues, exact = true) => {
        assert.equal(b.count, a.count);
        for (let id = 0; id < 260; id++) {
          assert.equal(b.has(id), a.has(id), `has ${id}`);
          if (!a.has(id)) continue;
          for (const f of Object.values(F)) assert.equal(b.codes[b.get(id, f)] ?? b.get(id, f), a.codes[a.get(id, f)] ?? a.get(id, f), `${id} ${f}`);
          assert.equal(b.pub(id), a.pub(id));
          assert.equal(b.title[id], a.title[id]);
        }
        for (const w of ['教育', '通知', '公告', '标题', '新', '不存在']) {
          if (exact) assert.deepEqual([...b.terms.docs(w)], [...a.terms.docs(w)], w);
          else for (const id of a.terms.docs(w)) assert.ok(b.terms.docs(w).includes(id), `${w} ${id}`);
        }
        assert.equal(b.max('unit'), a.max('unit'));
        assert.equal(b.max('year'), a.max('year'));
      };
      const rows = fresh();
      await rows.refresh(h.db);
      assert.equal(rows.source, 'rows');
      await rows.saved();
      const parts = await sql<{ n: number }>`select count(*) as n from search_docvalues`.execute(h.db);
      assert.ok(parts.rows[0]!.n >= 2, 'a snapshot was written after the full read');

      const snap = fresh();
      await snap.refresh(h.db);
      assert.equal(snap.source, 'snapshot');
      same(rows, snap);

      // Indexed after the snapshot: a changed title, a new document (another topic code).
      const now = new Date().toISOString();
      await sql`update search_docs set title_norm = ${'新标题'}, title_terms = ${'新 标题'}, indexed_at = ${now} where document_id = ${ids[4]}`.execute(h.db);
      await sql`insert into search_docs values (${300}, ${9}, ${'xin'}, ${null}, ${'rule'}, ${'有效'}, ${2030}, ${'2024-03-01T00:00:00.000Z'}, ${'另一件'}, ${'教育 另一件'}, ${now})`.execute(h.db);
      const after = fresh();
      await after.refresh(h.db);
      assert.equal(after.source, 'snapshot');
      assert.equal(after.title[ids[4]!], '新标题');
      assert.ok(after.has(300) && after.count === ids.length + 1);
      assert.equal(after.codes[after.get(300, F.topic)], 'xin');
      assert.equal(after.max('unit'), 9);
      assert.ok(after.terms.docs('教育').includes(300) && after.terms.docs('新').includes(ids[4]!));
      const whole = new DocValues(); // the same from the rows alone
      await whole.refresh(h.db);
      same(whole, after, false);
      assert.ok(after.terms.docs('通知').includes(ids[4]!), 'the old title word stays listed (as for any refresh)');

      // Another process replaced the snapshot between the reads of its parts: the rows are read instead.
      await sql`update search_docvalues set id = 'other' where part = 1`.execute(h.db);
      const mixed = fresh();
      mixed.snapshotMin = 1_000; // and no new snapshot from this read
      await mixed.refresh(h.db);
      assert.equal(mixed.source, 'rows');
      same(whole, mixed);
      // Of another layout (or unreadable): not used either.
      await sql`update search_docvalues set id = 'x', data = ${Buffer.from('{"format":0}')} where part = 0`.execute(h.db);
      const old = fresh();
      old.snapshotMin = 1_000;
      await old.refresh(h.db);
      assert.equal(old.source, 'rows');
      same(whole, old);
    } finally {
      await h.close();
    }
  });
});

describe('DocValues snapshot not written', () => {
  it('writes it again after a failed write (no table yet, or the write lock held), once the index changes after a minute', async () => {
    const h = openDatabase('sqlite::memory:');
    try {
      await createSearchDocs(h.db);
      const stamp = new Date(Date.now() - 3_600_000).toISOString();
      for (let id = 1; id <= 8; id++) await sql`insert into search_docs values (${id}, 1, null, null, 'other', '有效', 2024, '2024-01-01T00:00:00.000Z', ${'标题' + id}, '通知', ${stamp})`.execute(h.db);
      const dv = new DocValues();
      dv.snapshotDb = h.db;
      dv.snapshotMin = 1;
      await dv.refresh(h.db);
      await dv.saved(); // failed: no table
      await sql`create table search_docvalues (part integer primary key, id text not null, data blob not null)`.execute(h.db);
      await sql`insert into search_docs values (9, 1, null, null, 'other', '有效', 2024, '2024-01-01T00:00:00.000Z', '标题9', '通知', ${new Date().toISOString()})`.execute(h.db);
      noteIndexWrite();
      await dv.refresh(h.db);
      await dv.saved();
      assert.equal((await sql<{ n: number }>`select count(*) as n from search_docvalues`.execute(h.db)).rows[0]!.n, 0, 'not again within the minute');
      (dv as unknown as { saveAfter: number }).saveAfter = 0; // the minute has passed
      await sql`insert into search_docs values (10, 1, null, null, 'other', '有效', 2024, '2024-01-01T00:00:00.000Z', '标题10', '通知', ${new Date().toISOString()})`.execute(h.db);
      noteIndexWrite();
      await dv.refresh(h.db);
      await dv.saved();
      const again = new DocValues();
      again.snapshotDb = h.db;
      await again.refresh(h.db);
      assert.equal(again.source, 'snapshot');
      assert.equal(again.count, 10);
    } finally {
      await h.close();
    }
  });
});

describe("jieba's dictionary loaded in the background (the warm-up after listen)", () => {
  it('loads in small steps (one load is a single call of 0.1-0.25 s of CPU) and then cuts exactly as a dictionary loaded at once', async () => {
    // First in this process: nothing here has loaded the dictionary yet. The event loop's turns while it loads
    // (not the CPU between them: on a loaded machine one piece's CPU can be inflated several times).
    let turns = 0;
    const t = setInterval(() => turns++, 0);
    await preloadSegmenter();
    clearInterval(t);
    assert.ok(turns >= 20, `${turns} turns of the event loop while the dictionary loaded`);
    const seg = createSegmenter();
    const idle = SegmentWorker.idleMs;
    SegmentWorker.idleMs = 10; // stopped before the next test, whose CPU figures would count its thread's
    const w = await SegmentWorker.start(seg); // its thread loads the dictionaries at once
    assert.ok(w, 'worker started');
    try {
      const texts = [
        '宿城区人民政府办公室关于印发2024年政务公开工作要点的通知',
        '城镇老旧小区改造和义务教育阶段学校招生入学工作实施方案（试行）',
        '关于进一步优化营商环境推进乡村振兴和安全生产专项整治三年行动的实施意见',
        '行政许可事项清单 权责清单 重大行政决策程序暂行条例 政府信息公开申请办理答复',
      ];
      assert.deepEqual(await w.forms(texts), texts.map((t) => indexForms(seg, t)));
      assert.match(indexForms(seg, texts[0]!).coarse, /^宿城区人民政府办公室 关于 印发 /); // gov.txt's words too
    } finally {
      await w.close();
      SegmentWorker.idleMs = idle;
    }
    for (let i = 0; i < 500 && SegmentWorker.running; i++) await new Promise((r) => setTimeout(r, 10));
  });
});

describe('DocValues first read and the event loop', () => {
  it('lets the event loop run between small steps: never more than ~50 ms of CPU without a turn (rows, writing and reading the snapshot)', async () => {
    const h = openDatabase('sqlite::memory:');
    try {
      await createSearchDocs(h.db);
      await sql`create table search_docvalues (part integer primary key, id text not null, data blob not null)`.execute(h.db);
      const stamp = new Date(Date.now() - 3_600_000).toISOString();
      const W = ['政务', '公开', '通知', '关于', '安全', '生产', '乡村', '振兴', '营商', '环境', '财政', '预算', '教育', '收费', '卫生', '健康'];
      await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 8000)
        insert into search_docs select i, 1 + i % 30, 't' || (i % 12), 'g' || (i % 7), 'other', '有效', 2000 + i % 26, '2024-01-01T00:00:00.000Z',
          '关于' || i || '号文件的通知标题文字', ${W.join(' ')} || ' w' || (i % 5000) || ' x' || (i % 777) || ' 号' || i, ${stamp} from n`.execute(h.db);
      const rows = new DocValues();
      rows.snapshotDb = h.db;
      const read = await longestStretch(async () => {
        await rows.refresh(h.db);
        await rows.saved();
      });
      assert.equal(rows.source, 'rows');
      assert.equal(rows.count, 8000);
      const snap = new DocValues();
      snap.snapshotDb = h.db;
      const restored = await longestStretch(() => snap.refresh(h.db));
      assert.equal(snap.source, 'snapshot');
      assert.deepEqual([...snap.terms.docs('w17')], [...rows.terms.docs('w17')]);
      assert.ok(read < 50 && restored < 50, `longest stretches: rows and snapshot writing ${read.toFixed(1)} ms, snapshot ${restored.toFixed(1)} ms of CPU`);
    } finally {
      await h.close();
    }
  });
});

describe('DocValues freshness (issue 15: memos kept across commits that are not the index)', () => {
  it('keeps its memos when another connection commits outside the index, and reads again when the index changes', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dv-stamp-')), 'x.db');
    const site = openDatabase(`sqlite:${file}`);
    const cli = openDatabase(`sqlite:${file}`); // another process's connection (the CLI beside the site)
    try {
      await createSearchDocs(site.db);
      await addIndexStamp(site.db);
      await sql`create table other_writes (x integer)`.execute(site.db);
      for (const id of [1, 2, 3]) await sql`insert into search_docs values (${id}, 1, null, 'tz', 'other', 'effective', 2024, '2024-01-01T00:00:00.000Z', ${'标题' + id}, '教育 通知', '2024-02-01T00:00:00.000Z')`.execute(cli.db);
      const dv = new DocValues();
      await dv.refresh(site.db);
      assert.equal(dv.count, 3);
      dv.rememberIds('教育', Int32Array.of(1, 2, 3));
      dv.rememberBonuses('教育', new Map([[1, 50]]));

      // Statistics, sessions, audit rows, the snapshot: data_version moves, the index does not.
      await sql`insert into other_writes values (1)`.execute(cli.db);
      await dv.refresh(site.db);
      assert.ok(dv.idsMemo.has('教育') && dv.bonusMemo.has('教育'), 'a commit that is not the index keeps the memos');

      // A row of the index written, updated or removed by any connection: the memos go and the change is read.
      await sql`update search_docs set title_norm = '新标题', indexed_at = '2024-03-01T00:00:00.000Z' where document_id = 2`.execute(cli.db);
      await dv.refresh(site.db);
      assert.ok(!dv.idsMemo.has('教育') && !dv.bonusMemo.has('教育'), 'an index change clears them');
      assert.equal(dv.title[2], '新标题');
      dv.rememberIds('教育', Int32Array.of(1, 3));
      await sql`delete from search_docs where document_id = 2`.execute(cli.db);
      await dv.refresh(site.db);
      assert.ok(!dv.idsMemo.has('教育'), 'a removal clears them too');

      // Without the counter (a database not migrated yet) every commit counts, as before.
      await sql`drop table search_index_stamp`.execute(cli.db);
      dv.rememberIds('教育', Int32Array.of(1, 3));
      await sql`insert into other_writes values (2)`.execute(cli.db);
      await dv.refresh(site.db);
      assert.ok(!dv.idsMemo.has('教育'));
    } finally {
      await site.close();
      await cli.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

