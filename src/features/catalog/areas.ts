// The 26 areas of the grassroots standard catalog (domain.md §3.2): reference data seeded into
// catalog_areas (names are data, not an enum — an administrator may rename or add one later, and local
// catalogs use 自然资源 etc.). Order = the list's order.
export const AREAS_2019: readonly string[] = [
  '重大建设项目',
  '公共资源交易',
  '财政预决算',
  '安全生产',
  '税收管理',
  '征地补偿',
  '国有土地上房屋征收',
  '农村危房改造',
  '城乡规划',
  '生态环境',
  '公共文化服务',
  '扶贫',
  '救灾',
  '食品药品监管',
  '城市综合执法',
  '就业',
  '社会保险',
  '社会救助',
  '养老服务',
  '户籍管理',
  '涉农补贴',
  '义务教育',
  '卫生健康',
  '市政服务',
  '保障性住房',
  '公共法律服务',
];

/** 公开渠道和载体: the checkbox list of domain.md §3.3, in the published catalogs' order. */
export const CHANNELS: readonly string[] = [
  '政府网站',
  '两微一端',
  '广播电视',
  '公开查阅点',
  '便民服务站',
  '政府公报',
  '发布会/听证会',
  '纸质媒体',
  '政务服务中心',
  '入户/现场',
  '社区/企事业单位/村公示栏（电子屏）',
  '精准推送',
  '其他',
];

/** 公开对象 (the official label is 特定群众). */
export const AUDIENCES = ['全社会', '特定群众'] as const;
/** 公开方式. */
export const MODES = ['主动', '依申请'] as const;
/** 公开层级. */
export const LEVELS = ['县级', '乡级'] as const;
