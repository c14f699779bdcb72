// Builds src/features/search/dict/gov.txt, the government-domain jieba dictionary bundled with search.
// Run: node --import tsx scripts/build-gov-dict.ts [path/to/titles_dates.csv]
//
// Sources, in this order (a word keeps the first frequency it gets):
//  1. CURATED: 政务公开 vocabulary typed by hand (regulation terms, disclosure catalog items, organ
//     name parts); frequency 30000 so that jieba keeps them whole.
//  2. Taxonomy labels of src/features/taxonomy/seed-data.ts (主题分类, 体裁, 栏目, 文件类型), split on 、
//     and ，; frequency 20000.
//  3. Unit names of the demo installation (src/demo/units.ts); frequency 20000. (Installations add
//     their own unit names and terms at run time, see segment.ts.)
//  4. Frequent compounds of the 34,578 real government document titles in
//     shared/data/doc-numbers-cn/titles_dates.csv: runs of 2–3 consecutive jieba words (default
//     dictionary) that are 3–6 Han characters long, kept when seen in ≥ 20 titles, not already a word
//     of the default dictionary, not starting or ending with a function character (的 关 于 和 及 与
//     对 在 为 年 月 日 第 号 等 之 了 是 省 市 县 区 …), not containing genre / formula words (通知,
//     批复, 关于, 印发, 同志 …), and not part of a longer kept compound seen in ≥ 85% as many titles.
//     Frequency 3000 + 20 × titles, capped at 20000.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { TOPICS, GENRES, COLUMNS, DOC_KINDS } from '../src/features/taxonomy/seed-data.ts';
import { UNITS } from '../src/demo/units.ts';

const require = createRequire(import.meta.url);
const { Jieba } = require('@node-rs/jieba');
const { dict } = require('@node-rs/jieba/dict');

export const CURATED = `
政务公开 政府信息公开 政府信息公开条例 依申请公开 主动公开 不予公开 部分公开 政府信息公开申请 政府信息公开指南
政府信息公开目录 政府信息公开工作年度报告 政府信息公开年报 信息公开 政务公开工作要点 政务公开标准目录 基层政务公开
政务公开专栏 政务公开事项 标准目录 法定主动公开 公开目录 索引号 发文字号 发文机关 成文日期 发布日期 主题分类 体裁分类
有效性 失效 废止 已修改 行政许可 行政许可事项清单 行政许可事项 行政处罚 行政强制 行政征收 行政给付 行政裁决 行政确认
行政奖励 行政检查 权责清单 权力清单 责任清单 负面清单 公共服务事项清单 规范性文件 行政规范性文件 合法性审核 政策解读
政策文件 重大行政决策 重大行政决策程序 决策草案 征求意见 意见征集 意见采纳 听证会 政府常务会议 常务会议 人大代表建议
政协提案 建议提案 政府工作报告 工作要点 实施方案 实施意见 实施细则 管理办法 暂行办法 工作方案 工作计划 工作总结
义务教育 义务教育招生 招生入学 招生工作 招生方案 学区划分 中小学 幼儿园 学前教育 随迁子女 最低生活保障 低保
特困人员 社会救助 临时救助 城乡居民基本医疗保险 基本医疗保险 医疗保障 医保 养老保险 社会保险 公益性岗位 就业创业
稳就业 保就业 创业担保贷款 财政预算 财政决算 部门预算 部门决算 一般公共预算 政府性基金预算 三公经费 政府采购
集中采购目录 政府投资项目 重大建设项目 公共资源配置 公共资源交易 征地征收 土地征收 征收土地 国有土地上房屋征收
棚户区改造 老旧小区改造 城镇老旧小区改造 保障性住房 农村危房改造 安全生产 食品安全 药品安全 市场监管 双随机一公开
双随机 一公开 营商环境 放管服 证照分离 一网通办 政务服务 政务服务事项 12345热线 政务新媒体 政府网站 突发事件
应急预案 总体应急预案 防汛 汛期 秸秆禁烧 大气污染防治 生态环境 环境保护 国民经济和社会发展 统计公报 国民经济
五年规划 十四五 十四五规划 远景目标 乡村振兴 脱贫攻坚 扶贫项目 高标准农田 农田水利 土地承包经营权 村庄规划
国土空间规划 建设工程规划许可证 施工许可证 人民政府 人民政府办公室 办公室 发展和改革局 教育局 卫生健康委员会
财政局 自然资源和规划局 人力资源和社会保障局 住房和城乡建设局 市场监督管理局 医疗保障局 应急管理局 统计局 民政局
街道办事处 公务员 事业单位 公开招聘 招聘公告 考试录用 政府信息 信息公开申请 答复 告知书 行政复议 行政诉讼
`;

