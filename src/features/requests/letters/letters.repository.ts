// Issued letters and notices of a request (table request_letters): issuing stores the text exactly
// as staff edited it, in one transaction with its audit row; reading gives it back for the print
// page and the .docx. Re-issuing adds a row; the newest row of a kind is the current one.
import type { Db, DbOrTrx, Trx } from '../../../platform/db/index.ts';
import { json, nowIso, parseJson, isStoredId } from '../../../platform/db/index.ts';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';
import { fail, ok, type Result } from '../../../platform/errors.ts';
import { actorId, can, type Actor } from '../../../platform/access/roles.ts';
import { audit } from '../../../platform/audit/index.ts';
import { isIsoDate } from '../../../platform/calendar/calendar.ts';
import { todayBeijing } from '../../../platform/views/format.ts';
import { isOutcomeCode } from '../outcomes.ts';
import { TRACKING_NO_RE, hashQueryCode, queryCodeMatches, requestRoleOf } from '../requests.repository.ts';
import { LETTER_KIND_LABELS, isApplicantLetterKind, isLetterKind, noticePrecondition, validateLetter, type Letter, type LetterKind } from './templates.ts';
import '../actions.ts'; // defines this feature's actions

export interface IssuedLetter {
  id: number;
  requestId: number;
  kind: LetterKind;
  kindLabel: string;
  letterNo: string;
  title: string;
  letter: Letter;
  issuedOn: string;
  actorName: string;
  createdAt: string;
  /** False when a newer letter of the same kind was issued later. */
  current: boolean;
}

/** What the applicant's status view lists (no text, no staff names). */
export interface LetterSummary {
  id: number;
  kind: LetterKind;
  title: string;
  letterNo: string;
  issuedOn: string;
}

/** Upper bound of letters listed for one request (a request has a handful). */
const MAX_LETTERS_LISTED = 200;

type LetterRow = {
  id: number;
  request_id: number;
  kind: string;
  letter_no: string;
  title: string;
  body: string;
  issued_on: string;
  actor_name: string;
  created_at: string;
};

function toIssued(r: LetterRow, current: boolean): IssuedLetter {
  const kind = isLetterKind(r.kind) ? r.kind : 'reply';
  return {
    id: r.id,
    requestId: r.request_id,
    kind,
    kindLabel: LETTER_KIND_LABELS[kind],
    letterNo: r.letter_no,
    title: r.title,
    letter: parseJson<Letter>(r.body, { title: r.title, paragraphs: [{ kind: 'title', text: r.title }] }),
    issuedOn: r.issued_on,
    actorName: r.actor_name,
    createdAt: r.created_at,
    current,
  };
}

function validId(n: number): boolean {
  return isStoredId(n);
}

/** All letters of a request, oldest first, each marked current or superseded. */
export async function listLetters(db: DbOrTrx, requestId: number): Promise<IssuedLetter[]> {
  if (!validId(requestId)) return [];
  const rows = await db
    .selectFrom('request_letters')
    .select(['id', 'request_id', 'kind', 'letter_no', 'title', 'body', 'issued_on', 'actor_name', 'created_at'])
    .where('request_id', '=', requestId)
    .orderBy('id')
    .limit(MAX_LETTERS_LISTED)
    .execute();
  const newest = new Map<string, number>();
  for (const r of rows) newest.set(r.kind, r.id);
  return rows.map((r) => toIssued(r, newest.get(r.kind) === r.id));
}

/** The applicant's list: kind, title, number and date only; never the letters to a consulted party. */
export async function listLetterSummaries(db: DbOrTrx, requestId: number): Promise<LetterSummary[]> {
  return (await listLetters(db, requestId)).filter((l) => isApplicantLetterKind(l.kind)).map((l) => ({ id: l.id, kind: l.kind, title: l.title, letterNo: l.letterNo, issuedOn: l.issuedOn }));
}

/** One letter of one request; a letter of another request is `undefined` (never cross-request). */
export async function getLetter(db: DbOrTrx, requestId: number, letterId: number): Promise<IssuedLetter | undefined> {
  if (!validId(requestId) || !validId(letterId)) return undefined;
  const r = await db
    .selectFrom('request_letters')
    .select(['id', 'request_id', 'kind', 'letter_no', 'title', 'body', 'issued_on', 'actor_name', 'created_at'])
    .where('request_id', '=', requestId)
    .where('id', '=', letterId)
    .executeTakeFirst();
  if (!r) return undefined;
  const newer = await db
    .selectFrom('request_letters')
    .select('id')
    .where('request_id', '=', requestId)
    .where('kind', '=', r.kind)
    .where('id', '>', r.id)
    .executeTakeFirst();
  return toIssued(r, !newer);
}

export interface Deps {
  db: Db;
}

