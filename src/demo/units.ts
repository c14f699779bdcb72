/**
 * Demo publishing units (发布机构) of the 宿城区 disclosure platform.
 *
 * The names of the district, its 街道/乡镇 (from the national division list, codes 321302xxx)
 * and the kinds of department are real; all contact data (addresses' house numbers, phones,
 * faxes, e-mail addresses) and all 统一社会信用代码 are SYNTHETIC demo values.
 *
 * Index-number prefixes (索引号前段码):
 * - 宿城区人民政府办公室 (`zfb`) uses `321302`, the division code of 宿城区: the real document
 *   "宿城区2020年政务公开工作要点", published by the 区政府办公室, carries the index number
 *   `321302/2020-00974`, so that prefix belongs to the office that runs the portal.
 * - 宿城区人民政府 (`sucheng`) therefore gets its own prefix, so that the two publishers' annual
 *   serial counters never produce the same index number. It follows the national scheme
 *   (prefix = the organ's code) with a synthetic USCC instead of an ad-hoc suffix.
 * - Departments use synthetic 18-character 统一社会信用代码 of the form `11 321302 MB00000nn` + a
 *   valid GB 32100 check character (`11` = 机构编制 / 机关). The 自然资源和规划 branch is a
 *   branch of the municipal bureau, so its synthetic code carries the city's division code 321300.
 * - 街道/乡镇 use their real 9-digit division (统计用区划) codes.
 */

interface UnitGuide {
  /** 信息分类与编排体系 */
  arrangement: string;
  /** 获取方式 (主动公开渠道、查阅点、依申请公开程序) */
  obtain: string;
  /** 政府信息公开工作机构名称 */
  officeName: string;
  address: string;
  hours: string;
  phone: string;
  fax: string;
  email: string;
  postcode?: string;
}

export interface UnitSeed {
  code: string;
  name: string;
  type: 'government' | 'department' | 'town';
  parent?: string;
  indexPrefix: string;
  guide: UnitGuide;
}

const HOURS = '周一至周五 上午8:30-12:00 下午14:30-17:30（法定节假日除外）';
const POSTCODE = '223800';

const DISTRICT_COLUMNS =
  '政府信息公开制度、机构职能、政策文件（区政府文件、区政府办公室文件、部门文件、政策解读）、规划信息、财政信息（预决算、三公经费）、行政权力（权责清单、行政许可、行政处罚、行政事业性收费）、重点领域信息公开、人事信息、统计信息、应急管理、建议提案办理、政府信息公开年报';

const TOWN_COLUMNS =
  '政府信息公开制度、机构职能、政策文件、规划信息、财政信息、重点领域信息公开（农业农村政策落实、农田水利工程建设运营、农村土地承包经营权流转、宅基地使用情况审核、土地征收、房屋征收、筹资筹劳、社会救助等）、应急管理、政府信息公开年报';

function arrangement(unitName: string, prefix: string, columns: string, extra = ''): string {
  return (
    `${unitName}主动公开的政府信息纳入宿城区政府信息公开平台统一编排，按照“公开目录栏目＋主题分类＋体裁分类”三个维度组织。` +
    `公开目录设置${columns}等栏目；主题分类采用中国政府网主题分类体系，体裁分类包括决定、公告、通告、意见、通知、通报、报告、批复、函、办法、方案、规划、解读、公示等。` +
    `每条信息标注索引号、名称、内容概述、生成日期、发布机构、文号、主题分类、体裁分类、关键词及有效性等要素。` +
    `索引号由“前段码/年份-五位流水号”组成，本机关前段码为${prefix}，索引号一经生成不再变更。` +
    extra +
    `公众可按栏目浏览，也可按标题、文号、关键词、发布机构和日期组合检索，并可在线查阅、下载。`
  );
}

function obtain(unitName: string, venue: string): string {
  return (
    `一、主动公开。${unitName}主动公开的政府信息，自信息形成或者变更之日起20个工作日内通过宿城区人民政府门户网站“政府信息公开”专栏发布，并视情况通过政务新媒体、新闻发布会、报刊、广播、电视等途径公开。` +
    `公众还可以到${venue}、区政务服务中心政务公开体验区、区档案馆和区图书馆政府信息查阅点免费查阅。` +
    `二、依申请公开。公民、法人或者其他组织可以通过宿城区政府信息公开申请平台在线提交、邮寄信函或者到受理窗口当面递交等方式向本机关提出申请。` +
    `申请应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；申请公开的政府信息的形式要求，包括获取信息的方式、途径。` +
    `采用书面形式确有困难的，可以口头提出，由受理机构代为填写申请。申请内容不明确的，本机关自收到申请之日起7个工作日内一次性告知补正。` +
    `能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过20个工作日。` +
    `依申请提供政府信息不收取费用；申请公开政府信息的数量、频次明显超过合理范围的，依照《政府信息公开信息处理费管理办法》收取信息处理费。` +
    `三、监督和救济。公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向宿城区人民政府办公室（区政务公开主管部门）投诉、举报，也可以依法申请行政复议或者提起行政诉讼。`
  );
}