const FUNCTION_CHARS = new Set([...'的关于和及与对在为年月日第号等之了是省市县区镇乡村各该其把被从向由以将']);

const jieba = Jieba.withDict(dict);
const baseWords = new Set<string>();
for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
  const w = line.split(' ')[0];
  if (w) baseWords.add(w);
}

const out = new Map<string, number>();
const add = (w: string, f: number) => {
  w = w.normalize('NFKC').trim();
  if (!w || /\s/.test(w) || out.has(w)) return;
  out.set(w, f);
};

for (const w of CURATED.split(/\s+/)) add(w, 30000);
for (const t of [...TOPICS, ...GENRES, ...COLUMNS, ...(DOC_KINDS as { label: string }[])]) {
  for (const part of t.label.split(/[、，,（）()\\/]/)) if ([...part].length >= 2) add(part, 20000);
}
for (const u of UNITS) add(u.name, 20000);

const file = process.argv[2] ?? new URL('../../shared/data/doc-numbers-cn/titles_dates.csv', import.meta.url).pathname;
let titles = 0;
if (fs.existsSync(file)) {
  const counts = new Map<string, number>();
  const lines = fs.readFileSync(file, 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const cols = line.split(',');
    if (cols.length < 5) continue;
    const title = cols.slice(2, cols.length - 2).join(',');
    titles++;
    const seen = new Set<string>();
    const toks = jieba.cut(title.normalize('NFKC'), false) as string[];
    for (let i = 0; i < toks.length; i++) {
      let g = toks[i];
      for (let k = i + 1; k < Math.min(toks.length, i + 3); k++) {
        g += toks[k];
        if (/^\p{Script=Han}{3,6}$/u.test(g)) seen.add(g);
      }
    }
    for (const g of seen) counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  const STOP = /的|关于|印发|转发|批转|通知|通报|批复|决定|公告|函|同志|任免|免职|任职|名单|第|届|号/;
  const cands = [...counts].filter(([g, c]) => {
    const cs = [...g];
    return c >= 20 && !FUNCTION_CHARS.has(cs[0]) && !FUNCTION_CHARS.has(cs[cs.length - 1]) && !STOP.test(g) && !baseWords.has(g);
  });
  // Drop fragments of a longer span that (almost) always surrounds them.
  const kept = cands.filter(([g, c]) => !cands.some(([h, d]) => d >= 0.85 * c && h.length > g.length && h.includes(g)));
  kept.sort((a, b) => b[1] - a[1]);
  for (const [g, c] of kept) add(g, Math.min(20000, 3000 + 20 * c));
}

const header = [
  '# gongkai government-domain dictionary for @node-rs/jieba (format: word freq [tag]).',
  '# Generated by scripts/build-gov-dict.ts — see that file for the method: curated 政务公开 terms,',
  `# taxonomy labels, demo unit names and frequent n-grams of ${titles} real government document titles`,
  '# (shared/data/doc-numbers-cn/titles_dates.csv). Do not edit by hand; edit the script and rerun.',
];
fs.writeFileSync(new URL('../src/features/search/dict/gov.txt', import.meta.url), header.join('\n') + '\n' + [...out].map(([w, f]) => `${w} ${f}`).join('\n') + '\n');
console.error(`gov.txt: ${out.size} words`);
