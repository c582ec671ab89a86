// Portfolio: MRR by day and its daily movements, the figures portfolio-metrics carries (each linked
// to its definition), customers by status and segment, receivables by aging, recovery and payment
// failures. Asked again when a tick says the metrics or snapshots moved.
import { h, clear, debounce } from '../dom.js';
import { t, label, money, compactMoney, percent, number, day } from '../i18n.js';
import * as api from '../api.js';
import { lineChart, movementChart, legend, barList } from '../charts.js';
import { card, figure } from './common.js';

const MOVEMENTS = [
  { key: 'new_mrr', color: '#2f9e44', sign: 1 },
  { key: 'expansion_mrr', color: '#74b816', sign: 1 },
  { key: 'reactivation_mrr', color: '#1c7ed6', sign: 1 },
  { key: 'contraction_mrr', color: '#f59f00', sign: -1 },
  { key: 'voluntary_churned_mrr', color: '#e03131', sign: -1 },
  { key: 'involuntary_churned_mrr', color: '#862e9c', sign: -1 },
];
// Churn that portfolio-metrics did not split (figures of a job from before the split, or of days
// it had summed before): the total less its two parts, drawn only when there is some.
const UNSPLIT = { key: 'churned_mrr_unsplit', color: '#adb5bd', sign: -1 };
const CHURN = ['churned_mrr', 'voluntary_churned_mrr', 'involuntary_churned_mrr', 'churned_customers', 'voluntary_churned_customers', 'involuntary_churned_customers'];
const HEADLINE = ['mrr', 'customers', 'arpa', 'nrr', 'grr', 'logo_churn_rate', 'quick_ratio', 'ltv', 'cac', 'payback_months', 'revenue_concentration_top_20'];
const RECEIVABLES = ['open_receivables', 'past_due_receivables', 'delinquency_rate', 'open_invoices', 'recovery_rate', 'median_days_to_recover', 'recovered_minor'];
const PAYMENTS = ['payment_attempts', 'payment_failures', 'payment_failure_rate', 'refunds', 'refunded_minor', 'new_customers', 'gross_mrr_churn_rate', 'net_mrr_churn_rate'];
const BUCKETS = ['1-15', '16-30', '31-60', '61-90', '90+'];

let root = null;
let seen = -1;

async function show(main) {
  root = main;
  seen = -1;
  await draw();
}

async function draw() {
  const p = await api.get('portfolio');
  if (!root || !p) return;
  seen = p.metrics_version;
  const c = p.currency;
  const figures = p.figures;
  clear(root).append(h('h1', t('portfolio.title')));
  if (!Object.keys(figures).length) root.append(h('p.note', t('portfolio.no_metrics')));
  root.append(h('div.figures.headline', HEADLINE.map((m) => figure(m, figures[m], c))));

  const mrr = p.series.mrr;
  const series = MOVEMENTS.map((m) => ({ ...m, label: t(`metric.${m.key}`), points: p.series[m.key] || [] }));
  const unsplit = unsplitChurn(p.series);
  if (unsplit.length) series.push({ ...UNSPLIT, label: t('portfolio.churn_unsplit'), points: unsplit });
  root.append(h('div.grid2',
    card(t('portfolio.mrr_chart'), lineChart(mrr, { format: (v) => compactMoney(v, c), dayLabel: day, title: t('portfolio.mrr_chart') })),
    card(t('portfolio.movements'),
      movementChart(series, { format: (v) => compactMoney(v, c), dayLabel: day, title: t('portfolio.movements') }),
      legend(series),
      h('div.figures.churn', CHURN.map((m) => figure(m, figures[m], c))),
      h('p.note', t('portfolio.churn_note')))));

  const tallies = p.customers;
  root.append(h('div.grid2',
    card(t('portfolio.by_status'),
      ['portfolio_status', 'lifecycle', 'health_band'].map((d) => h('div.segment', h('h3', label(d)), tally(tallies[d], c)))),
    card(t('portfolio.by_segment'),
      ['value_tier', 'payment_behaviour', 'engagement'].map((d) => h('div.segment', h('h3', label(d)), tally(tallies[d], c))))));

  const aging = p.breakdowns['open_receivables:aging_bucket'] || {};
  const recovery = p.breakdowns['recovery_rate:aging_bucket'] || {};
  root.append(h('div.grid2',
    card(t('portfolio.aging'),
      barList(BUCKETS.map((b) => ({ label: b, value: aging[b]?.value_minor || 0, text: money(aging[b]?.value_minor ?? null, c), cls: 'warn', attrs: { dataset: { bucket: b } } }))),
      h('div.figures', RECEIVABLES.map((m) => figure(m, figures[m], c)))),
    card(t('portfolio.recovery'),
      barList(BUCKETS.map((b) => ({ label: b, value: recovery[b]?.value || 0, text: percent(recovery[b]?.value ?? null) })), { max: 1 }),
      h('div.figures', PAYMENTS.map((m) => figure(m, figures[m], c))))));

  const byMethod = p.breakdowns['payment_failure_rate:method'] || {};
  const byCode = p.breakdowns['payment_failure_rate:failure_code'] || {};
  const rates = (o) => Object.entries(o).sort((a, b) => (b[1].value || 0) - (a[1].value || 0)).slice(0, 12)
    .map(([k, v]) => ({ label: label(k), value: v.value || 0, text: percent(v.value), cls: 'bad' }));
  root.append(h('div.grid2',
    card(t('portfolio.failures_method'), Object.keys(byMethod).length ? barList(rates(byMethod)) : h('p.note', t('none'))),
    card(t('portfolio.failures_code'), Object.keys(byCode).length ? barList(rates(byCode)) : h('p.note', t('none')))));
}

/** Per day, the churned MRR its voluntary and involuntary parts leave unexplained, where any. */
function unsplitChurn(series) {
  const part = (key, d) => (series[key] || []).find((p) => p.day === d)?.value || 0;
  return (series.churned_mrr || [])
    .map((p) => ({ day: p.day, value: (p.value || 0) - part('voluntary_churned_mrr', p.day) - part('involuntary_churned_mrr', p.day) }))
    .filter((p) => p.value > 0);
}

function tally(values, currency) {
  const rows = Object.entries(values || {}).sort((a, b) => b[1].customers - a[1].customers);
  if (!rows.length) return h('p.note', t('none'));
  return barList(rows.map(([k, v]) => ({
    label: label(k), value: v.customers,
    text: `${number(v.customers)} · ${compactMoney(v.mrr, currency)}`,
    attrs: { dataset: { tally: k, customers: v.customers, mrr: v.mrr } },
  })));
}

const redraw = debounce(() => draw().catch(() => {}), 400);

function change(kind, data) {
  if (kind === 'reset' || (kind === 'tick' && (data.metrics_version !== seen || data.customers_changed?.length || data.many_changed))) redraw();
}

function leave() {
  root = null;
}

export default { show, change, leave };
