// 公开时限: the real phrasings of published catalogs, and the last days they give on the real calendar.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadBundledCalendar } from '../../platform/calendar/calendar.ts';
import { dueOn, parseNumber, parseTimeLimit, WorkdayIndex } from './timelimit.ts';
import { computeCompliance } from './compliance.ts';

const cal = loadBundledCalendar();
const idx = new WorkdayIndex(cal, '2019-01-01', '2026-12-31');

describe('公开时限 parsing', () => {
  const cases: [string, string, string][] = [
    // text, kind, label
    ['信息形成或者变更之日起20个工作日内', 'working-days', '20 个工作日内'],
    ['自信息形成或者变更之日起二十个工作日内', 'working-days', '20 个工作日内'],
    ['自作出行政决定之日起7个工作日内', 'working-days', '7 个工作日内'],
    ['自作出行政处罚决定之日起七个工作日内', 'working-days', '7 个工作日内'],
    ['10个工作日内', 'working-days', '10 个工作日内'],
    ['１０个工作日内', 'working-days', '10 个工作日内'],
    ['信息形成后 5 个工作日内', 'working-days', '5 个工作日内'],
    ['实时', 'same-day', '实时（形成当日）'],
    ['实时公开', 'same-day', '实时（形成当日）'],
    ['即时公开', 'same-day', '实时（形成当日）'],
    ['及时公开', 'working-days', '及时（按条例第二十六条，20 个工作日内）'],
    ['每年3月底前', 'annual', '每年 3 月底前'],
    ['每年六月底前公开上一年度决算', 'annual', '每年 6 月底前'],
    ['每年1月31日前', 'annual', '每年 1 月 31 日前'],
    ['批准后15日内', 'days', '15 日内'],
    ['自收到之日起十五日内', 'days', '15 日内'],
    ['公示期满后7天内', 'days', '7 日内'],
    ['项目批准后1个月内', 'months', '1 个月内'],
    ['每月10日前', 'monthly', '每月 10 日前'],
    ['每月底前更新', 'monthly', '每月底前'],
    ['每季度结束后15日内', 'days', '15 日内'],
    ['按规定时限', 'manual', '人工核对'],
    ['长期公开', 'manual', '人工核对'],
    ['每季度', 'manual', '人工核对'],
    ['', 'manual', '人工核对（未填写公开时限）'],
  ];
  for (const [text, kind, label] of cases) {
    it(`“${text}” → ${label}`, () => {
      const l = parseTimeLimit(text);
      assert.equal(l.kind, kind);
      assert.equal(l.label, label);
    });
  }
  it('Chinese numerals', () => {
    assert.deepEqual(['七', '十', '十五', '二十', '三十一', '一百', '两', '20', 'x'].map(parseNumber), [7, 10, 15, 20, 31, 100, 2, 20, null]);
  });
});

describe('the last day on the real calendar', () => {
  const cases: [string, string, string | null][] = [
    // time limit, 形成日期, last day
    ['信息形成或者变更之日起20个工作日内', '2025-09-26', '2025-10-30'], // 09-28 (Sun) and 10-11 (Sat) count, 10-01…10-08 do not
    ['信息形成或者变更之日起20个工作日内', '2024-12-31', '2025-02-05'], // 2025-01-26 (Sun) counts
    ['信息形成或者变更之日起20个工作日内', '2020-10-12', '2020-11-09'],
    ['自作出行政决定之日起7个工作日内', '2020-09-28', '2020-10-14'], // 国庆+中秋 10-01…10-08 off; 10-10 (Sat) is a make-up day
    ['10个工作日内', '2026-02-13', '2026-03-05'], // 02-14 (Sat) and 02-28 (Sat) are make-up days, 春节 02-15…02-23 off
    ['实时', '2020-11-20', '2020-11-20'],
    ['批准后15日内', '2020-12-20', '2021-01-04'],
    ['项目批准后1个月内', '2020-01-31', '2020-02-29'],
    ['每年3月底前', '2020-02-01', '2020-03-31'],
    ['每年3月底前', '2020-05-01', '2021-03-31'],
    ['每月10日前', '2020-05-01', '2020-05-10'],
    ['每月10日前', '2020-12-11', '2021-01-10'],
    ['每月底前更新', '2020-02-03', '2020-02-29'],
    ['按规定时限', '2020-05-01', null],
  ];
  for (const [text, start, due] of cases) {
    it(`${text} from ${start} → ${due ?? '人工核对'}`, () => {
      assert.equal(dueOn(parseTimeLimit(text), start, idx), due);
      const l = parseTimeLimit(text);
      if (l.kind === 'working-days') assert.equal(cal.addWorkingDays(start, l.days).date, due);
    });
  }
  it('the precomputed index agrees with the calendar on every day of 2020–2025', () => {
    for (let d = Date.UTC(2020, 0, 1); d < Date.UTC(2026, 0, 1); d += 86_400_000 * 3) {
      const s = new Date(d).toISOString().slice(0, 10);
      for (const n of [1, 7, 20]) assert.equal(idx.addWorkingDays(s, n), cal.addWorkingDays(s, n).date, `${s} + ${n}`);
    }
  });
});

describe('compliance', () => {
  const items = [
    { id: 1, time_limit: '信息形成或者变更之日起20个工作日内', mode: '主动' },
    { id: 2, time_limit: '信息形成或者变更之日起20个工作日内', mode: '主动' },
    { id: 3, time_limit: '10个工作日内', mode: '主动' },
    { id: 4, time_limit: '按规定时限', mode: '主动' },
    { id: 5, time_limit: '20个工作日内', mode: '依申请' },
    { id: 6, time_limit: '实时', mode: '主动' },
  ];
  const links = [
    { itemId: 1, documentId: 11, startOn: '2020-10-12', publishedAt: '2020-11-09T08:00:00Z' }, // due 11-09: in time
    { itemId: 3, documentId: 31, startOn: '2020-10-12', publishedAt: '2020-10-27T02:00:00Z' }, // due 10-26
    { itemId: 3, documentId: 32, startOn: '2020-10-12', publishedAt: '2020-10-26T15:30:00Z' }, // 10-26 23:30 Beijing: in time
    { itemId: 4, documentId: 41, startOn: '2020-10-12', publishedAt: '2020-12-01T00:00:00Z' },
    { itemId: 6, documentId: 61, startOn: '2020-11-01', publishedAt: null },
  ];
  it('missing, late, manual, on-request and in time; an unpublished document past its day is late', () => {
    const c = computeCompliance(items, links, '2020-12-01', cal);
    assert.deepEqual([...c].map(([id, v]) => [id, v.state]), [[1, 'ok'], [2, 'missing'], [3, 'late'], [4, 'manual'], [5, 'on-request'], [6, 'missing']]);
    assert.deepEqual(c.get(3)!.late, [{ documentId: 31, startOn: '2020-10-12', dueOn: '2020-10-26', publishedOn: '2020-10-27' }]);
    assert.deepEqual(c.get(6)!.late.map((l) => [l.dueOn, l.publishedOn]), [['2020-11-01', null]]);
  });
});

describe('Beijing date of a publication instant', () => {
  it('16:00 UTC is the next day in Beijing; other forms parse', async () => {
    const { beijingDate } = await import('./timelimit.ts');
    assert.deepEqual(
      ['2020-11-09T15:59:59.999Z', '2020-11-09T16:00:00.000Z', '2020-12-31T23:00:00Z', '2020-11-09T08:00:00+08:00', '2020-11-09'].map(beijingDate),
      ['2020-11-09', '2020-11-10', '2021-01-01', '2020-11-09', '2020-11-09'],
    );
  });
});
