// Backup and restore of one installation: the database and the attachment store (DATA_DIR), consistent
// with each other, with a manifest of checksums.
//
// - SQLite: SQLite's online backup API (a consistent copy while the site keeps writing).
// - PostgreSQL: pg_dump in its custom format (one consistent snapshot), restored with pg_restore.
// - Files: the store is content-addressed and append-only (a file is written before the row that names
//   it commits), so copying it AFTER the database snapshot gives every file the snapshot refers to.
// - manifest.json: what was taken when, the database file's and every file's sha256 and size. Restore
//   checks every checksum before it writes anything.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import SQLite from 'better-sqlite3';
import { dialectOf } from '../db/index.ts';

export interface Manifest {
  format: 'gongkai-backup/1';
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  database: { file: string; sha256: string; size: number };
  files: { sha256: string; size: number }[];
}

export class BackupError extends Error {
  override name = 'BackupError';
}

const sha256File = async (file: string): Promise<string> => {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  for (const dir of [...(process.env.PATH ?? '').split(':'), ...listPgBins()]) {
    const p = path.join(dir, name);
    if (dir && fs.existsSync(p)) return p;
  }
  throw new BackupError(`找不到 ${name}：请安装 PostgreSQL 客户端（apt-get install postgresql-client）`);
}
function listPgBins(): string[] {
  try {
    return fs.readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`);
  } catch {
    return [];
  }
}

/** Lists the blobs of a store (DATA_DIR/ab/cd/<sha256>). */
async function* blobs(root: string): AsyncGenerator<{ sha256: string; file: string }> {
  const ls = (p: string) => fsp.readdir(p).catch(() => [] as string[]);
  for (const a of (await ls(root)).sort()) {
    if (!/^[0-9a-f]{2}$/.test(a)) continue;
    for (const b of (await ls(path.join(root, a))).sort()) {
      if (!/^[0-9a-f]{2}$/.test(b)) continue;
      for (const name of (await ls(path.join(root, a, b))).sort()) if (/^[0-9a-f]{64}$/.test(name)) yield { sha256: name, file: path.join(root, a, b, name) };
    }
  }
}

const blobPath = (root: string, sha: string) => path.join(root, sha.slice(0, 2), sha.slice(2, 4), sha);

/** Takes a backup into `dir` (created; must be empty or absent). */
export async function backup(databaseUrl: string, dataDir: string, dir: string): Promise<Manifest> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length) throw new BackupError(`备份目录 ${dir} 不是空目录，请换一个目录`);
  await fsp.mkdir(path.join(dir, 'files'), { recursive: true });
  const dialect = dialectOf(databaseUrl);
  let dbFile: string;
  if (dialect === 'sqlite') {
    const src = databaseUrl.slice('sqlite:'.length);
    if (!fs.existsSync(src)) throw new BackupError(`数据库文件不存在：${src}`);
    dbFile = 'database.sqlite';
    const conn = new SQLite(src, { readonly: true, fileMustExist: true });
    try {
      await conn.backup(path.join(dir, dbFile));
    } finally {
      conn.close();
    }
  } else {
    dbFile = 'database.pgdump';
    const r = spawnSync(pgTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${path.join(dir, dbFile)}`, databaseUrl], { encoding: 'utf8' });
    if (r.status !== 0) throw new BackupError(`pg_dump 失败：${(r.stderr || r.error?.message || '').trim()}`);
  }
  const files: Manifest['files'] = [];
  for await (const b of blobs(dataDir)) {
    const dest = blobPath(path.join(dir, 'files'), b.sha256);
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    await fsp.copyFile(b.file, dest);
    const sha = await sha256File(dest);
    if (sha !== b.sha256) throw new BackupError(`附件文件 ${b.sha256} 的内容与文件名不符（存储已损坏？）`);
    files.push({ sha256: sha, size: (await fsp.stat(dest)).size });
  }
  const dbPath = path.join(dir, dbFile);
  const manifest: Manifest = {
    format: 'gongkai-backup/1',
    createdAt: new Date().toISOString(),
    dialect,
    database: { file: dbFile, sha256: await sha256File(dbPath), size: (await fsp.stat(dbPath)).size },
    files,
  };
  await fsp.writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
  return manifest;
}

/** Checks a backup's checksums; returns the manifest. */
export async function verifyBackup(dir: string): Promise<Manifest> {
  const mf = path.join(dir, 'manifest.json');
  if (!fs.existsSync(mf)) throw new BackupError(`${dir} 中没有 manifest.json，不是 gongkai 备份`);
  const manifest = JSON.parse(await fsp.readFile(mf, 'utf8')) as Manifest;
  if (manifest.format !== 'gongkai-backup/1') throw new BackupError('不认识的备份格式');
  const dbPath = path.join(dir, manifest.database.file);
  if (!fs.existsSync(dbPath) || (await sha256File(dbPath)) !== manifest.database.sha256) throw new BackupError('备份中的数据库文件缺失或已损坏（校验和不符）');
  for (const f of manifest.files) {
    const p = blobPath(path.join(dir, 'files'), f.sha256);
    if (!fs.existsSync(p) || (await sha256File(p)) !== f.sha256) throw new BackupError(`备份中的附件文件 ${f.sha256} 缺失或已损坏`);
  }
  return manifest;
}

/**
 * Restores a backup into an installation that has no data yet: the SQLite file must not exist (or
 * `force`), the PostgreSQL database must be empty. Checks every checksum first.
 */
export async function restore(dir: string, databaseUrl: string, dataDir: string, opts: { force?: boolean } = {}): Promise<Manifest> {
  const manifest = await verifyBackup(dir);
  const dialect = dialectOf(databaseUrl);
  if (dialect !== manifest.dialect) throw new BackupError(`备份来自 ${manifest.dialect} 数据库，不能恢复到 ${dialect} 数据库`);
  const dbPath = path.join(dir, manifest.database.file);
  if (dialect === 'sqlite') {
    const dest = databaseUrl.slice('sqlite:'.length);
    if (fs.existsSync(dest) && !opts.force) throw new BackupError(`数据库文件 ${dest} 已存在；确认要覆盖时加 --force（请先停止网站）`);
    await fsp.mkdir(path.dirname(path.resolve(dest)), { recursive: true });
    for (const ext of ['-wal', '-shm']) await fsp.rm(dest + ext, { force: true });
    await fsp.copyFile(dbPath, dest + '.restoring');
    await fsp.rename(dest + '.restoring', dest);
  } else {
    const r = spawnSync(pgTool('pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${databaseUrl}`, dbPath], { encoding: 'utf8' });
    if (r.status !== 0) throw new BackupError(`pg_restore 失败（目标数据库须为空库）：${(r.stderr || r.error?.message || '').trim().slice(0, 500)}`);
  }
  for (const f of manifest.files) {
    const dest = blobPath(dataDir, f.sha256);
    if (fs.existsSync(dest)) continue;
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    await fsp.copyFile(blobPath(path.join(dir, 'files'), f.sha256), dest);
  }
  return manifest;
}
