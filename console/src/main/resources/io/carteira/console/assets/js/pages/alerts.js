// Alert inbox: open and escalated alerts, most at stake first (risk score × MRR at risk), narrowed
// by severity, churn type, pattern, segment and owner; each with its reasons, evidence, window,
// threshold, recommended action and history. A new alert comes in without a reload.
import { h, clear, debounce } from '../dom.js';
import { t, label, money, number, when } from '../i18n.js';
import * as api from '../api.js';
import { card, pager, select, badge } from './common.js';

const LIMIT = 20;
const FILTERS = ['severity', 'churn_type', 'pattern', 'segment', 'owner'];
let root = null;
let filters = {};
let offset = 0;
const fresh = new Set();

async function show(main) {
  root = main;
  await draw();
}

async function draw() {
  const page = await api.get('alerts', { ...filters, offset, limit: LIMIT });
  if (!root || !page) return;
  const c = page.counts;
  clear(root).append(
    h('h1', t('alerts.title')),
    h('div.summary',
      h('span', h('b', number(c.open)), ' ', t('alerts.open')),
      h('span', h('b', number(c.escalated)), ' ', t('alerts.escalated')),
      h('span', h('b', money(c.mrr_at_risk_minor)), ' ', t('alerts.at_risk')),
      h('span', h('b', number(c.resolved)), ' ', t('alerts.resolved'))),
    h('div.filters', FILTERS.map((f) => select(f, page.facets[f], filters[f], (v) => { filters[f] = v; offset = 0; draw(); }))),
    h('p.note', t('alerts.order')));
  const list = h('div.alert-list');
  if (!page.items.length) list.append(h('p.empty', t('alerts.none')));
  for (const a of page.items) list.append(alertCard(a));
  root.append(list, pager(page, LIMIT, (o) => { offset = o; draw(); }));
  if (page.resolved.length) {
    root.append(card(t('alerts.recently_resolved'), h('ul.plain', page.resolved.map((a) =>
      h('li', badge('RESOLVED', 'resolved'), ' ', h('a', { href: `#/customers/${encodeURIComponent(a.customer_id)}` }, a.customer_id), ` · ${a.pattern} · ${when(a.history.at(-1).at)}`)))));
  }
}

export function alertCard(a) {
  const isNew = fresh.has(a.alert_id);
  return h(`article.alert${isNew ? '.new' : ''}`, { dataset: { alertId: a.alert_id, customerId: a.customer_id, pattern: a.pattern, status: a.status } },
    h('header',
      badge(a.severity),
      badge(a.status),
      h('span.pattern', a.pattern),
      isNew ? h('span.badge.new', t('alerts.new')) : null,
      h('span.spacer'),
      h('span.score', { title: 'risk score' }, `${a.risk_score}`),
      h('span.stake', money(a.mrr_at_risk_minor, a.currency))),
    h('div.who',
      h('a', { href: `#/customers/${encodeURIComponent(a.customer_id)}` }, a.customer_id),
      ` · ${label(a.churn_type)} · ${label(a.segment?.value_tier)}`,
      a.account_owner ? ` · ${a.account_owner}` : '',
      ` · v${a.policy_version}`),
    h('div.alert-body',
      h('div',
        h('h3', t('alerts.reasons')),
        h('ul.reasons', a.reasons.map((r) => h('li', r))),
        h('h3', t('alerts.action')),
        h('p.recommended', a.recommended_action)),
      h('div',
        h('h3', t('alerts.evidence')),
        h('table.evidence', h('tbody', a.evidence.map((e) => h('tr', { dataset: { eventId: e.event_id } },
          h('td', when(e.event_time)), h('td', label(e.event_type)), h('td', e.value ?? ''))))),
        h('p.meta',
          a.window_start ? `${t('alerts.window')}: ${when(a.window_start)} → ${when(a.window_end)}` : '',
          a.threshold ? h('span.threshold', ` · ${t('alerts.threshold')}: ${a.threshold}`) : ''),
        h('h3', t('alerts.history')),
        h('ol.history', a.history.map((s) => h('li', badge(s.status), ` ${when(s.at)} · ${label(s.severity)} ${s.risk_score}`))))));
}

const redraw = debounce(() => draw().catch(() => {}), 300);

function change(kind, data) {
  if (kind === 'alert') {
    if (data.status === 'OPEN') fresh.add(data.alert_id);
    redraw();
  } else if (kind === 'reset') redraw();
}

function leave() {
  root = null;
}

export default { show, change, leave };
