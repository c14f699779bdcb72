// Reply letters as HTML: `LetterPage` — a standalone, printable A4 page (no site chrome);
// `LetterSheet` — the same sheet to embed in a page; `LetterEditor` — a plain form, one labelled
// textarea per paragraph, so staff can edit the text before issuing (works without JavaScript).
// All text goes through preact's escaping; nothing here uses dangerouslySetInnerHTML.
import type { Letter, LetterParagraph, ParagraphKind } from './templates.ts';

/**
 * Print styles. Kept free of quotes: preact escapes text inside <style> (a quote would become
 * &quot; and break the rule), so every font family is written as an unquoted identifier.
 * Body 16pt ≈ 三号 (GB/T 9704: 三号仿宋, title 二号小标宋 ≈ 22pt); margins as in Word's default
 * "normal" page (2.54cm top/bottom, 3.17cm left/right).
 */
const LETTER_CSS = `
@page { size: A4; margin: 2.54cm 3.17cm; }
.letter-sheet { box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 16px auto; padding: 2.54cm 3.17cm; background: #fff; color: #000;
  box-shadow: 0 0 0 1px #d0d7de, 0 2px 8px rgba(0,0,0,.12);
  font-family: FangSong, FangSong_GB2312, 仿宋, 仿宋_GB2312, STFangsong, SimSun, 宋体, Noto Serif CJK SC, Source Han Serif SC, WenQuanYi Micro Hei, serif;
  font-size: 16pt; line-height: 1.75; }
.letter-sheet p { margin: 0; text-align: justify; overflow-wrap: anywhere; }
.letter-sheet .lp-title { text-align: center; text-indent: 0; font-size: 22pt; font-weight: bold; letter-spacing: .05em; line-height: 1.5;
  font-family: FZXiaoBiaoSong-B05S, 方正小标宋简体, STZhongsong, 华文中宋, SimSun, 宋体, Noto Serif CJK SC, Source Han Serif SC, WenQuanYi Micro Hei, serif; margin-bottom: .6em; }
.letter-sheet .lp-no { text-align: center; text-indent: 0; margin-bottom: 1em; }
.letter-sheet .lp-salutation { text-indent: 0; }
.letter-sheet .lp-body { text-indent: 2em; }
.letter-sheet .lp-sign { display: table; margin: 2.5em 2em 0 auto; text-align: right; }
.letter-sheet .lp-sign p { text-align: center; text-indent: 0; }
.letter-sheet .lp-sign, .letter-sheet .lp-title, .letter-sheet .lp-no { break-inside: avoid; page-break-inside: avoid; }
.letter-sheet .lp-sign { break-before: avoid; page-break-before: avoid; }
.letter-sheet .lp-title, .letter-sheet .lp-no, .letter-sheet .lp-salutation { break-after: avoid; page-break-after: avoid; }
body.letter-body { margin: 0; background: #eef0f3; }
@media screen and (max-width: 800px) {
  .letter-sheet { width: auto; min-height: 0; margin: 0; padding: 20px 16px; font-size: 14pt; box-shadow: none; }
  .letter-sheet .lp-title { font-size: 18pt; }
}
@media print {
  body.letter-body { background: #fff; }
  .letter-sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; line-height: 1.65; }
  .letter-sheet .lp-sign { margin-top: 1.5em; }
  .letter-noprint { display: none; }
}
.letter-toolbar { max-width: 210mm; margin: 12px auto 0; padding: 0 8px; font: 15px/1.6 PingFang SC, Microsoft YaHei, WenQuanYi Micro Hei, sans-serif; }
.letter-editor { max-width: 900px; }
.letter-editor .le-field { margin: 0 0 12px; }
.letter-editor label { display: block; font-weight: bold; margin-bottom: 4px; }
.letter-editor textarea { display: block; width: 100%; box-sizing: border-box; font: 16px/1.7 FangSong, 仿宋, STFangsong, SimSun, 宋体, WenQuanYi Micro Hei, serif; padding: 6px 8px; }
.letter-editor .le-error { color: #a40e26; margin: 4px 0 0; }
`;

export function LetterStyles() {
  return <style>{LETTER_CSS}</style>;
}

/** Runs of consecutive signature/date paragraphs become one group. */
function groups(paragraphs: LetterParagraph[]): (LetterParagraph | LetterParagraph[])[] {
  const out: (LetterParagraph | LetterParagraph[])[] = [];
  for (const p of paragraphs) {
    const last = out[out.length - 1];
    if (p.kind === 'signature' || p.kind === 'date') {
      if (Array.isArray(last)) last.push(p);
      else out.push([p]);
    } else out.push(p);
  }
  return out;
}

/** The sheet alone (embed in a page together with `<LetterStyles/>`). */
function LetterSheet({ letter }: { letter: Letter }) {
  return (
    <article class="letter-sheet" aria-label={letter.title}>
      {groups(letter.paragraphs).map((g, gi) =>
        Array.isArray(g) ? (
          // Organ and date as one block at the right, the organ centred over the date.
          <div key={`s${gi}`} class="lp-sign">
            {g.map((p, i) => <p key={i} class={`lp-${p.kind}`}>{p.text}</p>)}
          </div>
        ) : g.kind === 'title' ? (
          <h1 key={gi} class="lp-title">{g.text}</h1>
        ) : (
          <p key={gi} class={`lp-${g.kind}`}>{g.text}</p>
        ),
      )}
    </article>
  );
}

