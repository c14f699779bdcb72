// `gongkai reindex`: rebuilds the search index in batches while the site keeps serving.
import type { CliCommand } from '../../platform/modules.ts';
import { UsageError } from '../../platform/cli.ts';
import { createSearch } from './engine.ts';

export const reindexCommand: CliCommand = {
  help: `  reindex                                 重建全文检索索引（分批进行、显示进度，网站可照常访问）`,
  async run(args, { db, log }) {
    if (args.length) throw new UsageError('用法：reindex（无参数）');
    // technical time: duration of the reindex
    const started = Date.now();
    const n = await createSearch(db).rebuild(db, (done, total) => {
      const pct = total ? Math.floor((done / total) * 100) : 100;
      const width = 30;
      const bar = '#'.repeat(Math.round((pct / 100) * width)).padEnd(width, '.');
      process.stderr.write(`\r重建检索索引 [${bar}] ${pct}% ${done}/${total}`);
    });
    process.stderr.write('\n');
    // technical time: duration of the reindex
    log(`已重建检索索引：${n} 件文件，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
    return 0;
  },
};
