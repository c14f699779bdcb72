// 政府信息公开 landing page and the 政府信息公开指南 of a unit (Art. 12).
import { Layout, type PageContext } from '../../../platform/views/layout.tsx';
import type { Unit } from '../../../platform/db/types.ts';
import type { UnitNode } from '../../../platform/access/unit-tree.ts';
import { Breadcrumb, FeedLink } from './parts.tsx';

const TYPE_LABELS: Record<string, string> = { government: '区政府', department: '区政府部门', town: '街道、乡镇' };

export interface XxgkProps {
  ctx: PageContext;
  units: UnitNode[];
  rootUnitCode: string | null;
}

export function XxgkPage({ ctx, units, rootUnitCode }: XxgkProps) {
  const blocks: { href: string; title: string; text: string }[] = [
    { href: '/xxgk/guide', title: '政府信息公开指南', text: '信息的分类与编排、获取方式，政府信息公开工作机构的地址、时间和联系方式。' },
    { href: '/xxgk/catalog', title: '政府信息公开目录', text: '按单位和栏目浏览主动公开的政府信息，每条信息标注索引号、名称、生成日期等。' },
    { href: '/xxgk/art20', title: '法定主动公开内容', text: '《政府信息公开条例》第二十条规定应当主动公开的十五类政府信息。' },
    { href: '/xxgk/invalid', title: '失效文件清单', text: '已失效、已废止或已修改的文件，注明日期、原因和替代文件。' },
    {
      href: rootUnitCode ? `/xxgk/catalog/${encodeURIComponent(rootUnitCode)}?column=nb` : '/xxgk/catalog',
      title: '政府信息公开年报',
      text: '上一年度政府信息公开工作年度报告：政府部门、街道乡镇每年1月31日前公布，县级以上人民政府每年3月31日前公布（条例第四十九条）。',
    },
  ];
  const groups = new Map<string, UnitNode[]>();
  for (const u of units) groups.set(u.type, [...(groups.get(u.type) ?? []), u]);
  return (
    <Layout ctx={ctx} title="政府信息公开" area="public" head={<FeedLink href="/feeds/all.xml" title="最新公开信息" />}>
      <Breadcrumb items={[{ href: '/', label: '首页' }, { label: '政府信息公开' }]} />
      <h1>政府信息公开</h1>
      <div class="grid cols-3">
        {blocks.map((b) => (
          <section class="card">
            <h2>
              <a href={b.href}>{b.title}</a>
            </h2>
            <p>{b.text}</p>
          </section>
        ))}
      </div>
      <h2>公开单位</h2>
      {[...groups].map(([type, list]) => (
        <section>
          <h3>{TYPE_LABELS[type] ?? type}</h3>
          <div class="table-scroll" tabIndex={0} role="region" aria-label={`${TYPE_LABELS[type] ?? type}列表`}>
            <table>
              <thead>
                <tr>
                  <th scope="col">单位</th>
                  <th scope="col">公开指南</th>
                  <th scope="col">公开目录</th>
                </tr>
              </thead>
              <tbody>
                {list.map((u) => (
                  <tr>
                    <td>{u.name}</td>
                    <td>
                      <a href={`/xxgk/guide?unit=${encodeURIComponent(u.code)}`} aria-label={`${u.name}政府信息公开指南`}>
                        公开指南
                      </a>
                    </td>
                    <td>
                      <a href={`/xxgk/catalog/${encodeURIComponent(u.code)}`} aria-label={`${u.name}政府信息公开目录`}>
                        公开目录
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Layout>
  );
}

export interface GuideProps {
  ctx: PageContext;
  unit: Unit;
  units: UnitNode[];
}

const orNone = (v: string) => (v && v.trim() ? v : '暂无');

/** Guide texts are plain text; keep their paragraphs, and split an inline 一、二、三、 enumeration. */
function paragraphs(text: string): string[] {
  const lines = text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  if (lines.length !== 1) return lines;
  return lines[0].split(/(?<=。)(?=[二三四五六七八九十]、)/);
}

function Paras({ text }: { text: string }) {
  const ps = paragraphs(text);
  if (!ps.length) return <p>暂无</p>;
  return (
    <>
      {ps.map((p) => (
        <p>{p}</p>
      ))}
    </>
  );
}

export function GuidePage({ ctx, unit, units }: GuideProps) {
  const office: [string, string][] = [
    ['机构名称', unit.office_name],
    ['办公地址', unit.office_address],
    ['办公时间', unit.office_hours],
    ['联系电话', unit.phone],
    ['传真', unit.fax],
    ['电子邮箱', unit.email],
    ['邮政编码', unit.postcode],
  ];
  return (
    <Layout ctx={ctx} title={`${unit.name}政府信息公开指南`} area="public">
      <Breadcrumb items={[{ href: '/', label: '首页' }, { href: '/xxgk', label: '政府信息公开' }, { label: '政府信息公开指南' }]} />
      <h1>{unit.name}政府信息公开指南</h1>
      <form method="get" action="/xxgk/guide" class="filters">
        <div>
          <label for="guide-unit">查看其他单位的指南</label>
          <select id="guide-unit" name="unit">
            {units.map((u) => (
              <option value={u.code} selected={u.code === unit.code}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">查看</button>
      </form>
      <p>
        为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》第十二条，编制本指南。本机关主动公开的政府信息见
        <a href={`/xxgk/catalog/${encodeURIComponent(unit.code)}`}>{unit.name}政府信息公开目录</a>。
      </p>
      <section>
        <h2>一、信息分类与编排</h2>
        <Paras text={unit.guide_arrangement} />
      </section>
      <section>
        <h2>二、获取方式</h2>
        <Paras text={unit.guide_obtain} />
      </section>
      <section>
        <h2>三、政府信息公开工作机构</h2>
        <dl class="guide">
          {office.map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd>{k === '电子邮箱' && v ? <a href={`mailto:${v}`}>{v}</a> : orNone(v)}</dd>
            </>
          ))}
        </dl>
      </section>
    </Layout>
  );
}
