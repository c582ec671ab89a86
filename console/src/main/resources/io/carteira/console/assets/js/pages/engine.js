// Engine health: the input topics' rates, each output's event time behind the wall clock, dead
// letters by kind with the latest decoded, and the job's checkpoints from Flink's REST API.
import { h, clear, debounce } from '../dom.js';
import { t, label, number, when, span } from '../i18n.js';
import * as api from '../api.js';
import { barList } from '../charts.js';
import { card } from './common.js';

let root = null;
let timer = null;

async function show(main) {
  root = main;
  clearInterval(timer);
  timer = setInterval(() => draw().catch(() => {}), 2000);
  await draw();
}

async function draw() {
  const e = await api.get('engine');
  if (!root || !e) return;
  const st = e.status;
  clear(root).append(h('h1', t('engine.title')), h('p.note', t('engine.reading', st.bootstrap, st.start, st.zone)));
  root.append(h('div.grid2',
    card(t('engine.inputs'), barList(Object.entries(e.inputs).map(([topic, r]) => ({
      label: topic, value: r.per_second, text: `${number(r.per_second, 1)} ${t('engine.per_second')} · ${number(r.records)} ${t('engine.records')}`,
      attrs: { dataset: { input: topic } } })))),
    card(t('engine.outputs'), barList(Object.entries(e.outputs).map(([topic, o]) => ({
      label: topic, value: Math.log10(1 + o.behind_ms), cls: o.behind_ms > 60000 ? 'warn' : 'good',
      text: `${span(o.behind_ms)} ${t('engine.behind')} · ${t('engine.read_ago', span(o.read_ago_ms))} · ${number(o.records)}`,
      attrs: { dataset: { output: topic, behindMs: o.behind_ms } } })), { max: 8 }))));
  const kinds = Object.entries(e.dead_letters_by_kind);
  root.append(h('div.grid2',
    card(t('engine.dead_letters'), kinds.length ? barList(kinds.map(([k, n]) => ({ label: label(k), value: n, text: number(n), cls: 'bad' }))) : h('p.note', t('none'))),
    card(t('engine.checkpoints'), checkpoints(e.checkpoints))));
  root.append(card(t('engine.latest_dead'), e.dead_letters.length ? h('table.dead', h('tbody', e.dead_letters.map((d) => h('tr',
    h('td', when(d.source_timestamp)), h('td', `${d.source_topic}/${d.source_partition}@${d.source_offset}`),
    h('td', h('b', d.error_kind)), h('td', d.error_message), h('td', h('code', d.value_text || '')))))) : h('p.note', t('none'))));
}

function checkpoints(c) {
  if (!c) return h('p.note', t('engine.no_flink'));
  if (c.error) return h('p.note', `${c.rest}: ${c.error}`);
  const n = c.counts || {};
  const l = c.latest_completed;
  return h('div',
    h('p', h('b', c.job), ` · ${c.job_id}`),
    h('div.summary',
      h('span', h('b', number(n.completed)), ' ', t('engine.completed')),
      h('span', h('b', number(n.failed)), ' ', t('engine.failed')),
      h('span', h('b', number(n.in_progress)), ' ', t('engine.in_progress'))),
    l ? h('p', `${t('engine.latest')} #${l.id} · ${when(new Date(l.completed_at).toISOString())} · ${t('engine.duration')} ${span(l.duration_ms)} · ${t('engine.state')} ${number(l.state_bytes / 1048576, 1)} MB`) : null,
    c.latest_failed ? h('p.error', `#${c.latest_failed.id}: ${c.latest_failed.message}`) : null);
}

function change(kind) {
  if (kind === 'reset') debounce(draw, 100)();
}

function leave() {
  root = null;
  clearInterval(timer);
}

export default { show, change, leave };
