// `gongkai import documents …`, `gongkai export documents …` and `gongkai audit verify`.
import fs from 'node:fs';
import type { CliCommand } from '../../platform/modules.ts';
import { opt, UsageError } from '../../platform/cli.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { resolveUnitRef } from '../users/public.ts';
import { importContext, importFile, type ImportReport } from './documents.import.ts';
import { exportDocuments } from './documents.export.ts';
import { verifyLedger } from './ledger.ts';

function printReport(r: ImportReport, log: (line: string) => void) {
  log(`\n读取 ${r.read} 行：新增 ${r.created}，更新 ${r.updated}，未变化 ${r.unchanged}，失败 ${r.failed}`);
  for (const p of r.problems.slice(0, 200)) log(`  第 ${p.line} 行：${p.reason}`);
  if (r.problems.length > 200) log(`  ……另有 ${r.problems.length - 200} 行错误未列出`);
}

export const importCommand: CliCommand = {
  help: `  import documents <文件.csv|文件.jsonl> [--unit <默认单位>]
                                          导入已发布文件：流式读取、显示进度，逐行报告错误并导入其余行；
                                          按索引号幂等（重复导入不产生重复文件）`,
  async run(args, { db, log }) {
    if (args.shift() !== 'documents') throw new UsageError('用法：import documents <文件>');
    const unit = opt(args, 'unit');
    const file = args.shift();
    if (!file) throw new UsageError('用法：import documents <文件.csv|文件.jsonl>');
    if (!fs.existsSync(file)) {
      console.error(`文件不存在：${file}`);
      return 1;
    }
    let defaultUnit: number | undefined;
    if (unit) {
      defaultUnit = (await resolveUnitRef(db, unit)) ?? undefined;
      if (!defaultUnit) {
        console.error(`单位不存在：${unit}`);
        return 1;
      }
    }
    const ctx = await importContext(db, systemActor('命令行导入'), defaultUnit);
    // technical time: import rate
    const started = Date.now();
    const report = await importFile(ctx, file, {
      // technical time: import rate
      onProgress: (r) => process.stderr.write(`\r已处理 ${r.read} 行（新增 ${r.created}，失败 ${r.failed}），${Math.round(r.read / ((Date.now() - started) / 1000 || 1))} 行/秒   `),
    });
    process.stderr.write('\n');
    printReport(report, log);
    return report.failed && !report.created && !report.updated && !report.unchanged ? 1 : 0;
  },
};

export const exportCommand: CliCommand = {
  help: `  export documents [--format jsonl|csv] [--out <文件>] [--unit <单位代码>]
                                          导出已发布文件（字段与 API、导入文件相同）`,
  async run(args, { db }) {
    if (args.shift() !== 'documents') throw new UsageError('用法：export documents [--format jsonl|csv] [--out 文件]');
    const format = (opt(args, 'format') ?? 'jsonl') as 'jsonl' | 'csv';
    if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format 只能是 jsonl 或 csv');
    const out = opt(args, 'out');
    const unit = opt(args, 'unit');
    const stream = out ? fs.createWriteStream(out) : process.stdout;
    const n = await exportDocuments(db, stream, { format, unit });
    if (out) await new Promise<void>((res) => (stream as fs.WriteStream).end(res));
    process.stderr.write(`已导出 ${n} 条。\n`);
    return 0;
  },
};

export const auditCommand: CliCommand = {
  help: `  audit verify                            核对公开记录链（每次发布、有效性变更、撤稿一条，逐条哈希相连），指出第一处断开`,
  async run(args, { db, log }) {
    if (args.shift() !== 'verify' || args.length) throw new UsageError('用法：audit verify');
    const r = await verifyLedger(db);
    if (r.broken) {
      console.error(`公开记录链在第 ${r.broken.seq} 条断开：${r.broken.reason}（此前 ${r.entries} 条完好）`);
      return 1;
    }
    log(`公开记录链完好：共 ${r.entries} 条，每一条的哈希和链接都已核对。`);
    return 0;
  },
};
