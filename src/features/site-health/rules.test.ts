// The date rules of the inspection indicators, table-driven with real dates (pure; no database).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { beijingDate, daysBetween, isStale, minusMonths, periodStart } from './rules.ts';
import { statusOfCount } from './public.ts';
import { verdictOf } from './checks.ts';
import { expectedPeriod } from '../documents/health.ts';
import { reportTiming } from '../reports/health.ts';
import { extractLinks, sameSite, isAttachment } from './crawler.ts';

describe('site-health rules', () => {
  it('months back, clamped to the month end (leap years)', () => {
    const cases: [string, number, string][] = [
      ['2026-12-07', 6, '2026-06-07'],
      ['2026-08-31', 6, '2026-02-28'],
      ['2024-08-31', 6, '2024-02-29'],
      ['2026-03-31', 1, '2026-02-28'],
      ['2026-01-15', 6, '2025-07-15'],
      ['2020-10-12', 12, '2019-10-12'],
    ];
    for (const [d, n, want] of cases) assert.equal(minusMonths(d, n), want, `${d} − ${n} 个月`);
  });

  it('2 weeks and 6 months: the period’s first day still counts as updated', () => {
    const twoWeeks = { kind: 'days', n: 14 } as const;
    const sixMonths = { kind: 'months', n: 6 } as const;
    const cases: [string | null, string, typeof twoWeeks | typeof sixMonths, boolean][] = [
      ['2026-11-23', '2026-12-07', twoWeeks, false], // exactly 14 days ago
      ['2026-11-22', '2026-12-07', twoWeeks, true], // 15 days
      ['2026-12-07', '2026-12-07', twoWeeks, false],
      // Across the 2026 National Day holiday: calendar days, not working days.
      ['2026-09-30', '2026-10-14', twoWeeks, false],
      ['2026-09-29', '2026-10-14', twoWeeks, true],
      ['2026-06-07', '2026-12-07', sixMonths, false],
      ['2026-06-06', '2026-12-07', sixMonths, true],
      ['2026-02-28', '2026-08-31', sixMonths, false],
      ['2026-02-27', '2026-08-31', sixMonths, true],
      [null, '2026-12-07', sixMonths, true],
    ];
    for (const [last, today, p, want] of cases) assert.equal(isStale(last, today, p), want, `${last} at ${today} (${p.kind} ${p.n})`);
    assert.equal(periodStart('2026-12-07', twoWeeks), '2026-11-23');
    assert.equal(daysBetween('2026-11-30', '2026-12-07'), 7);
  });

  it('publication instants are dated in Beijing time', () => {
    assert.equal(beijingDate('2026-11-22T15:59:59.000Z'), '2026-11-22');
    assert.equal(beijingDate('2026-11-22T16:00:00.000Z'), '2026-11-23');
  });

  it('counts against the single-veto thresholds (≥ 5 columns)', () => {
    assert.deepEqual([0, 1, 4, 5, 12].map((n) => statusOfCount(n, 5)), ['ok', 'warn', 'warn', 'fail', 'fail']);
  });

  it('which first-level columns have an expected period (taxonomy codes and labels)', () => {
    assert.deepEqual(expectedPeriod({ code: 'zcwj', label: '政策文件' }), { kind: 'months', n: 6 });
    assert.deepEqual(expectedPeriod({ code: 'tzgg', label: '通知公告' }), { kind: 'months', n: 6 });
    assert.deepEqual(expectedPeriod({ code: 'gzdt', label: '工作动态' }), { kind: 'days', n: 14 });
    assert.deepEqual(expectedPeriod({ code: 'yw', label: '宿城要闻' }), { kind: 'days', n: 14 });
    assert.equal(expectedPeriod({ code: 'jgzn', label: '机构职能' }), null);
    assert.equal(expectedPeriod({ code: 'nb', label: '政府信息公开年报' }), null);
  });

  it('annual report timing (Art. 49: departments 31 January, the district 31 March)', () => {
    const cases: [string, string | null, string, string][] = [
      ['2026-01-31', '2026-01-31', '2026-12-07', 'on-time'],
      ['2026-01-31', '2026-02-01', '2026-12-07', 'late'],
      ['2026-01-31', null, '2026-12-07', 'missing'],
      ['2026-03-31', null, '2026-03-31', 'due-soon'],
      ['2026-03-31', null, '2026-03-16', 'due-soon'],
      ['2026-03-31', null, '2026-03-15', 'pending'],
      ['2027-01-31', null, '2026-12-07', 'pending'],
    ];
    for (const [deadline, on, today, want] of cases) assert.equal(reportTiming(deadline, on, today), want, `${deadline} ${on} ${today}`);
  });

  it('a failed single-veto item makes the site fail; a failed deduction item only asks for attention; 未测量 does not count', () => {
    assert.deepEqual(verdictOf([{ label: '首页更新', singleVeto: true, status: 'fail' }, { label: 'x', singleVeto: false, status: 'ok' }]), { verdict: 'fail', vetoFailed: ['首页更新'] });
    assert.deepEqual(verdictOf([{ label: '错链', singleVeto: false, status: 'fail' }, { label: '首页', singleVeto: true, status: 'ok' }]), { verdict: 'warn', vetoFailed: [] });
    assert.deepEqual(verdictOf([{ label: '留言', singleVeto: true, status: 'not-measured' }, { label: '首页', singleVeto: true, status: 'ok' }]), { verdict: 'pass', vetoFailed: [] });
  });

  it('links of a page: same-site only, fragments dropped, entities decoded', () => {
    const html = `<a href="/xxgk?unit=a&amp;page=2#top">下一页</a><a href='https://www.gov.cn/x'>国务院</a><a href="mailto:a@b.cn">信</a>
      <a href="files/3">附件<b>一</b></a><img src="/static/logo.png" alt="徽标"><a href="#main">跳到正文</a><a href=//evil.example/x>x</a>`;
    const links = extractLinks(html).map((l) => ({ url: sameSite(l.href, '/xxgk/documents/7/'), text: l.text }));
    assert.deepEqual(links, [
      { url: '/xxgk?unit=a&page=2', text: '下一页' },
      { url: null, text: '国务院' },
      { url: null, text: '信' },
      { url: '/xxgk/documents/7/files/3', text: '附件一' },
      { url: null, text: '跳到正文' },
      { url: null, text: 'x' },
      { url: '/static/logo.png', text: '徽标' },
    ]);
    assert.equal(sameSite('https://www.sucheng.gov.cn/xxgk', '/', ['https://www.sucheng.gov.cn']), '/xxgk');
    assert.equal(isAttachment('/xxgk/documents/7/files/3'), true);
    assert.equal(isAttachment('/xxgk/documents/7'), false);
  });
});
