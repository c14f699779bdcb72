// 政民互动 (issue 17): the public writes to a unit (咨询 / 建议 / 投诉求助 / 对决策执行的意见, optionally about a
// document, consultation or key task) and gets a receipt code; staff reply (published after the unit's
// reviewer approves, or directly by a reviewer), transfer (the clock restarts at the receiving unit),
// merge duplicates, withhold from publication; the writer reads the reply by receipt code + phone's last 4
// digits and rates it once; replied publishable messages are public with personal data masked; counts
// per unit; messages unanswered beyond 3 months are flagged (single veto); 12345 work orders are imported
// from CSV/XLSX (mapping, preview, idempotent on the 工单编号). Reply days: MESSAGE_REPLY_DAYS (default 5)
// and MESSAGE_REPLY_DAYS_<TYPE> (rules.ts).
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import { messagesOnTimeIndicator } from './assessment.ts';
import { MESSAGE_YEAR_FIGURES, messagesUnansweredCheck } from './health.ts';
import { messageTasks, provisionalMessages } from './console-tasks.ts';
import { registerDueHook } from './due.ts';
import './tables.ts';

export const messagesModule: FeatureModule = {
  name: 'messages',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  install: registerDueHook,
  async routes(app) {
    await (await import('./pages.tsx')).registerPublicPages(app);
    await (await import('./console.tsx')).registerConsolePages(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerMessagesApi(api);
  },
  menus: {
    public: [{ href: '/zmhd', label: '政民互动', order: 46 }],
    console: [{ href: '/admin/messages', label: '政民互动', order: 36, action: 'message.read' }],
  },
  contributes: {
    'console.tasks': messageTasks,
    'calendar.provisional': provisionalMessages,
    'health.checks': [messagesUnansweredCheck], // site health: the single veto 留言超过 3 个月未回应 (health.ts)
    'health.yearFigures': MESSAGE_YEAR_FIGURES, // 政府网站工作年度报表: messages received and answered (health.ts)
    'assessment.indicators': [messagesOnTimeIndicator], // 考核: replied within the deadline (assessment.ts)
  },
  cli: {
    messages: {
      help: 'messages import <文件.csv|.xlsx>   导入 12345 热线工单（按上次的列对应或表头名称）',
      async run(args, ctx) {
        return (await import('./cli.ts')).runCli(args, ctx);
      },
    },
  },
  async seed(db, ctx) {
    if (ctx.demo) await (await import('./seed.ts')).seedDemo(db);
  },
};
