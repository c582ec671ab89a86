// What several pages share: a card, a figure linked to its definition, a pager, a select filter.
import { h } from '../dom.js';
import { t, label, money, percent, number } from '../i18n.js';

export function card(title, ...body) {
  return h('section.card', title ? h('h2', title) : null, ...body);
}

/** How a metric reads: money, a rate, a count or a ratio. */
export function metricText(name, point, currency) {
  if (!point) return t('dash');
  if (point.value_minor !== undefined) return money(point.value_minor, currency);
  const v = point.value;
  if (/rate|^nrr$|^grr$|top_20/.test(name)) return percent(v);
  if (/ratio|months|median/.test(name)) return number(v, 1);
  return number(v);
}

/** A figure: its name linking to its definition in the glossary, its value, its window. */
export function figure(name, point, currency) {
  return h('div.figure', { dataset: { metric: name, valueMinor: point?.value_minor ?? '', value: point?.value ?? '' } },
    h('a.figure-name', { href: `#/glossary/${name}`, title: name }, t(`metric.${name}`)),
    h('span.value', metricText(name, point, currency)),
    h('span.window', point ? `${t(`window.${point.window}`)}${point.provisional ? ' · ' + t('provisional') : ''}` : ''));
}

export function pager(page, limit, go) {
  const from = page.total ? page.offset + 1 : 0;
  const to = Math.min(page.total, page.offset + limit);
  return h('div.pager',
    h('button', { disabled: page.offset === 0, onclick: () => go(Math.max(0, page.offset - limit)) }, t('prev')),
    h('span', t('page.of', number(from), number(to), number(page.total))),
    h('button', { disabled: to >= page.total, onclick: () => go(page.offset + limit) }, t('next')));
}

export function select(name, values, chosen, onchange) {
  return h('label.filter', h('span', t(`filter.${name}`)),
    h('select', { name, onchange: (e) => onchange(e.target.value) },
      h('option', { value: '' }, t('all')),
      Object.entries(values || {}).map(([v, n]) => h('option', { value: v, selected: v === chosen }, `${label(v)} (${number(n)})`))));
}

export function badge(text, cls) {
  return h(`span.badge.${String(cls || text).toLowerCase()}`, label(text));
}
