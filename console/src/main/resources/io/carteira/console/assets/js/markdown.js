// Just enough Markdown for docs/metrics.md: headings (with GitHub's anchors), paragraphs, lists,
// tables, fenced code, `code`, **bold** and [links]. Text is set as text, never as HTML. Each table
// row whose first cell names metrics in `code` gets an anchor per metric (m-mrr, m-nrr…).
import { h } from './dom.js';

export function slug(text) {
  return text.toLowerCase().replace(/[^\w\- ]/g, '').trim().replace(/ /g, '-');
}

function inline(text) {
  const out = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)]+)\)/g;
  let last = 0;
  let m;
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1] !== undefined) out.push(h('code', m[1]));
    else if (m[2] !== undefined) out.push(h('strong', m[2]));
    else {
      const href = m[4].startsWith('#') ? `#/glossary/${m[4].slice(1)}` : null;
      out.push(href ? h('a', { href }, m[3]) : h('span.ref', m[3]));
    }
    last = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const cells = (line) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());

export function render(md) {
  const root = h('div.markdown');
  const lines = md.split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^```/.test(line)) {
      const code = [];
      for (i++; i < lines.length && !/^```/.test(lines[i]); i++) code.push(lines[i]);
      root.append(h('pre', code.join('\n')));
      i++;
    } else if (/^#{1,4} /.test(line)) {
      const level = line.match(/^#+/)[0].length;
      const text = line.slice(level + 1);
      root.append(h(`h${Math.min(6, level + 1)}`, { id: slug(text) }, inline(text)));
      i++;
    } else if (/^\s*\|/.test(line)) {
      const head = cells(line);
      i += 2;
      const body = [];
      for (; i < lines.length && /^\s*\|/.test(lines[i]); i++) body.push(cells(lines[i]));
      root.append(h('div.table-wrap', h('table.md',
        h('thead', h('tr', head.map((c) => h('th', inline(c))))),
        h('tbody', body.map((row) => {
          const names = [...row[0].matchAll(/`([a-z_0-9]+)`/g)].map((m) => m[1]);
          const tr = h('tr', { id: names.length ? `m-${names[0]}` : null, dataset: { metrics: names.join(' ') } }, row.map((c) => h('td', inline(c))));
          return tr;
        })))));
    } else if (/^\s*(-|\d+\.) /.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const items = [];
      for (; i < lines.length && (/^\s*(-|\d+\.) /.test(lines[i]) || /^\s{2,}\S/.test(lines[i])); i++) {
        if (/^\s*(-|\d+\.) /.test(lines[i]) && !/^\s{3,}/.test(lines[i])) items.push(lines[i].replace(/^\s*(-|\d+\.) /, ''));
        else items[items.length - 1] += ' ' + lines[i].trim().replace(/^(-|\d+\.) /, '· ');
      }
      root.append(h(ordered ? 'ol' : 'ul', items.map((it) => h('li', inline(it)))));
    } else if (line.trim() === '') {
      i++;
    } else {
      const para = [];
      for (; i < lines.length && lines[i].trim() !== '' && !/^(#|\||```|\s*(-|\d+\.) )/.test(lines[i]); i++) para.push(lines[i].trim());
      root.append(h('p', inline(para.join(' '))));
    }
  }
  return root;
}