async function lockRequest(trx: Trx, id: number) {
  let q = trx.selectFrom('requests').select(['id', 'unit_id', 'outcome', 'tracking_no']).where('id', '=', id);
  if (isPostgres(trx as any)) q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * Issues (stores) a letter of `kind` for request `requestId` with the text staff edited.
 * Refusals change nothing: NOT_FOUND (unknown or out of the actor's unit scope), FORBIDDEN (a role
 * that may only read), INVALID_TRANSITION (a reply before the decision; a notice before its event),
 * VALIDATION (kind, letter text, date).
 */
export async function issueLetter(
  deps: Deps,
  actor: Actor,
  requestId: number,
  kind: unknown,
  letter: unknown,
  issuedOn?: string,
): Promise<Result<IssuedLetter>> {
  if (!isLetterKind(kind)) return fail('VALIDATION', '文书类型不正确。', { kind: `文书类型应为${Object.values(LETTER_KIND_LABELS).join('、')}之一` });
  const valid = validateLetter(letter);
  if (!valid.ok) return valid;
  const today = todayBeijing();
  const on = issuedOn === undefined || issuedOn === '' ? today : issuedOn;
  if (!isIsoDate(on)) return fail('VALIDATION', undefined, { issuedOn: '出具日期应为 YYYY-MM-DD 格式的有效日期' });
  if (on > today) return fail('VALIDATION', undefined, { issuedOn: `出具日期不能晚于今天（${today}）` });
  if (!validId(requestId)) return fail('NOT_FOUND', '申请不存在，或不在您的管理范围内。');
  const value = valid.value;
  const letterNo = value.paragraphs.find((p) => p.kind === 'no')?.text ?? '';

  return deps.db.transaction().execute(async (trx): Promise<Result<IssuedLetter>> => {
    const row = await lockRequest(trx, requestId);
    if (!row || !can(actor, 'request.read', row.unit_id)) return fail('NOT_FOUND', '申请不存在，或不在您的管理范围内。');
    if (!requestRoleOf(actor, row.unit_id)) return fail('FORBIDDEN', '只有办理人或政府信息公开工作机构负责人可以出具答复书和告知书。');
    if (kind === 'reply') {
      if (!isOutcomeCode(row.outcome)) return fail('INVALID_TRANSITION', '申请尚未作出答复（没有办理结果），不能出具答复书。');
    } else {
      const steps = await trx.selectFrom('request_events').select(['type', 'payload']).where('request_id', '=', row.id).orderBy('id').execute();
      const problem = noticePrecondition(kind, steps.map((e) => ({ type: e.type, payload: parseJson<unknown>(e.payload, {}) })), row.outcome);
      if (problem) return fail('INVALID_TRANSITION', problem);
    }
    const now = nowIso();
    const inserted = await trx
      .insertInto('request_letters')
      .values({
        request_id: row.id,
        kind,
        letter_no: letterNo,
        title: value.title,
        body: json(value),
        issued_on: on,
        actor_id: actorId(actor),
        actor_name: actor.displayName,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Never the letter text in the audit row: it names the applicant.
    await audit(trx, actor, {
      action: 'request.letter-issue',
      entity: 'request',
      publicEffect: false, // never on a public page
      entityId: row.id,
      unitId: row.unit_id,
      after: { kind, letterNo, letterId: inserted.id, issuedOn: on },
    });
    return ok({
      id: inserted.id,
      requestId: row.id,
      kind,
      kindLabel: LETTER_KIND_LABELS[kind],
      letterNo,
      title: value.title,
      letter: value,
      issuedOn: on,
      actorName: actor.displayName,
      createdAt: now,
      current: true,
    });
  });
}

const DUMMY_HASH = hashQueryCode('not-a-real-code');

/**
 * A letter for the applicant: tracking number + query code (checked in constant time, a dummy hash
 * for unknown numbers) + the letter's id within that request. Any mismatch → undefined (the
 * caller answers with the same neutral 404 as for an unknown number).
 */
export async function getPublicLetter(db: Db, trackingNo: unknown, code: unknown, letterId: number): Promise<IssuedLetter | undefined> {
  const no = typeof trackingNo === 'string' ? trackingNo.trim().toUpperCase() : '';
  const c = typeof code === 'string' ? code.trim().toUpperCase() : '';
  const row = TRACKING_NO_RE.test(no) ? await db.selectFrom('requests').select(['id', 'query_code_hash']).where('tracking_no', '=', no).executeTakeFirst() : undefined;
  const matches = queryCodeMatches(c, row?.query_code_hash ?? DUMMY_HASH);
  if (!row || !matches || c === '') return undefined;
  const letter = await getLetter(db, row.id, letterId);
  // Letters to a consulted party are not the applicant's (they may name that party).
  return letter && isApplicantLetterKind(letter.kind) ? letter : undefined;
}
