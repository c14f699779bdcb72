// Masked forms of personal information (pure): 110105********002X, 138****5678, 6222 **** **** 1234,
// 张*明. Organisation credit codes are public by law and stay as written; office numbers and mailboxes
// reported as 'info' are left alone by maskText too.
import { maskIdNumber, maskName } from '../../platform/checksums.ts';
import type { Match } from './detect.ts';

function keep(s: string, head: number, tail: number): string {
  const chars = Array.from(s);
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

/** The masked form of one match (what the reviewer sees and what "mask all" writes). */
export function maskFinding(m: Pick<Match, 'type' | 'norm' | 'value'>): string {
  const d = m.norm;
  switch (m.type) {
    case 'resident-id':
      return d.length === 15 ? keep(d, 6, 3) : maskIdNumber(d);
    case 'phone': {
      if (/^1\d{10}$/.test(d)) return `${d.slice(0, 3)}****${d.slice(7)}`;
      const area = /^0(?:10|2\d)/.test(d) ? d.slice(0, 3) : d.slice(0, 4);
      return `${area}-${'*'.repeat(d.length - area.length - 4)}${d.slice(-4)}`;
    }
    case 'bank-card': {
      const middle = d.length - 8;
      const groups: string[] = [];
      for (let i = 0; i < middle; i += 4) groups.push('*'.repeat(Math.min(4, middle - i)));
      return [d.slice(0, 4), ...groups, d.slice(-4)].join(' ');
    }
    case 'credit-code':
      return d;
    case 'email': {
      const at = d.indexOf('@');
      return `${d.slice(0, 1)}***${d.slice(at)}`;
    }
    case 'passport':
    case 'permit':
      return keep(d, 1, 2);
    case 'address':
      // Keep the street, hide the number, building, unit and room.
      return m.value.replace(/\d/g, '*');
  }
}

/** `text` with every blocking match replaced by its masked form ('info' matches stay as written). */
export function maskText(text: string, matches: readonly Match[]): string {
  let out = '';
  let at = 0;
  for (const m of [...matches].sort((a, b) => a.start - b.start)) {
    if (m.severity !== 'block' || m.start < at) continue;
    out += text.slice(at, m.start) + maskFinding(m);
    at = m.end;
  }
  return out + text.slice(at);
}

/** Header texts of a column holding people's names (a list of recipients, applicants, households). */
const NAME_HEADER = /^(?:姓\s*名|名\s*字|户主(?:姓名)?|户主名|申请人(?:姓名)?|家庭成员|联系人|负责人姓名|法定代表人|收款人|领取人|持卡人|学生姓名|职工姓名|被执行人(?:姓名)?|当事人(?:姓名)?|监护人|配偶)$/;

function isNameHeader(cell: string): boolean {
  return NAME_HEADER.test(cell.replace(/[\s:：*（(][^）)]*[）)]?$/, '').trim());
}

/** A cell that reads like a Chinese personal name (2–4 characters, or 欧阳/少数民族 names with ·). */
function looksLikeName(cell: string): boolean {
  return /^[\u4e00-\u9fa5]{2,4}$|^[\u4e00-\u9fa5]{1,8}·[\u4e00-\u9fa5]{1,8}$/.test(cell.trim());
}

/** Masks the names in the columns whose header row cell is a name header: 张小明 → 张*明. Returns the columns. */
export function nameColumns(rows: readonly (readonly string[])[]): { headerRow: number; cols: number[] } | null {
  for (let r = 0; r < Math.min(rows.length, 10); r++) {
    const cols: number[] = [];
    rows[r]!.forEach((c, i) => {
      if (isNameHeader(String(c ?? ''))) cols.push(i);
    });
    if (cols.length) return { headerRow: r, cols };
  }
  return null;
}

export function maskNameCell(cell: string): string {
  return looksLikeName(cell) ? maskName(cell.trim()) : cell;
}
