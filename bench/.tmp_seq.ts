import { startApp } from './pages.bench.ts';
import { openDatabase } from '../src/platform/db/index.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
const url = `sqlite:${process.argv[2]}`;
const h = openDatabase(url);
const u = await h.db.selectFrom('users').select('id').where('username', '=', 'bench-head').executeTakeFirstOrThrow();
const s = await createSession(h.db, u.id, '127.0.0.1', 'x');
await h.close();
const app = await startApp(url, 'seq');
for (const p of ['/admin/requests', '/admin/requests?due=soon', '/admin/requests?due=overdue', '/admin/requests?page=50', '/admin']) {
  const ts: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    const r = await fetch(app.base + p, { headers: { cookie: `gk_sid=${s.cookie}` } });
    await r.text();
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  console.log(p, 'median', ts[15].toFixed(1), 'min', ts[0].toFixed(1));
}
await app.stop();
process.exit(0);
