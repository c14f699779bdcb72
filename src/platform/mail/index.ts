// Outgoing e-mail through an outbox (mail_outbox, migration 0016).
//
// A mail is a row written by queueMail in the same transaction as the change it tells of, so it exists
// exactly when the change was committed; nothing is sent inside a transaction. The Mailer delivers due
// rows after commit: the plugin kicks it after every response to a request that may have changed data
// (the handler's transaction has committed by then), and a timer retries every minute. Failed sends are
// retried with growing pauses (1, 5, 15, 60, 240 minutes), then given up ('failed'). Several workers
// may run: a row is claimed (locked_until) before it is sent.
//
// The query code of the receipt mail is kept in `secret`, never in the body (which holds SECRET_MARK);
// it is put in at sending time and erased once the mail is sent, given up, or 3 days old. BASE_MARK in
// a body becomes the site's address (BASE_URL). Without SMTP settings nothing is sent: the rows stay
// 'pending' and admins see them in the console (features/audit/mail-outbox.tsx).
//
// Library: nodemailer (SMTP client: STARTTLS, auth, UTF-8 headers and bodies, connection handling).
import fp from 'fastify-plugin';
import { createRequire } from 'node:module';
import type Nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { FastifyInstance } from 'fastify';
import type { SmtpConfig } from '../../config.ts';
import type { Db, DbOrTrx } from '../db/index.ts';
import { nowIso } from '../db/index.ts';
import { audit } from '../audit/index.ts';

export const SECRET_MARK = '{{查询码}}';
export const BASE_MARK = '{{网站地址}}';
/** Pauses before the 2nd, 3rd, … attempt, minutes; after the last one the mail is given up. */
const RETRY_MINUTES = [1, 5, 15, 60, 240];
export const MAX_ATTEMPTS = RETRY_MINUTES.length + 1;
/** The plaintext query code of an unsent receipt mail is erased after this long. */
const SECRET_KEEP_MS = 3 * 24 * 3600 * 1000;
const CLAIM_MS = 5 * 60 * 1000;
const POLL_MS = 60 * 1000;

export interface NewMail {
  requestId: number | null;
  kind: string;
  to: string;
  subject: string;
  /** Plain text; SECRET_MARK and BASE_MARK are filled in when sent. */
  body: string;
  secret?: string | null;
}

/** Writes a mail to the outbox (inside the caller's transaction). */
export async function queueMail(trx: DbOrTrx, mail: NewMail): Promise<void> {
  const now = nowIso();
  await trx
    .insertInto('mail_outbox')
    .values({
      request_id: mail.requestId,
      kind: mail.kind,
      to_addr: mail.to,
      subject: mail.subject,
      body: mail.body,
      secret: mail.secret ?? null,
      status: 'pending',
      next_attempt_at: now,
      created_at: now,
    })
    .execute();
}

/** The text of a mail as sent: marks filled in (the secret only when it is still kept). */
export function renderMailBody(body: string, secret: string | null, baseUrl: string, forSending: boolean): string {
  const code = forSending && secret ? secret : forSending ? '（请使用申请时回执上的查询码）' : secret ? '（查询码，仅发给申请人）' : '（请使用申请时回执上的查询码）';
  return body.split(SECRET_MARK).join(code).split(BASE_MARK).join(baseUrl);
}

interface MailerOptions {
  smtp: SmtpConfig | null;
  from: string;
  baseUrl: string;
  log?: { warn: (obj: unknown, msg?: string) => void; info?: (obj: unknown, msg?: string) => void };
  /** For tests: a transport object instead of SMTP settings. */
  transport?: Transporter;
}

