// Customers: search by id or name (at most 20 found, from the indexes), the at-risk list a page at
// a time; and a customer's 360 page: score and its named contributions, lifecycle and segments,
// the timeline of alerts, dunning actions and snapshot changes, open invoices with their days past
// due and ladder step, the policy in force.
import { h, clear, debounce } from '../dom.js';
import { t, label, money, number, when, percent } from '../i18n.js';
import * as api from '../api.js';
import { barList } from '../charts.js';
import { card, pager, badge } from './common.js';
import { alertCard } from './alerts.js';

const LIMIT = 20;
let root = null;
let shown = null;
let query = '';
let offset = 0;

async function show(main, id) {
  root = main;
  shown = id;
  if (id) await drawCustomer(id);
  else await drawList();
}

async function drawList() {
  let input = root.querySelector('input.search');
  if (!input) {
    clear(root).append(h('h1', t('customers.title')));
    input = h('input.search', { type: 'search', placeholder: t('customers.search'), value: query, 'aria-label': t('customers.search'), autocomplete: 'off' });
    input.addEventListener('input', debounce(() => { query = input.value; offset = 0; drawResults(); }, 200));
    input.addEventListener('keydown', (e) => {
      const first = root.querySelector('.customer-row a');
      if (e.key === 'Enter' && first) location.hash = first.getAttribute('href');
    });
    root.append(input, h('div.results'));
  }
  await drawResults();
}

async function drawResults() {
  const page = await api.get('customers', { q: query, offset, limit: LIMIT });
  const box = root && root.querySelector('.results');
  if (!box || !page) return;
  clear(box).append(h('h2', query ? `${t('customers.results')}: ${number(page.items.length)}` : t('customers.at_risk')));
  const table = h('table.customers', h('tbody', page.items.map((c) => h('tr.customer-row', { dataset: { customerId: c.id } },
    h('td', h('a', { href: `#/customers/${encodeURIComponent(c.id)}` }, c.id)),
    h('td', c.name || ''),
    h('td.num', money(c.mrrMinor, c.currency)),
    h('td', badge(c.band), ' ', number(c.score)),
    h('td', label(c.lifecycle)),
    h('td.num', c.daysPastDue ? `${c.daysPastDue} ${t('customer.days_past_due')}` : '')))));
  box.append(page.items.length ? table : h('p.empty', t('none')));
  if (!query) box.append(pager(page, LIMIT, (o) => { offset = o; drawResults(); }));
}