export interface LetterPageProps {
  letter: Letter;
  /** <title> of the page; defaults to the letter's title. */
  pageTitle?: string;
  /** Optional links shown above the sheet on screen and hidden in print (e.g. download .docx, back). */
  links?: { href: string; label: string }[];
  /** A status line above the sheet on screen (e.g. “已出具”), hidden in print. */
  notice?: string | null;
}

/** A complete HTML document: the letter on an A4 sheet, ready for the browser's print. */
export function LetterPage({ letter, pageTitle, links, notice }: LetterPageProps) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{pageTitle ?? letter.title}</title>
        <LetterStyles />
      </head>
      <body class="letter-body">
        {links && links.length > 0 ? (
          <nav class="letter-toolbar letter-noprint" aria-label="答复书操作">
            {links.map((l, i) => (
              <span key={l.href}>
                {i > 0 ? ' · ' : ''}
                <a href={l.href}>{l.label}</a>
              </span>
            ))}
          </nav>
        ) : null}
        {notice ? (
          <p class="letter-toolbar letter-noprint letter-notice" role="status">
            {notice}
          </p>
        ) : null}
        <main>
          <LetterSheet letter={letter} />
        </main>
      </body>
    </html>
  );
}

const PARAGRAPH_KIND_LABELS: Record<ParagraphKind, string> = {
  title: '标题',
  no: '文号',
  salutation: '称谓',
  body: '正文',
  signature: '落款机关',
  date: '落款日期',
};

function labelFor(p: LetterParagraph, bodyIndex: number): string {
  return p.kind === 'body' ? `正文第 ${bodyIndex} 段` : PARAGRAPH_KIND_LABELS[p.kind];
}

export interface LetterEditorProps {
  letter: Letter;
  /** Where the form posts (the route reads it back with `letterFromForm`). */
  action: string;
  /** CSRF token (hidden field `_csrf`); every non-API POST needs it. */
  csrf: string;
  submitLabel?: string;
  /** Field errors from `letterFromForm`, keyed `text-N`. */
  errors?: Record<string, string>;
  /**
   * A second submit button that stores (issues) the edited letter: posts the same fields to
   * `action` (HTML formaction, no JavaScript needed) with the date of issue as a field.
   */
  issue?: { action: string; label: string; issuedOn: string; error?: string; only?: boolean };
}

/**
 * The letter as a form: one textarea per paragraph, each with its label; kinds travel as hidden
 * fields `kind-N`. Clearing a textarea removes that paragraph (except the title).
 */
export function LetterEditor({ letter, action, csrf, submitLabel = '保存答复书', errors = {}, issue }: LetterEditorProps) {
  let bodyIndex = 0;
  return (
    <form class="letter-editor" method="post" action={action}>
      <input type="hidden" name="_csrf" value={csrf} />
      {letter.paragraphs.map((p, i) => {
        if (p.kind === 'body') bodyIndex++;
        const id = `letter-text-${i}`;
        const err = errors[`text-${i}`];
        const rows = Math.min(12, Math.max(p.kind === 'body' ? 3 : 1, Math.ceil(Array.from(p.text).length / 36)));
        return (
          <div class="le-field" key={i}>
            <input type="hidden" name={`kind-${i}`} value={p.kind} />
            <label for={id}>{labelFor(p, bodyIndex)}</label>
            <textarea
              id={id}
              name={`text-${i}`}
              rows={rows}
              required={p.kind === 'title'}
              aria-invalid={err ? 'true' : undefined}
              aria-describedby={err ? `${id}-error` : undefined}
            >
              {p.text}
            </textarea>
            {err ? <p class="le-error" id={`${id}-error`}>{err}</p> : null}
          </div>
        );
      })}
      <p class="muted">清空某一段的内容即删除该段（标题除外）。</p>
      {issue ? (
        <div class="le-field">
          <label for="letter-issued-on">出具日期</label>
          <input
            type="date"
            id="letter-issued-on"
            name="issuedOn"
            value={issue.issuedOn}
            required
            aria-invalid={issue.error ? 'true' : undefined}
            aria-describedby={issue.error ? 'letter-issued-on-error' : undefined}
          />
          {issue.error ? <p class="le-error" id="letter-issued-on-error">{issue.error}</p> : null}
        </div>
      ) : null}
      <p class="actions">
        {issue?.only ? null : <button type="submit" class={issue ? 'secondary' : undefined}>{submitLabel}</button>}
        {issue?.only ? <button type="submit">{issue.label}</button> : null}
        {issue && !issue.only ? (
          <>
            {' '}
            <button type="submit" formAction={issue.action}>
              {issue.label}
            </button>
          </>
        ) : null}
      </p>
    </form>
  );
}