class Mailer {
  private transport: Transporter | null;
  private running: Promise<{ sent: number; failed: number }> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly opts: MailerOptions,
  ) {
    this.transport = opts.transport ?? (opts.smtp ? createTransport(opts.smtp) : null);
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    this.transport?.close();
  }

  /** Deliver in the background (errors are logged, never thrown). */
  kick(): void {
    void this.deliverDue().catch((err) => this.opts.log?.warn({ err }, 'mail delivery failed'));
  }

  /** Sends every due mail; concurrent calls wait for the running pass and run once more after it. */
  async deliverDue(): Promise<{ sent: number; failed: number }> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      const total = { sent: 0, failed: 0 };
      do {
        this.again = false;
        const r = await this.pass();
        total.sent += r.sent;
        total.failed += r.failed;
      } while (this.again);
      return total;
    })();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async pass(): Promise<{ sent: number; failed: number }> {
    const now = new Date();
    await forgetOldSecrets(this.db, now);
    const out = { sent: 0, failed: 0 };
    if (!this.transport) return out;
    const due = await this.db
      .selectFrom('mail_outbox')
      .select(['id'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now.toISOString())
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now.toISOString())]))
      .orderBy('id')
      .limit(50)
      .execute();
    for (const { id } of due) {
      const claimedAt = new Date();
      const claim = await this.db
        .updateTable('mail_outbox')
        .set({ locked_until: new Date(claimedAt.getTime() + CLAIM_MS).toISOString() })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', claimedAt.toISOString())]))
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      const row = await this.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      let error: string | null = null;
      try {
        await this.transport.sendMail({
          from: this.opts.from,
          to: row.to_addr,
          subject: row.subject,
          text: renderMailBody(row.body, row.secret, this.opts.baseUrl, true),
          // Chinese text: base64 is smaller than quoted-printable and survives any relay.
          textEncoding: 'base64',
        });
      } catch (err) {
        error = (err as Error)?.message?.slice(0, 500) || String(err);
      }
      const attempts = Number(row.attempts) + 1;
      const at = new Date();
      await this.db.transaction().execute(async (trx) => {
        if (error === null) {
          await trx.updateTable('mail_outbox').set({ status: 'sent', sent_at: at.toISOString(), attempts, secret: null, locked_until: null, last_error: null }).where('id', '=', id).execute();
        } else if (attempts >= MAX_ATTEMPTS) {
          await trx.updateTable('mail_outbox').set({ status: 'failed', attempts, secret: null, locked_until: null, last_error: error }).where('id', '=', id).execute();
        } else {
          const next = new Date(at.getTime() + RETRY_MINUTES[attempts - 1]! * 60_000).toISOString();
          await trx.updateTable('mail_outbox').set({ attempts, next_attempt_at: next, locked_until: null, last_error: error }).where('id', '=', id).execute();
        }
        // The log names the mail, never the address or the text.
        await audit(trx, null, {
          action: error === null ? 'mail.sent' : attempts >= MAX_ATTEMPTS ? 'mail.failed' : 'mail.retry',
          entity: 'mail',
          entityId: id,
          after: { kind: row.kind, requestId: row.request_id, attempts, ...(error ? { error } : {}) },
        });
      });
      if (error === null) out.sent++;
      else {
        out.failed++;
        this.opts.log?.warn({ mailId: id, attempts, error }, 'mail not sent');
      }
    }
    return out;
  }
}

function createTransport(smtp: SmtpConfig): Transporter {
  // Loaded when mail is first sent, not at start.
  const nodemailer = createRequire(import.meta.url)('nodemailer') as typeof Nodemailer;
  if (smtp.url) return nodemailer.createTransport(smtp.url);
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure ?? false,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
  });
}

/** Erases the query code of receipt mails that could not be sent within SECRET_KEEP_MS. */
async function forgetOldSecrets(db: Db, now = new Date()): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ secret: null })
    .where('secret', 'is not', null)
    .where('created_at', '<', new Date(now.getTime() - SECRET_KEEP_MS).toISOString())
    .execute();
}

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
  }
}

/** Registers app.mailer; kicks it after each response to a POST (or other change); polls every minute. */
export default fp(
  async function mail(app: FastifyInstance, opts: { transport?: Transporter }) {
    const mailer = new Mailer(app.db, { smtp: app.config.smtp, from: app.config.mailFrom, baseUrl: app.config.baseUrl, log: app.log, transport: opts.transport });
    app.decorate('mailer', mailer);
    // After the response the handler's transaction has committed: its mails are visible.
    app.addHook('onResponse', (req, _reply, done) => {
      if (req.method !== 'GET' && req.method !== 'HEAD' && mailer.configured) mailer.kick();
      done();
    });
    app.addHook('onReady', async () => {
      if (mailer.configured) {
        mailer.start();
        mailer.kick();
      }
    });
    app.addHook('onClose', async () => mailer.stop());
  },
  { name: 'gongkai-mail' },
);
