// The demo 图解 images (SVG, drawn here so the demo needs no binary files): the four points of a policy in
// four boxes. Served at /zcjd/demo/<name>.svg; the seed's 图解 items point there, with their alt text and
// text equivalent beside them. Synthetic demo content.
const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

function fourBoxes(title: string, items: [string, string][]): string {
  const box = ([head, text]: [string, string], i: number) => {
    const y = 90 + i * 120;
    return `<rect x="20" y="${y}" width="560" height="104" rx="10" fill="${['#fdecea', '#e8f1fb', '#eaf6ec', '#fff6e0'][i % 4]}" stroke="#b5121b" stroke-width="2"/>
<text x="40" y="${y + 38}" font-size="26" font-weight="bold" fill="#8b0d14">${esc(head)}</text>
<text x="40" y="${y + 78}" font-size="22" fill="#222">${esc(text)}</text>`;
  };
  const h = 110 + items.length * 120;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 ${h}" width="600" height="${h}" font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif">
<rect width="600" height="${h}" fill="#fff"/>
<text x="300" y="52" font-size="30" font-weight="bold" text-anchor="middle" fill="#b5121b">${esc(title)}</text>
${items.map(box).join('\n')}
</svg>`;
}

export const DEMO_IMAGES: Record<string, string> = {
  'jiuye-2020.svg': fourBoxes('促进就业创业四方面措施', [
    ['一、支持企业稳岗', '稳岗返还、社会保险补贴'],
    ['二、鼓励创业带动就业', '创业担保贷款、创业补贴'],
    ['三、重点群体就业帮扶', '高校毕业生、农民工、困难人员'],
    ['四、强化就业服务', '招聘会、职业指导、技能培训'],
  ]),
  'yibao-2024.svg': fourBoxes('2024年度城乡居民医保参保缴费', [
    ['参保对象', '未参加职工医保的城乡居民'],
    ['缴费时间', '2023年9月至12月'],
    ['缴费渠道', '银行网点、手机银行、政务服务平台'],
    ['待遇享受时间', '2024年1月1日至12月31日'],
  ]),
};
