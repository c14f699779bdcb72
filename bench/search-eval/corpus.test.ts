// The corpus loader: law lines and title rows → gongkai document records (pure parts), and the real
// files when ../shared/data is present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyHtml, cnDate, corpusAvailable, issuingBody, lawBodyText, lawRecord, loadLaws, loadTitles, titleIssuer, titleRecords, type LawLine } from './corpus.ts';

const law = (over: Partial<LawLine> = {}): LawLine => ({
  id: 'db47fa9a3ca7477da615e6714db5533f',
  path: 'DLC/上海地方法规/地方性法规/上海/上海市中华鲟保护管理条例(2020-05-14).md',
  collection: '上海地方法规',
  category: '地方性法规',
  title: '上海市中华鲟保护管理条例',
  subtitle: null,
  file_date: '2020-05-14',
  history: ['2020年5月14日 上海市第十五届人民代表大会常务委员会第二十一次会议通过'],
  level: '地方性法规',
  publish: '2020-05-14',
  valid_from: '2020-06-06',
  expired: false,
  body: '## 第一章  总则\n\n第一条 为了加强中华鲟保护管理，\n维护长江生物多样性。\n\n第二条 本市行政区域内适用本条例。',
  ...over,
});

test('law line → record: title, body paragraphs, issuing body, validity, date, stable key', () => {
  const r = lawRecord(law())!;
  assert.deepEqual(r, {
    key: 'law:db47fa9a3ca7477da615e6714db5533f',
    source: 'law',
    title: '上海市中华鲟保护管理条例',
    body: '第一章 总则\n\n第一条 为了加强中华鲟保护管理，维护长江生物多样性。\n\n第二条 本市行政区域内适用本条例。',
    publisher: '上海市人民代表大会常务委员会',
    validity: '有效',
    publishedOn: '2020-05-14',
    docNo: null,
    group: '地方性法规',
  });
  const expired = lawRecord(law({ id: null, expired: true, publish: null, file_date: null, valid_from: null, history: ['1999年3月5日 国务院第1次常务会议通过'], level: '行政法规' }))!;
  assert.equal(expired.validity, '失效');
  assert.equal(expired.publisher, '国务院');
  assert.equal(expired.publishedOn, '1999-03-05');
  assert.match(expired.key, /^law:[0-9a-f]{12}$/);
  assert.equal(lawRecord(law({ id: null }))!.key, lawRecord(law({ id: null }))!.key, 'hash keys are stable');
  assert.equal(lawRecord(law({ title: '_index' })), null);
  assert.equal(lawRecord(law({ body: '---\nbookCollapseSection: true\n---' })), null);
  // no history, no body named in the title: the level
  assert.equal(lawRecord(law({ history: [], title: '某某条例' }))!.publisher, '地方性法规');
});

test('issuing bodies and dates', () => {
  assert.equal(issuingBody(['2018年12月29日第十三届全国人民代表大会常务委员会第七次会议通过'], 'x'), '全国人民代表大会常务委员会');
  assert.equal(issuingBody(['1982年12月4日第五届全国人民代表大会第五次会议通过'], 'x'), '全国人民代表大会');
  assert.equal(issuingBody(['2001年1月1日 青岛市第十二届人民代表大会常务委员会第二十次会议通过'], 'x'), '青岛市人民代表大会常务委员会');
  assert.equal(issuingBody([], '最高人民法院关于审理劳动争议案件适用法律问题的解释'), '最高人民法院');
  assert.equal(issuingBody([], '某条例'), null);
  assert.equal(cnDate('2018年2月3日 修正'), '2018-02-03');
  assert.equal(cnDate('无日期'), null);
  assert.equal(lawBodyText('---\na: 1\n---\n## 第一章\n\n正文  一\n二'), '第一章\n\n正文 一二');
  assert.equal(bodyHtml('甲<乙\n\n丙&'), '<p>甲&lt;乙</p><p>丙&amp;</p>');
});

test('title rows → records: issuer from the title or the source, 文号 joined on the URL, duplicates dropped', () => {
  const rows = [
    { source: 'Guangdong Provincial Government', url: 'http://a/1', title: '广东省人民政府关于调整一批省级行政职权事项的决定', issue_date: '2023-09-13', publish_date: '2023-09-25' },
    { source: 'State Council', url: 'http://a/2', title: '  政府工作报告  ', issue_date: '2023-03-05', publish_date: '' },
    { source: 'State Council', url: 'http://a/2', title: '重复', issue_date: '', publish_date: '' },
    { source: 'State Council', url: 'http://a/3', title: '短', issue_date: '', publish_date: '' },
  ];
  const recs = titleRecords(rows, new Map([['http://a/1', '粤府〔2023〕79号']]));
  assert.equal(recs.length, 2);
  assert.equal(recs[0].publisher, '广东省人民政府');
  assert.equal(recs[0].docNo, '粤府〔2023〕79号');
  assert.equal(recs[0].publishedOn, '2023-09-25');
  assert.equal(recs[0].body, '');
  assert.equal(recs[1].title, '政府工作报告');
  assert.equal(recs[1].publisher, '国务院');
  assert.equal(recs[1].publishedOn, '2023-03-05');
  assert.equal(recs[1].docNo, null);
  assert.equal(titleIssuer('国务院办公厅关于印发某方案的通知'), '国务院办公厅');
  assert.equal(titleIssuer('关于印发某方案的通知'), null);
});

test('the real corpus loads with unique keys', { skip: !corpusAvailable() && 'shared data not present' }, () => {
  const laws = loadLaws();
  const titles = loadTitles();
  assert.ok(laws.length > 3300 && laws.length <= 3445, `${laws.length} laws`);
  assert.ok(titles.length > 30000 && titles.length <= 34578, `${titles.length} titles`);
  const keys = new Set([...laws, ...titles].map((r) => r.key));
  assert.equal(keys.size, laws.length + titles.length);
  assert.ok(laws.filter((l) => l.validity === '失效').length >= 100);
  assert.ok(titles.filter((t) => t.docNo).length > 20000);
});