interface DeptSpec {
  code: string;
  name: string;
  indexPrefix: string;
  office: string;
  address: string;
  tel: string;
  fax: string;
  mail: string;
}

function department(d: DeptSpec): UnitSeed {
  return {
    code: d.code,
    name: d.name,
    type: 'department',
    parent: 'sucheng',
    indexPrefix: d.indexPrefix,
    guide: {
      arrangement: arrangement(d.name, d.indexPrefix, DISTRICT_COLUMNS, `本机关制发的行政规范性文件单独标注“行政规范性文件”类型，并公开其有效性（有效、失效、废止、已修改）。`),
      obtain: obtain(d.name, `本机关办公场所`),
      officeName: d.office,
      address: d.address,
      hours: HOURS,
      phone: d.tel,
      fax: d.fax,
      email: d.mail,
      postcode: POSTCODE,
    },
  };
}

interface TownSpec {
  code: string;
  name: string;
  division: string;
  kind: '街道' | '镇';
  address: string;
  tel: string;
  fax: string;
  mail: string;
}

function town(t: TownSpec): UnitSeed {
  const office = `${t.name}党政办公室`;
  return {
    code: t.code,
    name: t.name,
    type: 'town',
    parent: 'sucheng',
    indexPrefix: t.division,
    guide: {
      arrangement: arrangement(
        t.name,
        t.division,
        TOWN_COLUMNS,
        `涉及${t.kind === '镇' ? '村' : '社区'}级事务的信息同时在${t.kind === '镇' ? '各村' : '各社区'}公开栏公示。`,
      ),
      obtain: obtain(t.name, `${t.name}便民服务中心政府信息公开查阅点`),
      officeName: office,
      address: t.address,
      hours: HOURS,
      phone: t.tel,
      fax: t.fax,
      email: t.mail,
      postcode: POSTCODE,
    },
  };
}

