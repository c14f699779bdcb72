// The 施教区 matcher (issue 18): table-driven over a demo school district with real-looking addresses.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chineseNumber, formatSegment, matchZones, normaliseAddress, parseSegmentLine, segmentCovers, type RoadSegment, type Zone } from './address.ts';

const seg = (line: string): RoadSegment => {
  const r = parseSegmentLine(line);
  if ('error' in r) throw new Error(`${line}: ${r.error}`);
  return r;
};

const ZONES: Zone[] = [
  { school: '宿城区第一实验小学', roads: [seg('幸福中路 单号 1-199号'), seg('古楚路 全部'), seg('人民路 至99号')], communities: ['幸福社区', '古楚社区'] },
  { school: '宿城区实验小学幸福路校区', roads: [seg('幸福中路 双号 2-200号'), seg('幸福中路 单号 201号以上'), seg('新人民路')], communities: ['御景湾小区'] },
  { school: '耿车镇中心小学', roads: [seg('人民路 101-'), seg('黄河南路 双号')], communities: ['张庄村', '耿车社区居委会'] },
];

describe('施教区: normalising an address', () => {
  const cases: [string, string][] = [
    ['江苏省宿迁市宿城区幸福中路１２８号', '幸福中路128号'],
    ['宿城区 幸福中路 128 号 3 栋', '幸福中路128号3栋'],
    ['幸福中路一百二十八号', '幸福中路128号'],
    ['黄河南路十八弄', '黄河南路18弄'],
    ['古楚路128—130號', '古楚路128号'],
    ['（幸福社区）', '幸福社区'],
  ];
  for (const [input, want] of cases) it(`${input} → ${want}`, () => assert.equal(normaliseAddress(input), want));
  it('Chinese numerals', () => {
    for (const [s, n] of [['十八', 18], ['一百二十八', 128], ['二〇八', 208], ['三千零五', 3005], ['两百', 200], ['十', 10], ['路', null]] as const) assert.equal(chineseNumber(s), n, s);
  });
});

describe('施教区: a staff line becomes a segment', () => {
  const cases: [string, RoadSegment | string][] = [
    ['幸福中路 单号 1-199号', { road: '幸福中路', parity: 'odd', from: 1, to: 199 }],
    ['幸福中路 双号 2－200', { road: '幸福中路', parity: 'even', from: 2, to: 200 }],
    ['古楚路 全部', { road: '古楚路', parity: 'all', from: null, to: null }],
    ['古楚路', { road: '古楚路', parity: 'all', from: null, to: null }],
    ['幸福中路 单号 201号以上', { road: '幸福中路', parity: 'odd', from: 201, to: null }],
    ['人民路 101-', { road: '人民路', parity: 'all', from: 101, to: null }],
    ['人民路 至99号', { road: '人民路', parity: 'all', from: null, to: 99 }],
    ['人民路 ８号', { road: '人民路', parity: 'all', from: 8, to: 8 }],
    ['人民路 单号 99-1', '起号 99 大于止号 1'],
    ['张庄村', '不像道路名'],
    ['123', '应写作'],
  ];
  for (const [line, want] of cases) {
    it(line, () => {
      const r = parseSegmentLine(line);
      if (typeof want === 'string') assert.match('error' in r ? r.error : '', new RegExp(want));
      else assert.deepEqual(r, want);
    });
  }
  it('formats back to words', () => {
    assert.equal(formatSegment(seg('幸福中路 单号 1-199号')), '幸福中路 单号 1–199号');
    assert.equal(formatSegment(seg('幸福中路 双号 2-200')), '幸福中路 双号 2–200号');
    assert.equal(formatSegment(seg('幸福中路 单号 201号以上')), '幸福中路 单号 201号起');
    assert.equal(formatSegment(seg('古楚路')), '古楚路 全部');
    assert.equal(formatSegment(seg('人民路 至99号')), '人民路 至99号');
    assert.equal(segmentCovers(seg('幸福中路 单号 1-199号'), 199), true);
    assert.equal(segmentCovers(seg('幸福中路 单号 1-199号'), 198), false);
  });
});

describe('施教区: which school serves an address', () => {
  const cases: [string, string[], { uncertain?: boolean; needsNumber?: string[] }?][] = [
    ['幸福中路127号', ['宿城区第一实验小学']],
    ['江苏省宿迁市宿城区幸福中路１２８号３栋２０１室', ['宿城区实验小学幸福路校区']],
    ['幸福中路一百二十九号', ['宿城区第一实验小学']],
    ['幸福中路199号', ['宿城区第一实验小学']],
    ['幸福中路201号', ['宿城区实验小学幸福路校区']],
    ['幸福中路200号', ['宿城区实验小学幸福路校区']],
    ['幸福中路202号', []],
    ['幸福中路127-5号', ['宿城区第一实验小学']],
    ['古楚路18弄', ['宿城区第一实验小学']],
    ['古楚路', ['宿城区第一实验小学']],
    ['人民路99号', ['宿城区第一实验小学']],
    ['人民路100号', []],
    ['人民路101号', ['耿车镇中心小学']],
    ['新人民路5号', ['宿城区实验小学幸福路校区']],
    ['黄河南路18弄', ['耿车镇中心小学']],
    ['黄河南路17弄', []],
    ['张庄村3组', ['耿车镇中心小学']],
    ['耿车镇张庄', ['耿车镇中心小学']],
    ['张庄路8号', []],
    ['耿车社区', ['耿车镇中心小学']],
    ['御景湾', ['宿城区实验小学幸福路校区']],
    ['幸福社区', ['宿城区第一实验小学']],
    ['幸福中路', ['宿城区第一实验小学', '宿城区实验小学幸福路校区'], { uncertain: true, needsNumber: ['幸福中路'] }],
    ['火星路1号', []],
    ['路', []],
  ];
  for (const [q, schools, opts] of cases) {
    it(`${q} → ${schools.join('、') || '无'}`, () => {
      const r = matchZones(ZONES, q);
      assert.deepEqual([...new Set(r.matches.map((m) => m.school))].sort(), [...schools].sort());
      if (opts?.uncertain) assert.ok(r.matches.every((m) => !m.certain));
      else assert.ok(r.matches.every((m) => m.certain));
      assert.deepEqual(r.needsNumber, opts?.needsNumber ?? []);
    });
  }
  it('says which rule matched', () => {
    assert.deepEqual(matchZones(ZONES, '幸福中路128号').matches, [{ school: '宿城区实验小学幸福路校区', rule: '幸福中路 双号 2–200号', certain: true }]);
    assert.deepEqual(matchZones(ZONES, '张庄村').matches, [{ school: '耿车镇中心小学', rule: '社区/村：张庄村', certain: true }]);
    assert.equal(matchZones(ZONES, '幸福中路128号').number, 128);
  });
});
