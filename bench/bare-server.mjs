// The "bare Fastify route" of bench/pages.bench.ts: Fastify 5 (the app's version), logger off, one route
// answering every saved page from memory with the headers the app sent for that kind of page. Plain
// JavaScript (no tsx loader), so it costs what a minimal Fastify server costs.
//   node bench/bare-server.mjs <www dir> <headers.json> <port>
// <www dir>/<kind>/<file> is served at /<kind>/<file>; headers.json maps <kind> to { header: value }.
// Prints "READY <port>" when listening; exits on SIGTERM.
import fs from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';

const [www, headersFile, port] = process.argv.slice(2);
const headers = JSON.parse(fs.readFileSync(headersFile, 'utf8'));
const pages = new Map();
for (const kind of fs.readdirSync(www)) {
  const dir = path.join(www, kind);
  if (!fs.statSync(dir).isDirectory()) continue;
  for (const f of fs.readdirSync(dir)) pages.set(`/${kind}/${f}`, { body: fs.readFileSync(path.join(dir, f)), headers: headers[kind] ?? {} });
}

const app = Fastify({ logger: false });
app.get('/*', (req, reply) => {
  const p = pages.get(req.url);
  if (!p) return reply.code(404).send('not found');
  return reply.headers(p.headers).send(p.body);
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
console.log(`READY ${port} ${pages.size}`);
const stop = () => app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
