// The topical part of the evaluation set, written by hand: a query as the public types it and the
// title rules that judge the corpus for it (grade 2 = the title is about exactly this; grade 1 = the
// title is about the wider subject or a closely related one). Titles only: the 32,141 title records
// have no body, and a law whose title does not name the subject is not judged relevant even if one of
// its articles mentions it. The rules were written by reading the matching titles (and a sample of the
// near misses) in the corpus, and tightened where they caught unrelated titles.
import type { CorpusRecord } from './corpus.ts';

export interface Topic {
  q: string;
  note: string;
  /** First matching rule wins. */
  rules: [grade: 2 | 1, title: RegExp][];
  /** Titles never relevant even if a rule matches. */
  not?: RegExp;
}

export const TOPICS: Topic[] = [
  { q: '义务教育招生', note: '义务教育阶段的招生入学', rules: [[2, /义务教育.*(招生|入学)|(招生|入学).*义务教育/], [1, /(小学|初中|中小学).*(招生|入学)|义务教育/]] },
  { q: '政务公开工作要点', note: '年度政务公开工作要点', rules: [[2, /政务公开工作要点/], [1, /政务公开/]] },
  { q: '行政许可事项清单', note: '行政许可事项清单及其管理', rules: [[2, /行政许可事项清单/], [1, /行政许可/]] },
  { q: '安全生产责任制', note: '安全生产责任', rules: [[2, /安全生产.*责任|责任.*安全生产/], [1, /安全生产/]] },
  { q: '低保 最低生活保障', note: '最低生活保障', rules: [[2, /最低生活保障|低保/], [1, /社会救助|特困人员/]] },
  { q: '优化营商环境', note: '营商环境', rules: [[2, /营商环境/], [1, /放管服|市场主体/]] },
  { q: '食品安全', note: '食品安全', rules: [[2, /食品安全/], [1, /食品/]], not: /非食品/ },
  { q: '大气污染防治', note: '大气污染防治', rules: [[2, /大气污染/], [1, /空气质量|蓝天保卫战|污染防治/]] },
  { q: '老旧小区改造', note: '城镇老旧小区改造', rules: [[2, /老旧小区/], [1, /棚户区改造|城镇.*改造/]] },
  { q: '城乡居民医疗保险', note: '城乡居民（基本）医疗保险', rules: [[2, /城乡居民.*医疗保险|居民基本医疗保险/], [1, /医疗保险|医疗保障|医保/]] },
  { q: '养老服务', note: '养老服务体系与机构', rules: [[2, /养老服务/], [1, /养老|老年人/]], not: /养老保险/ },
  { q: '乡村振兴', note: '乡村振兴', rules: [[2, /乡村振兴/], [1, /脱贫攻坚|农业农村现代化|美丽乡村/]] },
  { q: '消防安全管理', note: '消防', rules: [[2, /消防/], [1, /火灾/]] },
  { q: '个人信息保护', note: '个人信息保护', rules: [[2, /个人信息/], [1, /数据安全|网络安全/]] },
  { q: '知识产权保护', note: '知识产权', rules: [[2, /知识产权/], [1, /专利|商标|著作权/]] },
  { q: '住房公积金', note: '住房公积金', rules: [[2, /住房公积金/], [1, /住房保障|保障性住房|公租房/]] },
  { q: '突发公共卫生事件应急', note: '突发公共卫生事件', rules: [[2, /突发公共卫生事件/], [1, /传染病|疫情防控|公共卫生应急/]] },
  { q: '河长制', note: '河长制、湖长制', rules: [[2, /河长制|湖长制|河湖长/], [1, /河道管理|河湖管理|河湖保护/]] },
  { q: '政府信息公开', note: '政府信息公开', rules: [[2, /政府信息公开/], [1, /政务公开/]] },
  { q: '拖欠农民工工资', note: '农民工工资支付', rules: [[2, /农民工.*工资|工资.*农民工|欠薪/], [1, /工资支付|农民工/]] },
  { q: '物业管理条例', note: '物业管理', rules: [[2, /物业管理/], [1, /物业/]] },
  { q: '垃圾分类', note: '生活垃圾分类', rules: [[2, /垃圾分类|生活垃圾/], [1, /垃圾|固体废物/]] },
  { q: '政府工作报告', note: '政府工作报告', rules: [[2, /政府工作报告/]] },
  { q: '法律援助', note: '法律援助', rules: [[2, /法律援助/], [1, /公共法律服务/]] },
  { q: '残疾人就业', note: '残疾人就业', rules: [[2, /残疾人.*就业|就业.*残疾人/], [1, /残疾人/]] },
  { q: '高标准农田建设', note: '高标准农田', rules: [[2, /高标准农田/], [1, /农田建设|耕地保护|农田水利/]] },
  { q: '新能源汽车充电', note: '新能源汽车与充电设施', rules: [[2, /新能源汽车|充电(基础)?设施|充电桩/], [1, /电动汽车|汽车.*(消费|产业)/]] },
  { q: '预算执行情况', note: '财政预算执行', rules: [[2, /预算执行/], [1, /预算|决算/]] },
  { q: '历史文化名城保护', note: '历史文化名城、街区、名镇名村', rules: [[2, /历史文化名城|历史文化街区|历史文化名镇|历史文化名村/], [1, /历史文化|文物保护/]] },
  { q: '行政复议', note: '行政复议', rules: [[2, /行政复议/], [1, /行政诉讼|行政应诉/]] },
  { q: '野生动物保护', note: '野生动物保护', rules: [[2, /野生动物/], [1, /自然保护区|生物多样性|湿地保护/]] },
  { q: '电动自行车管理', note: '电动自行车', rules: [[2, /电动自行车/], [1, /非机动车/]] },
];

/** The judged documents of a topic, grade 2 first, then in corpus order. */
export function judgeTopic(topic: Topic, corpus: CorpusRecord[]): { key: string; grade: number }[] {
  const out: { key: string; grade: number }[] = [];
  for (const r of corpus) {
    if (topic.not?.test(r.title)) continue;
    const rule = topic.rules.find(([, re]) => re.test(r.title));
    if (rule) out.push({ key: r.key, grade: rule[0] });
  }
  return out.sort((a, b) => b.grade - a.grade);
}