export const UNITS: UnitSeed[] = [
  {
    code: 'sucheng',
    name: '宿城区人民政府',
    type: 'government',
    indexPrefix: '11321302MB00000019',
    guide: {
      arrangement: arrangement(
        '宿城区人民政府',
        '11321302MB00000019',
        DISTRICT_COLUMNS,
        `区人民政府文件由区人民政府办公室负责发布，区政府各部门、各街道（乡镇）的政府信息分别在本单位栏目下编排。`,
      ),
      obtain: obtain('宿城区人民政府', '区人民政府办公室'),
      officeName: '宿城区人民政府办公室政务公开科',
      address: '江苏省宿迁市宿城区洪泽湖路区级机关集中办公区',
      hours: HOURS,
      phone: '0527-80001001',
      fax: '0527-80001009',
      email: 'xxgk@sucheng.gov.cn',
      postcode: POSTCODE,
    },
  },
  {
    code: 'zfb',
    name: '宿城区人民政府办公室',
    type: 'department',
    parent: 'sucheng',
    indexPrefix: '321302',
    guide: {
      arrangement: arrangement(
        '宿城区人民政府办公室',
        '321302',
        DISTRICT_COLUMNS,
        `本机关同时承担全区政务公开工作的组织协调和指导监督，发布全区政务公开工作要点、考核通报和政府信息公开工作年度报告。`,
      ),
      obtain: obtain('宿城区人民政府办公室', '区人民政府办公室'),
      officeName: '宿城区人民政府办公室政务公开科',
      address: '江苏省宿迁市宿城区洪泽湖路区级机关集中办公区',
      hours: HOURS,
      phone: '0527-80001002',
      fax: '0527-80001009',
      email: 'zfbxxgk@sucheng.gov.cn',
      postcode: POSTCODE,
    },
  },
  department({ code: 'fgj', name: '宿城区发展和改革局', indexPrefix: '11321302MB0000011A', office: '宿城区发展和改革局办公室', address: '江苏省宿迁市宿城区洪泽湖路区级机关集中办公区', tel: '0527-80001101', fax: '0527-80001109', mail: 'fgjxxgk@sucheng.gov.cn' }),
  department({ code: 'jyj', name: '宿城区教育局', indexPrefix: '11321302MB0000012D', office: '宿城区教育局办公室', address: '江苏省宿迁市宿城区西湖路区教育局', tel: '0527-80001201', fax: '0527-80001209', mail: 'jyjxxgk@sucheng.gov.cn' }),
  department({ code: 'wjw', name: '宿城区卫生健康委员会', indexPrefix: '11321302MB0000013G', office: '宿城区卫生健康委员会办公室', address: '江苏省宿迁市宿城区项王路区卫生健康委员会', tel: '0527-80001301', fax: '0527-80001309', mail: 'wjwxxgk@sucheng.gov.cn' }),
  department({ code: 'czj', name: '宿城区财政局', indexPrefix: '11321302MB0000014K', office: '宿城区财政局办公室', address: '江苏省宿迁市宿城区洪泽湖路区级机关集中办公区', tel: '0527-80001401', fax: '0527-80001409', mail: 'czjxxgk@sucheng.gov.cn' }),
  department({ code: 'zrgh', name: '宿迁市自然资源和规划局宿城分局', indexPrefix: '11321300MB0000015R', office: '宿迁市自然资源和规划局宿城分局办公室', address: '江苏省宿迁市宿城区黄河南路自然资源和规划宿城分局', tel: '0527-80001501', fax: '0527-80001509', mail: 'zrghxxgk@sucheng.gov.cn' }),
  department({ code: 'rsj', name: '宿城区人力资源和社会保障局', indexPrefix: '11321302MB0000016R', office: '宿城区人力资源和社会保障局办公室', address: '江苏省宿迁市宿城区幸福中路区人力资源市场', tel: '0527-80001601', fax: '0527-80001609', mail: 'rsjxxgk@sucheng.gov.cn' }),
  department({ code: 'zjj', name: '宿城区住房和城乡建设局', indexPrefix: '11321302MB0000017W', office: '宿城区住房和城乡建设局办公室', address: '江苏省宿迁市宿城区太湖路区住房和城乡建设局', tel: '0527-80001701', fax: '0527-80001709', mail: 'zjjxxgk@sucheng.gov.cn' }),
  department({ code: 'scjgj', name: '宿城区市场监督管理局', indexPrefix: '11321302MB00000180', office: '宿城区市场监督管理局办公室', address: '江苏省宿迁市宿城区发展大道区市场监督管理局', tel: '0527-80001801', fax: '0527-80001809', mail: 'scjgjxxgk@sucheng.gov.cn' }),
  department({ code: 'ybj', name: '宿城区医疗保障局', indexPrefix: '11321302MB00000193', office: '宿城区医疗保障局办公室', address: '江苏省宿迁市宿城区项王路区医疗保障局', tel: '0527-80001901', fax: '0527-80001909', mail: 'ybjxxgk@sucheng.gov.cn' }),
  department({ code: 'yjglj', name: '宿城区应急管理局', indexPrefix: '11321302MB00000208', office: '宿城区应急管理局办公室', address: '江苏省宿迁市宿城区洪泽湖路区级机关集中办公区', tel: '0527-80002001', fax: '0527-80002009', mail: 'yjglxxgk@sucheng.gov.cn' }),
  department({ code: 'tjj', name: '宿城区统计局', indexPrefix: '11321302MB0000021B', office: '宿城区统计局办公室', address: '江苏省宿迁市宿城区洪泽湖路区级机关集中办公区', tel: '0527-80002101', fax: '0527-80002109', mail: 'tjjxxgk@sucheng.gov.cn' }),
  department({ code: 'mzj', name: '宿城区民政局', indexPrefix: '11321302MB0000022E', office: '宿城区民政局办公室', address: '江苏省宿迁市宿城区西湖路区民政局', tel: '0527-80002201', fax: '0527-80002209', mail: 'mzjxxgk@sucheng.gov.cn' }),
  town({ code: 'xingfu', name: '幸福街道', division: '321302001', kind: '街道', address: '江苏省宿迁市宿城区幸福街道办事处', tel: '0527-80003001', fax: '0527-80003009', mail: 'xfjdxxgk@sucheng.gov.cn' }),
  town({ code: 'xiangli', name: '项里街道', division: '321302002', kind: '街道', address: '江苏省宿迁市宿城区项里街道办事处', tel: '0527-80003101', fax: '0527-80003109', mail: 'xljdxxgk@sucheng.gov.cn' }),
  town({ code: 'gucheng', name: '古城街道', division: '321302004', kind: '街道', address: '江苏省宿迁市宿城区古城街道办事处', tel: '0527-80003201', fax: '0527-80003209', mail: 'gcjdxxgk@sucheng.gov.cn' }),
  town({ code: 'gengche', name: '耿车镇', division: '321302101', kind: '镇', address: '江苏省宿迁市宿城区耿车镇人民政府', tel: '0527-80003301', fax: '0527-80003309', mail: 'gczxxgk@sucheng.gov.cn' }),
  town({ code: 'caiji', name: '蔡集镇', division: '321302110', kind: '镇', address: '江苏省宿迁市宿城区蔡集镇人民政府', tel: '0527-80003401', fax: '0527-80003409', mail: 'cjzxxgk@sucheng.gov.cn' }),
  town({ code: 'wangguanji', name: '王官集镇', division: '321302111', kind: '镇', address: '江苏省宿迁市宿城区王官集镇人民政府', tel: '0527-80003501', fax: '0527-80003509', mail: 'wgjzxxgk@sucheng.gov.cn' }),
];
