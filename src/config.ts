// Typed configuration read from the environment, validated once at boot.
import path from 'node:path';
import os from 'node:os';

export interface Config {
  databaseUrl: string;
  port: number;
  host: string;
  dataDir: string;
  /** Site name shown in the header and feeds. */
  siteName: string;
  /**
   * The city (设区的市) the installation's governments belong to (CITY): reply letters name its government as the
   * district government's 行政复议 body and its intermediate court (units/remedies.ts), unless a unit sets its own.
   */
  city: string;
  /** Absolute base URL for feeds and sitemap, without trailing slash. */
  baseUrl: string;
  /** Whether session cookies carry the Secure flag: 'auto' = only over HTTPS. */
  cookieSecure: boolean | 'auto';
  /**
   * Which reverse proxies' X-Forwarded-For is believed (Fastify trustProxy): false = none; a number = that
   * many proxy hops; otherwise a list of proxy addresses/CIDRs (TRUST_PROXY=true means a proxy on this
   * machine: 'loopback'). Never "everyone": a client's own X-Forwarded-For would bypass every per-address limit.
   */
  trustProxy: false | number | string;
  /** Largest accepted upload, bytes. */
  maxUploadBytes: number;
  /** Load the demo dataset when the database is new. */
  seedDemo: boolean;
  logLevel: string;
  /** HTTP worker processes (WORKERS=auto: one per core). Each is a stateless node on the same database. */
  workers: number;
  /** Outgoing mail to applicants (platform/mail): SMTP_URL, or SMTP_HOST/PORT/USER/PASS; null = not configured. */
  smtp: SmtpConfig | null;
  /** Sender address of those mails (MAIL_FROM). */
  mailFrom: string;
}

export interface SmtpConfig {
  /** smtp:// or smtps:// URL (takes precedence over host/port). */
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  pass?: string;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
}

function smtpConfig(env: NodeJS.ProcessEnv): SmtpConfig | null {
  if (env.SMTP_URL) {
    if (!/^smtps?:\/\//.test(env.SMTP_URL)) throw new ConfigError(`SMTP_URL 应以 smtp:// 或 smtps:// 开头，当前为 “${env.SMTP_URL}”`);
    return { url: env.SMTP_URL };
  }
  if (!env.SMTP_HOST) return null;
  const port = int('SMTP_PORT', env.SMTP_PORT, 587);
  return { host: env.SMTP_HOST, port, user: env.SMTP_USER || undefined, pass: env.SMTP_PASS || undefined, secure: env.SMTP_SECURE ? env.SMTP_SECURE === 'true' : port === 465 };
}

export class ConfigError extends Error {}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`环境变量 ${name} 应为非负整数，当前为 “${value}”`);
  return n;
}

/** TRUST_PROXY: unset/false → false; true → 'loopback'; 1, 2 … → hop count; else addresses/CIDRs, comma-separated. */
export function trustProxy(value: string | undefined): false | number | string {
  const v = (value ?? '').trim();
  if (!v || v === 'false' || v === '0') return false;
  if (v === 'true') return 'loopback';
  if (/^\d+$/.test(v)) return Number(v);
  const parts = v.split(',').map((x) => x.trim()).filter(Boolean);
  const ok = (p: string) =>
    ['loopback', 'linklocal', 'uniquelocal'].includes(p) || /^[\d.]+(\/\d{1,2})?$/.test(p) || /^[0-9a-f:]+(\/\d{1,3})?$/i.test(p);
  const bad = parts.find((p) => !ok(p));
  if (bad) throw new ConfigError(`TRUST_PROXY 应为 true、false、代理层数（如 1）或代理地址列表（如 127.0.0.1,10.0.0.0/8），“${bad}” 无法识别`);
  return parts.join(',');
}

/** CITY: the name of a 设区的市 / 自治州 / 地区 / 盟 as written before 人民政府 (default 宿迁市, the demo district's city). */
export function cityName(value: string | undefined): string {
  const v = (value ?? '').trim();
  if (!v) return '宿迁市';
  if (v.length > 20 || !/^[\u4e00-\u9fff]+(市|州|地区|盟)$/.test(v)) {
    throw new ConfigError(`CITY 应为所属设区的市（或自治州、地区、盟）的全称，如 宿迁市，当前为 “${v}”`);
  }
  return v;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || 'sqlite:data/gongkai.db';
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL 应以 sqlite: 或 postgres:// 开头，当前为 “${databaseUrl}”`);
  }
  const port = int('PORT', env.PORT, 3000);
  const host = env.HOST || '0.0.0.0';
  const dataDir = path.resolve(env.DATA_DIR || 'data/files');
  const secure = env.COOKIE_SECURE;
  return {
    databaseUrl,
    port,
    host,
    dataDir,
    siteName: env.SITE_NAME || '宿城区人民政府 政府信息公开',
    city: cityName(env.CITY),
    baseUrl: (env.BASE_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    cookieSecure: secure === 'true' ? true : secure === 'false' ? false : 'auto',
    trustProxy: trustProxy(env.TRUST_PROXY),
    maxUploadBytes: int('MAX_UPLOAD_MB', env.MAX_UPLOAD_MB, 50) * 1024 * 1024,
    seedDemo: env.SEED_DEMO !== 'false',
    logLevel: env.LOG_LEVEL || 'info',
    workers: env.WORKERS === 'auto' ? os.availableParallelism() : int('WORKERS', env.WORKERS, 1) || 1,
    smtp: smtpConfig(env),
    mailFrom: env.MAIL_FROM || 'noreply@localhost',
  };
}
