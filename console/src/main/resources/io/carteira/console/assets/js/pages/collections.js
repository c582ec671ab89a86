// Collections: the dunning actions as they go out, newest first, narrowed by type and channel, each
// with the message as the customer receives it.
import { h, clear, debounce } from '../dom.js';
import { t, label, money, number, when } from '../i18n.js';
import * as api from '../api.js';
import { pager, select, badge } from './common.js';

const LIMIT = 20;
let root = null;
let type = '';
let channel = '';
let offset = 0;

async function show(main) {
  root = main;
  await draw();
}

async function draw() {
  const page = await api.get('actions', { type, channel, offset, limit: LIMIT });
  if (!root || !page) return;
  clear(root).append(
    h('h1', t('collections.title')),
    h('p.summary', t('collections.read', number(page.read))),
    h('div.filters',
      select('type', page.by_type, type, (v) => { type = v; offset = 0; draw(); }),
      select('channel', page.by_channel, channel, (v) => { channel = v; offset = 0; draw(); })));
  const list = h('div.action-list');
  if (!page.items.length) list.append(h('p.empty', t('none')));
  for (const a of page.items) {
    list.append(h('article.action', { dataset: { actionId: a.action_id, type: a.action_type, channel: a.channel } },
      h('header',
        badge(a.action_type, 'type'),
        a.dunning_step ? h('span.step', `#${a.dunning_step}`) : null,
        badge(a.channel, 'channel'),
        h('span.spacer'),
        h('time', `${t('collections.scheduled')} ${when(a.scheduled_for)}`)),
      h('div.who',
        h('a', { href: `#/customers/${encodeURIComponent(a.customer_id)}` }, a.customer_name || a.customer_id),
        ` · ${t('collections.to')} ${label(a.recipient)}`,
        a.invoice_id ? ` · ${a.invoice_id}` : '',
        a.amount_minor != null ? ` · ${money(a.amount_minor, a.currency)}` : '',
        a.days_past_due ? ` · ${a.days_past_due} ${t('customer.days_past_due')}` : '',
        a.failure_code ? ` · ${a.failure_code}` : ''),
      h('blockquote.message', { lang: a.locale }, a.message)));
  }
  root.append(list, pager(page, LIMIT, (o) => { offset = o; draw(); }));
}

const redraw = debounce(() => draw().catch(() => {}), 500);

function change(kind) {
  if ((kind === 'action' && offset === 0) || kind === 'reset') redraw();
}

function leave() {
  root = null;
}

export default { show, change, leave };
