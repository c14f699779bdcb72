// The body of a key-area record's document in the catalog: the template's fields and, for 招生范围, each school
// with its 施教区 — the same facts as the record's public page, as HTML for the documents feature.
import { renderFragment } from '../../platform/views/render.ts';
import { formatSegment } from './address.ts';
import { AREA_BY_KEY, fieldsFor, type School } from './templates.ts';

export function DetailsTable({ area, category, details }: { area: string; category: string; details: Record<string, string> }) {
  const spec = AREA_BY_KEY.get(area);
  const rows = spec ? fieldsFor(spec, category).filter((f) => details[f.key] && f.key !== 'content') : [];
  if (!rows.length) return null;
  return (
    <table class="kv">
      <tbody>
        {rows.map((f) => (
          <tr>
            <th scope="row">{f.label}</th>
            <td>{details[f.key]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Paragraphs({ text }: { text: string }) {
  return <>{text.split(/\n+/).filter((p) => p.trim()).map((p) => <p>{p.trim()}</p>)}</>;
}

/** withPhone false: the document's copy (the documents feature's personal-data check takes any phone number for a person's). */
export function SchoolsList({ schools, headingLevel = 2, withPhone = true }: { schools: School[]; headingLevel?: 2 | 3; withPhone?: boolean }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <>
      {schools.map((s) => (
        <section class="school">
          <H>{s.name}</H>
          <p class="muted">
            {[s.stage, s.address && `地址：${s.address}`, withPhone && s.phone && `电话：${s.phone}`].filter(Boolean).join(' · ')}
          </p>
          {s.roads.length ? <p>施教区道路：{s.roads.map(formatSegment).join('；')}</p> : null}
          {s.communities.length ? <p>施教区社区、村：{s.communities.join('、')}</p> : null}
        </section>
      ))}
    </>
  );
}

export function documentBody(r: { area: string; category: string; details: Record<string, string>; schools: School[] }): string {
  return renderFragment(
    <div>
      <DetailsTable area={r.area} category={r.category} details={r.details} />
      <Paragraphs text={r.details.content ?? ''} />
      {r.schools.length ? <SchoolsList schools={r.schools} withPhone={false} /> : null}
    </div>,
  );
}
