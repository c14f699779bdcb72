/**
 * Seed data for the taxonomies of the disclosure catalog.
 *
 * - TOPICS: 主题分类 — the gov.cn (中国政府网 / 国务院政策文件库) subject tree.
 * - GENRES: 体裁分类 — the 15 公文文种 of 《党政机关公文处理工作条例》 that a district
 *   government actually uses, plus the usual non-公文 genres of disclosure catalogs.
 * - DOC_KINDS: 文件类型 (规章 / 行政规范性文件 / 其他文件) — a separate axis, NOT a genre.
 * - COLUMNS: 公开目录栏目 of a district government's 政府信息公开 catalog.
 * - ART20_CATEGORIES: the 15 items of Art. 20 of the 2019 政府信息公开条例.
 *
 * Pure data: no I/O at import time. Codes are stable ASCII slugs (pinyin initials);
 * child codes are `<parent>.<slug>`. `position` orders siblings, starting at 1.
 */

export interface TermSeed {
  code: string;
  label: string;
  parent?: string;
  position: number;
}

type Branch = [code: string, label: string, children: [code: string, label: string][]];

function tree(branches: Branch[]): TermSeed[] {
  const out: TermSeed[] = [];
  branches.forEach(([code, label, children], i) => {
    out.push({ code, label, position: i + 1 });
    children.forEach(([c, l], j) => out.push({ code: `${code}.${c}`, label: l, parent: code, position: j + 1 }));
  });
  return out;
}

/**
 * 主题分类. Top-level categories and their second-level subcategories follow the
 * subject facet ("zhutitag") of the gov.cn policy-library search, verbatim and in the same
 * order. gov.cn has 22 top-level entries; its first one, 国务院组织机构 (国务院 / 国务院办公厅 /
 * 组成部门 / 直属机构 …), only classifies State Council bodies and is deliberately left out
 * for a district catalog (organisation information goes to the 机构职能 column instead),
 * leaving the 21 categories below. As on gov.cn, 民族、宗教 / 港澳台侨工作 / 国防 have no
 * 其他 child and the top-level 其他 has no children.
 */
