// Styles of the admin console, on top of the shared site.css. Served as /static/admin.css.
export const ADMIN_CSS = `/* gongkai admin console */
.req { font-weight: normal; color: var(--bad); font-size: .9em; }
form.stack fieldset:not(.radios) { border: 1px solid var(--line); border-radius: 4px; margin: 14px 0; padding: 4px 14px 12px; min-width: 0; }
legend { font-weight: bold; padding: 0 4px; }
fieldset.radios { border: 0; padding: 0; margin: 10px 0; min-width: 0; }
fieldset.radios legend { padding: 0; margin: 10px 0 4px; }
form.stack label.radio, form.stack label.check, label.radio, label.check { display: flex; gap: 8px; align-items: flex-start; font-weight: normal; margin: 8px 0; }
input[type=checkbox], input[type=radio] { width: 1.25em; height: 1.25em; margin: .25em 0 0; flex: none; }
.field.check { margin: 4px 0; }
.field.check.has-error { border-left: 4px solid var(--bad); padding-left: 8px; }
.nowrap { white-space: nowrap; }
.small { font-size: .85rem; }
.warn-text { color: var(--warn); }
.pre { white-space: pre-line; }
.notice { border-left: 5px solid var(--warn); background: #fff8e6; padding: 8px 14px; margin: 12px 0; }
.notice.bad { border-color: var(--bad); background: #fff5f5; }
.notice h2 { margin: 0 0 4px; font-size: 1.05rem; }
.notice p { margin: 4px 0; }
.status-line { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: center; }
ul.plain { list-style: none; padding: 0; margin: 0; }
ul.counts { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 8px; }
ul.counts a { display: flex; gap: 10px; align-items: center; padding: 8px 14px; border: 1px solid var(--line); border-radius: 4px; text-decoration: none; background: #fdf3f3; }
.count { font-size: 1.3rem; color: var(--brand-dark); }
ul.counts li.bad a { border-color: var(--bad); border-left-width: 5px; }
ul.counts li.warn a { border-color: var(--warn); border-left-width: 5px; }
section.action h3 { margin: 0 0 6px; font-size: 1.1rem; }
section.action form.stack label:not(.check) { margin-top: 6px; }
ul.attachments { padding-left: 1.2em; }
ul.attachments li { margin: 6px 0; overflow-wrap: anywhere; }
main button.link { color: var(--link); padding: 4px 0; }
main button.link.danger { color: var(--bad); margin-left: 8px; }
.secret code { display: inline-block; font-size: 1.4rem; letter-spacing: .04em; background: #f0f2f5; padding: 6px 12px; border: 1px dashed #8c959f; word-break: break-all; user-select: all; }
nav.tabs ul { list-style: none; padding: 0; margin: 0 0 10px; display: flex; flex-wrap: wrap; gap: 4px; border-bottom: 2px solid var(--brand); }
nav.tabs a { display: block; padding: 6px 12px; text-decoration: none; }
nav.tabs a[aria-current=page] { background: var(--brand); color: #fff; }
td.indent { padding-left: 2em; }
tr.inactive td { color: var(--muted); }
ul.changes { margin: 0; padding-left: 1.1em; overflow-wrap: anywhere; }
details.body-preview { margin: 12px 0; border: 1px solid var(--line); border-radius: 4px; padding: 6px 12px; }
details.body-preview summary { cursor: pointer; color: var(--link); }
.move form + form { margin-left: 10px; }
.error-summary a { color: var(--bad); font-weight: bold; }
.doc-form textarea#f-body { min-height: 16em; font-family: inherit; }
table.meta td { overflow-wrap: anywhere; }
/* 工作日历 (calendar.tsx): month grids, 休 / 班 marks */
.months { display: grid; grid-template-columns: repeat(auto-fill, minmax(15em, 1fr)); gap: 12px; margin: 12px 0; }
table.month { font-size: .9rem; table-layout: fixed; }
table.month caption { font-weight: bold; text-align: left; padding: 4px 0; }
table.month th, table.month td { text-align: center; padding: 2px 0; }
table.month th abbr { text-decoration: none; }
table.month td.weekend { background: #f0f2f5; color: var(--muted); }
table.month td.off, .legend.off { background: #fdeaea; color: var(--bad); font-weight: bold; }
table.month td.work, .legend.work { background: #e3eefb; color: var(--link); font-weight: bold; }
table.month .mark { display: block; font-size: .75rem; line-height: 1.2; }
.legend { display: inline-block; padding: 0 6px; border: 1px solid var(--line); }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.source { overflow-wrap: anywhere; }
@media (max-width: 759px) {
  table.list, table.list tbody, table.list tr, table.list td { display: block; width: auto; }
  table.list thead { position: absolute; left: -9999px; }
  table.list tr { border: 1px solid var(--line); border-radius: 4px; margin-bottom: 8px; padding: 6px 10px; }
  table.list td { border: 0; padding: 2px 0; }
  table.list td[data-label]::before { content: attr(data-label) "："; color: var(--muted); }
  table.list td.indent { padding-left: 1.5em; }
  .actions .button, .actions button { flex: 1 1 auto; text-align: center; }
}
`;
