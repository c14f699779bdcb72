// 重点任务 rules, table-driven with real dates: percent validation, milestone lines, weighted roll-up,
// the derived status (未开始 / 推进中 / 已完成 / 滞后) and a finding's public status.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkPercent, findingStatus, parseMilestones, rollupProgress, taskStatus, type Milestone } from './rules.ts';

describe('重点任务: rules', () => {
  it('percent: 0–100 integers; 130 % and others named in Chinese', () => {
    const cases: [unknown, number | string][] = [
      ['0', 0], ['100', 100], ['65%', 65], [' 40 ％', 40], [80, 80],
      ['130', '完成进度应在 0% 到 100% 之间（填写的是 130%）'],
      ['130%', '完成进度应在 0% 到 100% 之间（填写的是 130%）'],
      ['-5', '完成进度应在 0% 到 100% 之间（填写的是 -5%）'],
      ['12.5', '完成进度应为整数（填写的是 12.5%）'],
      ['过半', '完成进度应为 0 到 100 之间的整数，“过半”不是数字'],
      ['', '请填写完成进度（0 到 100 之间的整数）'],
    ];
    for (const [raw, want] of cases) {
      const r = checkPercent(raw);
      assert.deepEqual(typeof want === 'number' ? r.value : r.error, want, String(raw));
    }
  });

  it('milestone lines: date and title, optional 完成于; bad lines named', () => {
    const ok = parseMilestones('2020-09-30 全面推开改革 \n2020-06-30 完成方案制定 完成于 2020-06-28\n\n2020-12-31｜总结评估｜');
    assert.deepEqual(ok.errors, []);
    assert.deepEqual(ok.items, [
      { title: '完成方案制定', due: '2020-06-30', done: '2020-06-28' },
      { title: '全面推开改革', due: '2020-09-30', done: null },
      { title: '总结评估', due: '2020-12-31', done: null },
    ]);
    const bad = parseMilestones('2020-02-30 不存在的日期\n方案\n2020-06-30 完成方案 完成于 六月底');
    assert.deepEqual(bad.errors, [
      '第 1 行应为“目标日期 节点名称”，如 2020-06-30 完成方案制定（已完成的加“ 完成于 2020-06-28”）',
      '第 2 行应为“目标日期 节点名称”，如 2020-06-30 完成方案制定（已完成的加“ 完成于 2020-06-28”）',
      '第 3 行的完成日期“六月底”不是有效日期（YYYY-MM-DD）',
    ]);
  });

  it("a parent's progress is its children's weighted mean, recursively", () => {
    const p = rollupProgress([
      { id: 1, parentId: null, weight: 1, own: 0 },
      { id: 2, parentId: 1, weight: 3, own: 100 },
      { id: 3, parentId: 1, weight: 1, own: 20 },
      { id: 4, parentId: null, weight: 1, own: 0 },
      { id: 5, parentId: 4, weight: 1, own: 50 },
      { id: 6, parentId: 4, weight: 1, own: 0 },
      { id: 7, parentId: 6, weight: 2, own: 90 },
      { id: 8, parentId: 6, weight: 2, own: 30 },
      { id: 9, parentId: 99, weight: 1, own: 33 },
    ]);
    // 1: (3·100 + 1·20) / 4 = 80; 6: (90+30)/2 = 60; 4: (50 + 60)/2 = 55; 9's parent is not listed: a root.
    assert.deepEqual([...p.entries()], [[1, 80], [2, 100], [3, 20], [4, 55], [5, 50], [6, 60], [7, 90], [8, 30], [9, 33]]);
    assert.equal(rollupProgress([{ id: 1, parentId: null, weight: 1, own: 0 }, { id: 2, parentId: 1, weight: 2, own: 33 }, { id: 3, parentId: 1, weight: 1, own: 34 }]).get(1), 33); // 100/3 rounds to 33
  });

  it('status from milestones, published reports and today', () => {
    const ms = (...m: [string, string | null][]): Milestone[] => m.map(([due, done], i) => ({ title: `节点${i + 1}`, due, done }));
    const cases: [string, Parameters<typeof taskStatus>[0], string, string][] = [
      ['nothing yet', { progress: 0, milestones: ms(['2020-06-30', null]), reports: 0, today: '2020-03-01' }, '未开始', '尚无公开的进展报告'],
      ['a report, on time', { progress: 30, milestones: ms(['2020-06-30', null]), reports: 1, today: '2020-04-01' }, '推进中', '完成进度 30%'],
      ['target day itself is on time', { progress: 30, milestones: ms(['2020-06-30', null]), reports: 1, today: '2020-06-30' }, '推进中', '完成进度 30%'],
      ['a milestone passed', { progress: 30, milestones: ms(['2020-06-30', null]), reports: 1, today: '2020-07-01' }, '滞后', '节点“节点1”应于 2020-06-30 完成，尚未完成'],
      ['milestone reached, late report-less', { progress: 0, milestones: ms(['2020-06-30', '2020-06-29']), reports: 0, today: '2020-07-01' }, '推进中', '完成进度 0%'],
      ['passed before any report', { progress: 0, milestones: ms(['2020-06-30', null]), reports: 0, today: '2020-12-01' }, '滞后', '节点“节点1”应于 2020-06-30 完成，尚未完成'],
      ['end date passed', { progress: 90, milestones: [], reports: 3, today: '2021-01-01', endsOn: '2020-12-31' }, '滞后', '应于 2020-12-31 完成，完成进度 90%'],
      ['100 % and all reached', { progress: 100, milestones: ms(['2020-06-30', '2020-06-30'], ['2020-12-31', '2020-11-20']), reports: 4, today: '2021-03-01', endsOn: '2020-12-31' }, '已完成', '完成进度 100%'],
      ['100 % but a milestone open', { progress: 100, milestones: ms(['2020-06-30', '2020-06-30'], ['2020-12-31', null]), reports: 4, today: '2021-01-05' }, '滞后', '节点“节点2”应于 2020-12-31 完成，尚未完成'],
    ];
    for (const [name, input, status, reason] of cases) assert.deepEqual(taskStatus(input), { status, reason }, name);
  });

  it("a finding's public status", () => {
    const cases: [string, string | null, string, string][] = [
      ['2020-10-31', null, '2020-10-31', '整改中'],
      ['2020-10-31', null, '2020-11-01', '逾期未整改'],
      ['2020-10-31', '2020-10-20', '2020-12-01', '已整改'],
      ['2020-10-31', '2020-11-15', '2020-12-01', '逾期整改'],
    ];
    for (const [due, done, today, want] of cases) assert.equal(findingStatus(due, done, today), want, `${due} ${done} ${today}`);
  });
});
