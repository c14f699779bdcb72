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
  /** Absolute base URL for feeds and sitemap, without trailing slash. */
  baseUrl: string;
  /** Whether session cookies carry the Secure flag: 'auto' = only over HTTPS. */
  cookieSecure: boolean | 'auto';
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy: boolean;
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
    baseUrl: (env.BASE_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    cookieSecure: secure === 'true' ? true : secure === 'false' ? false : 'auto',
    trustProxy: env.TRUST_PROXY === 'true',
    maxUploadBytes: int('MAX_UPLOAD_MB', env.MAX_UPLOAD_MB, 50) * 1024 * 1024,
    seedDemo: env.SEED_DEMO !== 'false',
    logLevel: env.LOG_LEVEL || 'info',
    workers: env.WORKERS === 'auto' ? os.availableParallelism() : int('WORKERS', env.WORKERS, 1) || 1,
    smtp: smtpConfig(env),
    mailFrom: env.MAIL_FROM || 'noreply@localhost',
  };
}
