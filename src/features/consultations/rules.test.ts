// The law of 征求意见 as pure functions, table-driven with real dates; articles and the paragraph diff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPeriod, countdownText, daysOverdue, feedbackBlockers, feedbackCounts, feedbackDueOn, feedbackOverdue, opinionProblem, periodDays, phase, settings } from './rules.ts';
import { articlesOf, diffParagraphs } from './articles.ts';

test('period length counts both ends; under 30 days needs a reason', () => {
  const cases: [string, string, string | null, number, string[]][] = [
    ['2026-01-01', '2026-01-30', null, 30, []],
    ['2026-01-01', '2026-01-29', null, 29, ['periodReason']],
    ['2026-01-01', '2026-01-29', '  ', 29, ['periodReason']],
    ['2026-01-01', '2026-01-29', '春节前须实施', 29, []],
    ['2026-02-01', '2026-03-02', null, 30, []], // February 2026 has 28 days
    ['2024-02-01', '2024-03-01', null, 30, []], // 2024 is a leap year
    ['2026-03-10', '2026-03-09', '理由', 0, ['endsOn']],
    ['2026-03-10', '2026-03-10', null, 1, ['periodReason']],
  ];
  for (const [s, e, reason, days, fields] of cases) {
    if (days) assert.equal(periodDays(s, e), days, `${s}…${e}`);
    assert.deepEqual(Object.keys(checkPeriod(s, e, reason)), fields, `${s}…${e} ${reason}`);
  }
});

test('phase and countdown: the end date is the last day to comment', () => {
  const cases: [string, string, string, string, string][] = [
    ['2026-03-01', '2026-03-30', '2026-02-28', 'upcoming', '2026-03-01 开始征求意见'],
    ['2026-03-01', '2026-03-30', '2026-03-01', 'open', '还剩 29 天'],
    ['2026-03-01', '2026-03-30', '2026-03-29', 'open', '还剩 1 天'],
    ['2026-03-01', '2026-03-30', '2026-03-30', 'open', '今天截止'],
    ['2026-03-01', '2026-03-30', '2026-03-31', 'closed', '已截止'],
  ];
  for (const [s, e, today, p, text] of cases) {
    assert.equal(phase(s, e, today), p, today);
    assert.equal(countdownText(s, e, today), text, today);
  }
});

test('feedback due 30 days after the close (configurable); overdue the day after', () => {
  const cases: [string, number, string, boolean, boolean, number][] = [
    // endsOn, days, today, published, overdue, daysOverdue
    ['2026-03-30', 30, '2026-04-29', false, false, 0],
    ['2026-03-30', 30, '2026-04-30', false, true, 1],
    ['2026-03-30', 30, '2026-05-30', false, true, 31],
    ['2026-03-30', 30, '2026-05-30', true, false, 31],
    ['2026-12-20', 15, '2027-01-05', false, true, 1],
  ];
  for (const [endsOn, days, today, published, overdue, n] of cases) {
    assert.equal(feedbackOverdue({ endsOn, feedbackPublished: published }, today, days), overdue, `${endsOn}+${days} ${today}`);
    assert.equal(daysOverdue(endsOn, today, days), n);
  }
  assert.equal(feedbackDueOn('2026-03-30'), '2026-04-29');
  assert.deepEqual(settings({}), { feedbackDays: 30, concentratedMin: 5 });
  assert.deepEqual(settings({ CONSULTATION_FEEDBACK_DAYS: '20', CONSULTATION_CONCENTRATED_MIN: '3' }), { feedbackDays: 20, concentratedMin: 3 });
  assert.deepEqual(settings({ CONSULTATION_FEEDBACK_DAYS: 'x', CONSULTATION_CONCENTRATED_MIN: '0' }), { feedbackDays: 30, concentratedMin: 5 });
});

test('an opinion: reasons mandatory for 部分采纳 and 不予采纳, and for a concentrated one not adopted', () => {
  const o = (decision: any, reason: string, comments: number) => ({ id: 1, summary: '建议延长免费时段', decision, reason, comments });
  const cases: [ReturnType<typeof o>, number, RegExp | null][] = [
    [o(null, '', 1), 5, /尚未作出采纳决定/],
    [o('adopted', '', 9), 5, null],
    [o('not-needed', '', 4), 5, null],
    [o('not-needed', '', 5), 5, /相对集中.*须说明理由/],
    [o('not-needed', '', 5), 6, null],
    [o('partly', '', 1), 5, /部分采纳.*须说明理由/],
    [o('rejected', '', 1), 5, /不予采纳.*须说明理由/],
    [o('rejected', '与上位法不符', 12), 5, null],
  ];
  for (const [op, n, expect] of cases) {
    const p = opinionProblem(op, n);
    if (expect) assert.match(p ?? '', expect);
    else assert.equal(p, null);
  }
  assert.deepEqual(feedbackBlockers({ phase: 'open', opinions: [], ungrouped: 0 }), ['征求意见尚未截止，不能公布采纳情况']);
  assert.equal(feedbackBlockers({ phase: 'closed', opinions: [o('rejected', '', 6)], ungrouped: 2 }).length, 2);
  assert.deepEqual(feedbackBlockers({ phase: 'closed', opinions: [o('adopted', '', 6)], ungrouped: 0 }), []);
});

test('counts: comments received by form (refused ones included), opinions by decision, concentrated', () => {
  const comments = [
    { form: 'online', status: 'published' },
    { form: 'online', status: 'rejected' },
    { form: 'online', status: 'pending' },
    { form: 'hearing', status: 'published' },
    { form: 'media', status: 'published' },
  ];
  const opinions = [
    { decision: 'adopted' as const, comments: 5 },
    { decision: 'rejected' as const, comments: 2 },
    { decision: null, comments: 1 },
  ];
  const c = feedbackCounts(comments, opinions);
  assert.equal(c.received, 5);
  assert.deepEqual(c.byForm, { online: 3, hearing: 1, forum: 0, consult: 0, media: 1 });
  assert.equal(c.published, 3);
  assert.equal(c.notPublished, 1);
  assert.deepEqual(c.byDecision, { adopted: 1, partly: 0, rejected: 1, 'not-needed': 0 });
  assert.equal(c.opinions, 3);
  assert.equal(c.concentrated, 1);
  assert.equal(feedbackCounts(comments, opinions, 2).concentrated, 2);
});

test('articles: each block addressable, labelled by its 第×条; paragraph diff', () => {
  const a = articlesOf('<h2>总则</h2><p>第一条 目的。</p><p>第二条 适用范围。</p><p>附：说明</p><p> </p><ul><li>一项</li></ul>');
  assert.deepEqual(a.map((x) => [x.key, x.label]), [['a1', '第1段'], ['a2', '第一条'], ['a3', '第二条'], ['a4', '第4段'], ['a5', '第5段']]);
  assert.deepEqual(diffParagraphs(['甲', '乙', '丙'], ['甲', '乙改', '丙', '丁']), [
    { op: 'same', text: '甲' },
    { op: 'removed', text: '乙' },
    { op: 'added', text: '乙改' },
    { op: 'same', text: '丙' },
    { op: 'added', text: '丁' },
  ]);
});