async function drawCustomer(id) {
  const c = await api.get(`customers/${encodeURIComponent(id)}`);
  if (!root || shown !== id) return;
  if (!c) {
    clear(root).append(h('p.empty', t('customer.not_found', id)));
    return;
  }
  const s = c.snapshot;
  const cur = s.currency;
  const contributions = [...(s.contributions || [])].sort((a, b) => a.points - b.points);
  clear(root).append(
    h('p.back', h('a', { href: '#/customers' }, `← ${t('customers.title')}`)),
    h('h1', s.customer_name || s.customer_id, h('small', ` ${s.customer_id}`)),
    h('div.grid3',
      card(t('customer.score'),
        h('div.score-big', { dataset: { score: s.health_score } }, h('span', number(s.health_score)), badge(s.health_band)),
        h('p.meta', t('as_of', when(s.as_of)))),
      card(t('customer.lifecycle'),
        h('dl',
          h('dt', t('customer.lifecycle')), h('dd', label(s.lifecycle), ' · ', label(s.portfolio_status)),
          h('dt', t('customer.mrr')), h('dd', money(s.mrr_minor, cur), s.plan_id ? ` · ${s.plan_id}` : ''),
          h('dt', t('customer.balance')), h('dd', money(s.open_balance_minor, cur), ` · ${number(s.open_invoices)} · ${s.days_past_due} ${t('customer.days_past_due')}`),
          h('dt', t('customer.owner')), h('dd', s.account_owner || t('dash')),
          h('dt', t('customer.channel')), h('dd', label(s.preferred_channel)))),
      card(t('customer.segments'),
        h('dl',
          ['value_tier', 'payment_behaviour', 'engagement', 'lifecycle'].flatMap((k) => [h('dt', label(k)), h('dd', label(s.segment?.[k]))]),
          h('dt', 'punctuality'), h('dd', percent(s.payment_punctuality)),
          h('dt', 'usage trend'), h('dd', s.usage_trend == null ? t('dash') : number(s.usage_trend, 2))),
        s.expansion_potential ? h('p', badge(t('customer.expansion'), 'healthy')) : null)),
    h('div.grid2',
      card(t('customer.contributions'),
        h('div#contributions', barList(contributions.map((k) => ({
          label: label(k.name), value: k.points, text: `${k.points > 0 ? '+' : ''}${k.points}`,
          cls: k.points < 0 ? 'bad' : 'good', attrs: { dataset: { contribution: k.name, points: k.points }, title: k.detail },
        })), { max: 40 })),
        h('ul.details', contributions.map((k) => h('li', h('b', `${k.points > 0 ? '+' : ''}${k.points}`), ` ${k.detail}`)))),
      card(t('customer.timeline'),
        c.timeline.length ? h('ol.timeline', c.timeline.map((i) => h(`li.t-${i.kind}`, h('time', when(i.at)), h('span.kind', i.kind), h('span', i.what)))) : h('p.note', t('none')))),
    h('div.grid2',
      invoicesCard(c, s, cur),
      card(t('customer.policy'),
        h('p.policy', { dataset: { segment: c.policy_in_force.segment, version: c.policy_in_force.version } },
          h('b', c.policy_in_force.segment), ` v${c.policy_in_force.version}`, c.policy_in_force.built_in ? ` (${t('customer.built_in')})` : ''),
        h('p.meta', `snapshot: ${s.policy_segment} v${s.policy_version}`),
        h('p', h('a', { href: '#/policies' }, t('nav.policies'))))),
    c.open_alerts.length ? h('section', h('h2', t('customer.open_alerts')), c.open_alerts.map(alertCard)) : '');
}

/**
 * The open invoices: from the snapshot (amount owed, due date, days past due, failed attempts) with
 * the ladder step of each one's latest dunning action; from the dunning actions alone for a snapshot
 * written before snapshots listed them.
 */
function invoicesCard(c, s, cur) {
  const fromSnapshot = c.invoices_from === 'snapshot';
  const note = fromSnapshot
    ? t('customer.invoices_snapshot', number(s.open_invoices), money(s.open_balance_minor, cur), when(s.as_of))
    : t('customer.invoices_note', number(s.open_invoices), money(s.open_balance_minor, cur), s.days_past_due);
  const rows = c.invoices.map((i) => h('tr', { dataset: { invoiceId: i.invoiceId, daysPastDue: i.daysPastDue, step: i.step ?? '' } },
    h('td', i.invoiceId),
    h('td.num', money(i.amountMinor, i.currency)),
    h('td.due', i.due_date || t('dash')),
    h('td.num.dpd', `${number(i.daysPastDue)} ${t('customer.days_past_due')}`),
    h('td.num.failed', i.failedAttempts === undefined ? t('dash') : number(i.failedAttempts)),
    h('td.step', i.actionType ? [label(i.actionType), i.step ? ` · ${t('customer.step')} ${i.step}` : ''] : t('customer.no_step'))));
  const head = h('thead', h('tr', ['invoice', 'amount', 'due', 'days_past_due_head', 'failed', 'ladder_step'].map((k) => h('th', t(`invoice.${k}`)))));
  return card(t('customer.invoices'),
    h('p.note', note),
    c.invoices.length ? h('div.table-wrap', h('table.invoices', head, h('tbody', rows))) : h('p.note', t('none')));
}

const redraw = debounce(() => (shown ? drawCustomer(shown) : drawResults()).catch(() => {}), 400);

function change(kind, data) {
  if (!root) return;
  if (shown) {
    if (kind === 'reset' || (kind === 'tick' && (data.many_changed || data.customers_changed?.includes(shown))) ||
        ((kind === 'alert' || kind === 'action') && data.customer_id === shown)) redraw();
  } else if (kind === 'tick' || kind === 'reset') redraw();
}

function leave() {
  root = null;
}

export default { show, change, leave };