export const TOPICS: TermSeed[] = tree([
  ['zhzw', '综合政务', [
    ['zwgk', '政务公开'], ['zwdc', '政务督查'], ['yjgl', '应急管理'], ['dzzw', '电子政务'], ['wmgz', '文秘工作'],
    ['bmgz', '保密工作'], ['xf', '信访'], ['csws', '参事、文史'], ['qt', '其他'],
  ]],
  ['gmjj', '国民经济管理、国有资产监管', [
    ['hgjj', '宏观经济'], ['jjtzgg', '经济体制改革'], ['tj', '统计'], ['wj', '物价'], ['gyzc', '国有资产监管'],
    ['zdxm', '重大建设项目'], ['qt', '其他'],
  ]],
  ['czjr', '财政、金融、审计', [
    ['cz', '财政'], ['sw', '税务'], ['yh', '银行'], ['hb', '货币（含外汇）'], ['zq', '证券'], ['bx', '保险'],
    ['shxy', '社会信用体系建设'], ['sj', '审计'], ['qt', '其他'],
  ]],
  ['gtny', '国土资源、能源', [
    ['td', '土地'], ['kc', '矿产'], ['szy', '水资源'], ['hy', '海洋'], ['mt', '煤炭'], ['sytrq', '石油与天然气'],
    ['dl', '电力'], ['qt', '其他'],
  ]],
  ['nlsl', '农业、林业、水利', [
    ['nmy', '农业、畜牧业、渔业'], ['ly', '林业'], ['sl', '水利'], ['qt', '其他'],
  ]],
  ['gyjt', '工业、交通', [
    ['jxzz', '机械制造与重工业'], ['qgfz', '轻工纺织'], ['hg', '化工'], ['gfgy', '国防工业'], ['hthk', '航天、航空'],
    ['xxcy', '信息产业（含电信）'], ['gl', '公路'], ['sy', '水运'], ['tl', '铁路'], ['mh', '民航'], ['yz', '邮政'],
    ['qt', '其他'],
  ]],
  ['smhl', '商贸、海关、旅游', [
    ['dwjm', '对外经贸合作'], ['gnmy', '国内贸易（含供销）'], ['hg', '海关'], ['jyjy', '检验、检疫'], ['ly', '旅游'],
    ['qt', '其他'],
  ]],
  ['scaq', '市场监管、安全生产监管', [
    ['gs', '工商'], ['zljd', '质量监督'], ['bz', '标准'], ['spyp', '食品药品监管'], ['aqsc', '安全生产监管'],
    ['qt', '其他'],
  ]],
  ['cxhb', '城乡建设、环境保护', [
    ['csgh', '城市规划'], ['cxjs', '城乡建设（含住房）'], ['hjbh', '环境监测、保护与治理'], ['jnzy', '节能与资源综合利用'],
    ['qxsw', '气象、水文、测绘、地震'], ['qt', '其他'],
  ]],
  ['kjjy', '科技、教育', [
    ['kj', '科技'], ['jy', '教育'], ['zscq', '知识产权'], ['qt', '其他'],
  ]],
  ['whgd', '文化、广电、新闻出版', [
    ['wh', '文化'], ['ww', '文物'], ['xwcb', '新闻出版'], ['gbds', '广播、电影、电视'], ['qt', '其他'],
  ]],
  ['wsty', '卫生、体育', [
    ['ws', '卫生'], ['yygl', '医药管理'], ['ty', '体育'], ['qt', '其他'],
  ]],
  ['rkfn', '人口与计划生育、妇女儿童工作', [
    ['rkjs', '人口与计划生育'], ['fnet', '妇女儿童'], ['qt', '其他'],
  ]],
  ['ldrs', '劳动、人事、监察', [
    ['ldjy', '劳动就业'], ['shbz', '社会保障'], ['rsgz', '人事工作'], ['jzaz', '军转安置'], ['jc', '监察'],
    ['jfbz', '纠正行业不正之风'], ['qt', '其他'],
  ]],
  ['gasf', '公安、安全、司法', [
    ['ga', '公安'], ['gjaq', '国家安全'], ['sf', '司法'], ['qt', '其他'],
  ]],
  ['mzfp', '民政、扶贫、救灾', [
    ['jzjz', '减灾救灾'], ['yfaz', '优抚安置'], ['shfl', '社会福利'], ['xzqh', '行政区划与地名'], ['stgl', '社团管理'],
    ['fp', '扶贫'], ['qt', '其他'],
  ]],
  ['mzzj', '民族、宗教', [
    ['mzsw', '民族事务'], ['zjsw', '宗教事务'],
  ]],
  ['dwsw', '对外事务', [
    ['wjws', '外交、外事'], ['gjty', '国际条约、国际组织'], ['qt', '其他'],
  ]],
  ['gatq', '港澳台侨工作', [
    ['gagz', '港澳工作'], ['dtgz', '对台工作'], ['qwgz', '侨务工作'],
  ]],
  ['gf', '国防', [
    ['gfjs', '国防建设'], ['gfdy', '国防动员'],
  ]],
  ['qt', '其他', []],
]);

/**
 * 体裁分类. The first block is the 公文文种 list of 《党政机关公文处理工作条例》(2012) minus
 * 决议 (a Party/congress genre a district government does not issue); 公报 is kept because
 * district statistics bureaus publish 统计公报. The second block holds the non-公文 genres
 * that disclosure catalogs use. 规章 and 行政规范性文件 are document kinds (DOC_KINDS), not genres.
 */
export const GENRES: TermSeed[] = ([
  ['mingling', '命令（令）'],
  ['jueding', '决定'],
  ['gongbao', '公报'],
  ['gonggao', '公告'],
  ['tonggao', '通告'],
  ['yijian', '意见'],
  ['tongzhi', '通知'],
  ['tongbao', '通报'],
  ['baogao', '报告'],
  ['qingshi', '请示'],
  ['pifu', '批复'],
  ['yian', '议案'],
  ['han', '函'],
  ['jiyao', '纪要'],
  ['guiding', '规定'],
  ['banfa', '办法'],
  ['xize', '细则'],
  ['guihua', '规划'],
  ['fangan', '方案'],
  ['jihua', '计划'],
  ['yaodian', '要点'],
  ['zongjie', '总结'],
  ['jiedu', '解读'],
  ['gongshi', '公示'],
  ['qita', '其他'],
] as const).map(([code, label], i) => ({ code, label, position: i + 1 }));

