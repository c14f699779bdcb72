// `gongkai messages import <file>`: imports 12345 work orders with the last mapping used in the console
// (by column name) or the known header names; prints the rows it could not import, with their problems.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { systemActor } from '../../platform/access/roles.ts';
import { AppError } from '../../platform/errors.ts';
import type { Db } from '../../platform/db/index.ts';
import { checkMapping, checkRows, FIELDS, guessMapping, importOrders, lastMapping, readTable } from './import12345.ts';

export async function runCli(args: string[], ctx: { db: Db; log: (line: string) => void }): Promise<number> {
  const [sub, file] = args;
  if (sub !== 'import' || !file) {
    ctx.log('用法：gongkai messages import <文件.csv|.xlsx>');
    return 2;
  }
  try {
    const rows = readTable(file, readFileSync(file));
    const headers = rows[0]!;
    const mapping = guessMapping(headers, await lastMapping(ctx.db));
    const problems = checkMapping(headers, mapping);
    if (Object.keys(problems).length) {
      ctx.log(`${basename(file)}：无法对应以下字段（表头为：${headers.join('、')}）：`);
      for (const [k, m] of Object.entries(problems)) ctx.log(`  ${FIELDS.find((f) => f.key === k)?.label ?? k}：${m}`);
      ctx.log('请在后台“政民互动 → 导入 12345 工单”中选择列的对应关系，之后命令行按同样的对应导入。');
      return 1;
    }
    const checked = await checkRows(ctx.db, rows, mapping);
    const r = await importOrders(ctx.db, systemActor(), headers, checked, mapping);
    ctx.log(`新增 ${r.created} 张，更新 ${r.updated} 张，未变 ${r.unchanged} 张，有问题未导入 ${r.rejected.length} 张。`);
    for (const x of r.rejected.slice(0, 200)) ctx.log(`  第 ${x.line} 行${x.orderNo ? `（${x.orderNo}）` : ''}：${x.errors.join('；')}`);
    return r.rejected.length ? 1 : 0;
  } catch (e) {
    if (e instanceof AppError) {
      ctx.log(e.fields ? Object.values(e.fields).join('；') : e.message);
      return 1;
    }
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      ctx.log(`找不到文件：${file}`);
      return 1;
    }
    throw e;
  }
}
