// Policies: what is in force per segment and its version, the refused documents with every reason
// (from the topic replayed with the job's rules, and the job's own dead letters), and an upload that
// is checked with the same rules as `carteira policy push`: a refusal lists every reason and
// publishes nothing.
import { h, clear, debounce } from '../dom.js';
import { t, when } from '../i18n.js';
import * as api from '../api.js';
import { card } from './common.js';

let root = null;
let draft = null;
let format = 'yaml';
let result = null;

async function show(main) {
  root = main;
  await draw();
}

async function draw() {
  const p = await api.get('policies');
  if (!root || !p) return;
  const text = root.querySelector('#policy-text');
  if (text) draft = text.value;
  clear(root).append(h('h1', t('policies.title')));
  root.append(card(t('policies.in_force'),
    h('table.policies', h('tbody', p.segments.map((s) => h('tr', { dataset: { segment: s.segment, version: s.version } },
      h('td', h('b', s.segment)),
      h('td', s.version < 0 ? t('policies.falls_back') : s.built_in ? t('policies.built_in') : `${t('policies.version')} ${s.version}`),
      h('td', s.published_at ? `${when(s.published_at)} · ${s.published_by}` : ''),
      h('td', s.policy ? h('details', h('summary', t('policies.show')), h('pre', JSON.stringify(s.policy, null, 2))) : '')))))));

  const area = h('textarea#policy-text', { rows: 8, spellcheck: 'false', 'aria-label': t('policies.upload') });
  area.value = draft ?? 'segment: long_tail\nversion: 1\npolicy:\n  grace_period_days: 5\n';
  const formats = h('select#policy-format', { 'aria-label': t('policies.format'), onchange: (e) => { format = e.target.value; } },
    h('option', { value: 'yaml', selected: format === 'yaml' }, 'YAML'), h('option', { value: 'json', selected: format === 'json' }, 'JSON'));
  const file = h('input', { type: 'file', accept: '.yaml,.yml,.json', onchange: async (e) => {
    const f = e.target.files[0];
    if (!f) return;
    area.value = await f.text();
    format = /\.json$/i.test(f.name) ? 'json' : 'yaml';
    formats.value = format;
  } });
  const out = h('div#policy-result', { 'aria-live': 'polite' });
  drawResult(out);
  const button = h('button#policy-upload.primary', { type: 'button', onclick: async () => {
    button.disabled = true;
    const r = await api.post('policies', area.value, { format });
    result = r.body;
    draft = area.value;
    button.disabled = false;
    // the page may have been drawn again meanwhile: the result goes where it is now
    const now = root && root.querySelector('#policy-result');
    if (now) drawResult(now);
    if (r.body.published) draw();
  } }, t('policies.publish'));
  root.append(card(t('policies.upload'), h('p.note', t('policies.upload_help')), area,
    h('div.upload-row', h('label.filter', h('span', t('policies.format')), formats), file, button), out));

  const refused = p.refused.slice().reverse();
  root.append(h('div.grid2',
    card(t('policies.refused'), refused.length ? h('ul.refusals', refused.map((r) => h('li', { dataset: { segment: r.segment, version: r.version } },
      h('b', `${r.segment} v${r.version}`), ` · ${when(r.published_at)}`, h('ul', r.reasons.map((x) => h('li', x)))))) : h('p.note', t('none'))),
    card(t('policies.refused_by_job'), p.refused_by_job.length ? h('ul.refusals', p.refused_by_job.map((d) => h('li',
      h('b', d.error_kind), ` · ${when(d.source_timestamp)}`, h('ul', d.error_message.split('; ').map((x) => h('li', x)))))) : h('p.note', t('none')))));
}

function drawResult(out) {
  clear(out);
  if (!result) return;
  if (result.published) {
    out.className = 'result ok';
    out.append(h('p', t('policies.published', result.segment, result.version)));
  } else {
    out.className = 'result refused';
    out.append(h('p', h('b', t('policies.refused_now'))), h('ul.reasons', (result.reasons || [result.error]).map((r) => h('li.reason', r))));
  }
}

const redraw = debounce(() => draw().catch(() => {}), 500);

function change(kind) {
  if (kind === 'policy' || kind === 'reset') redraw();
}

function leave() {
  root = null;
  result = null;
}

export default { show, change, leave };