type DocKind = 'rule' | 'normative' | 'other';

export interface DocKindSeed {
  code: DocKind;
  label: string;
  position: number;
}

/**
 * 文件类型. A district government (县级) has no rule-making power, so its own documents are
 * `normative` or `other`; `rule` (规章) exists for imported provincial / municipal rules.
 */
export const DOC_KINDS: DocKindSeed[] = [
  { code: 'rule', label: '规章', position: 1 },
  { code: 'normative', label: '行政规范性文件', position: 2 },
  { code: 'other', label: '其他文件', position: 3 },
];

/**
 * 公开目录栏目 of a district government's 政府信息公开 catalog. The catalog page of the real
 * 2020 work plan shows the 分类 "信息公开制度"; that item lives in `zd`. "失效文件" is not a
 * column: it is derived from each item's validity. Besides the columns every district catalog
 * has, 重点领域 also carries 就业创业 / 社会救助 / 食品药品监管 / 乡村振兴 (areas of the 26-area
 * 基层政务公开 standard and of Art. 21), and `qtxx` catches other statutory items (e.g. the
 * annual 法治政府建设 report).
 */
export const COLUMNS: TermSeed[] = tree([
  ['zd', '政府信息公开制度', []],
  ['jgzn', '机构职能', [
    ['jgsz', '机构设置'], ['znzz', '职能职责'],
  ]],
  ['zcwj', '政策文件', [
    ['qzfwj', '区政府文件'], ['qzfbwj', '区政府办公室文件'], ['bmwj', '部门文件'], ['zcjd', '政策解读'],
  ]],
  ['ghxx', '规划信息', [
    ['fzgh', '发展规划'], ['zxgh', '专项规划'],
  ]],
  ['czxx', '财政信息', [
    ['yjs', '预决算'], ['sgjf', '三公经费'],
  ]],
  ['xzql', '行政权力', [
    ['qzqd', '权责清单'], ['xzxk', '行政许可'], ['xzcf', '行政处罚'], ['sfxm', '行政事业性收费'],
  ]],
  ['zdly', '重点领域信息公开', [
    ['ywjy', '义务教育'], ['ylws', '医疗卫生'], ['zdzs', '征地征收'], ['aqsc', '安全生产'], ['zdxm', '重大建设项目'],
    ['ggzy', '公共资源配置'], ['shgy', '社会公益事业'], ['jycy', '就业创业'], ['shjz', '社会救助'],
    ['spyp', '食品药品监管'], ['xczx', '乡村振兴'],
  ]],
  ['rsxx', '人事信息', [
    ['zkly', '招考录用'],
  ]],
  ['tjxx', '统计信息', []],
  ['yjgl', '应急管理', [
    ['yjya', '应急预案'], ['yjxx', '预警信息与应对'],
  ]],
  ['jyta', '建议提案办理', [
    ['rdjy', '人大代表建议'], ['zxta', '政协提案'],
  ]],
  ['qtxx', '其他法定主动公开内容', []],
  ['nb', '政府信息公开年报', []],
]);

/** Art. 20 of the 2019 政府信息公开条例: the 15 categories every organ must proactively disclose. */
export const ART20_CATEGORIES: { no: number; label: string }[] = [
  { no: 1, label: '行政法规、规章和规范性文件' },
  { no: 2, label: '机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名' },
  { no: 3, label: '国民经济和社会发展规划、专项规划、区域规划及相关政策' },
  { no: 4, label: '国民经济和社会发展统计信息' },
  { no: 5, label: '办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果' },
  { no: 6, label: '实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定' },
  { no: 7, label: '财政预算、决算信息' },
  { no: 8, label: '行政事业性收费项目及其依据、标准' },
  { no: 9, label: '政府集中采购项目的目录、标准及实施情况' },
  { no: 10, label: '重大建设项目的批准和实施情况' },
  { no: 11, label: '扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况' },
  { no: 12, label: '突发公共事件的应急预案、预警信息及应对情况' },
  { no: 13, label: '环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况' },
  { no: 14, label: '公务员招考的职位、名额、报考条件等事项以及录用结果' },
  { no: 15, label: '法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息' },
];
