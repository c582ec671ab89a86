// Words of the pages in English and Brazilian Portuguese; the language follows the browser's
// until the switch picks one (kept in localStorage). Numbers, money and times in the locale's format.

const WORDS = {
  en: {
    'nav.portfolio': 'Portfolio', 'nav.alerts': 'Alert inbox', 'nav.customers': 'Customers',
    'nav.collections': 'Collections', 'nav.policies': 'Policies', 'nav.engine': 'Engine',
    'nav.glossary': 'Glossary',
    'live.on': 'live', 'live.off': 'reconnecting…', 'loading': 'Loading customer-health: {0} of {1}',
    'none': 'none yet', 'dash': '–', 'more': 'More', 'prev': 'Previous', 'next': 'Next',
    'page.of': '{0}–{1} of {2}', 'all': 'all', 'as_of': 'as of {0}', 'provisional': 'provisional (day open)',
    'final': 'final', 'window.DAY': 'day', 'window.ROLLING_30_DAYS': '30 days', 'window.MONTH': 'month',
    'portfolio.title': 'Portfolio', 'portfolio.mrr_chart': 'MRR by day',
    'portfolio.movements': 'MRR movements by day', 'portfolio.figures': 'Figures',
    'portfolio.by_status': 'Customers by portfolio status', 'portfolio.by_segment': 'Customers by segment',
    'portfolio.aging': 'Receivables by aging bucket', 'portfolio.recovery': 'Recovery',
    'portfolio.failures_method': 'Payment failure rate by method',
    'portfolio.failures_code': 'Payment failure rate by decline code',
    'portfolio.no_metrics': 'No portfolio metrics yet: a day shows once its first facts arrive.',
    'portfolio.churn_note': 'Churn is involuntary when the customer\'s payments had lapsed (dunning ladder exhausted, or a hard decline never fixed), voluntary otherwise.',
    'portfolio.churn_unsplit': 'Churn (not split)', 'portfolio.churn': 'Churn',
    'portfolio.customers': 'customers', 'portfolio.mrr': 'MRR',
    'metric.mrr': 'MRR', 'metric.customers': 'Paying customers', 'metric.arpa': 'ARPA', 'metric.nrr': 'NRR',
    'metric.grr': 'GRR', 'metric.logo_churn_rate': 'Logo churn', 'metric.gross_mrr_churn_rate': 'Gross MRR churn',
    'metric.net_mrr_churn_rate': 'Net MRR churn', 'metric.quick_ratio': 'Quick ratio', 'metric.ltv': 'LTV',
    'metric.cac': 'CAC', 'metric.payback_months': 'CAC payback (months)',
    'metric.revenue_concentration_top_20': 'Top 20% hold', 'metric.open_receivables': 'Open receivables',
    'metric.past_due_receivables': 'Past due', 'metric.delinquency_rate': 'Delinquency',
    'metric.open_invoices': 'Open invoices', 'metric.recovery_rate': 'Recovery rate',
    'metric.median_days_to_recover': 'Median days to recover', 'metric.recovered_minor': 'Recovered',
    'metric.payment_attempts': 'Payment attempts', 'metric.payment_failures': 'Payment failures',
    'metric.payment_failure_rate': 'Payment failure rate', 'metric.refunds': 'Refunds',
    'metric.refunded_minor': 'Refunded', 'metric.new_customers': 'New customers',
    'metric.churned_customers': 'Churned customers', 'metric.new_mrr': 'New',
    'metric.expansion_mrr': 'Expansion', 'metric.reactivation_mrr': 'Reactivation',
    'metric.contraction_mrr': 'Contraction', 'metric.churned_mrr': 'Churn',
    'metric.voluntary_churned_mrr': 'Voluntary churn', 'metric.involuntary_churned_mrr': 'Involuntary churn',
    'metric.voluntary_churned_customers': 'Churned voluntarily', 'metric.involuntary_churned_customers': 'Churned involuntarily',
    'alerts.title': 'Alert inbox', 'alerts.open': 'open', 'alerts.escalated': 'escalated',
    'alerts.at_risk': 'MRR at risk', 'alerts.resolved': 'resolved', 'alerts.order': 'Most at stake first: risk score × MRR at risk',
    'alerts.reasons': 'Why', 'alerts.evidence': 'Evidence', 'alerts.action': 'Recommended action',
    'alerts.history': 'History', 'alerts.window': 'Window', 'alerts.threshold': 'Threshold',
    'alerts.none': 'No open alert matches.', 'alerts.new': 'new', 'alerts.recently_resolved': 'Recently resolved',
    'filter.severity': 'Severity', 'filter.churn_type': 'Churn type', 'filter.pattern': 'Pattern',
    'filter.segment': 'Segment', 'filter.owner': 'Account owner', 'filter.type': 'Type', 'filter.channel': 'Channel',
    'customers.title': 'Customers', 'customers.search': 'Search by id or name', 'customers.at_risk': 'At risk and critical, largest MRR first',
    'customers.results': 'Found', 'customer.score': 'Health score', 'customer.contributions': 'Why this score',
    'customer.lifecycle': 'Lifecycle', 'customer.segments': 'Segments', 'customer.timeline': 'Timeline',
    'customer.invoices': 'Open invoices', 'customer.invoices_note': 'As the dunning actions last told them; the snapshot counts {0} open, {1}, oldest {2} days past due.',
    'customer.invoices_snapshot': '{0} open, {1}, as of {2}; the ladder step is that of the latest dunning action sent for the invoice.',
    'customer.no_step': 'no dunning step yet',
    'invoice.invoice': 'Invoice', 'invoice.amount': 'Owed', 'invoice.due': 'Due', 'invoice.days_past_due_head': 'Past due',
    'invoice.failed': 'Failed attempts', 'invoice.ladder_step': 'Ladder step',
    'customer.policy': 'Policy in force', 'customer.open_alerts': 'Open alerts', 'customer.not_found': 'No customer {0} read.',
    'customer.days_past_due': 'days past due', 'customer.step': 'step', 'customer.owner': 'Account owner',
    'customer.channel': 'Preferred channel', 'customer.mrr': 'MRR', 'customer.balance': 'Open balance',
    'customer.built_in': 'built in', 'customer.expansion': 'expansion potential',
    'collections.title': 'Collections', 'collections.read': '{0} dunning actions read',
    'collections.to': 'to', 'collections.scheduled': 'scheduled for',
    'policies.title': 'Policies', 'policies.in_force': 'In force per segment', 'policies.version': 'version',
    'policies.falls_back': 'falls back to default', 'policies.built_in': 'built in (v0)',
    'policies.refused': 'Refused documents', 'policies.refused_by_job': 'Refused by the job (dead letters)',
    'policies.upload': 'Publish a new version', 'policies.upload_help': 'YAML or JSON with segment, version and policy: checked with the same rules as carteira policy push; nothing is published if anything is wrong.',
    'policies.format': 'Format', 'policies.publish': 'Validate and publish', 'policies.published': 'Published {0} v{1}.',
    'policies.refused_now': 'Refused, nothing published:', 'policies.show': 'show policy',
    'engine.title': 'Engine health', 'engine.inputs': 'Input topics', 'engine.per_second': 'records/s',
    'engine.records': 'records', 'engine.outputs': 'Outputs: event time behind the wall clock',
    'engine.behind': 'behind', 'engine.read_ago': 'read {0} ago', 'engine.dead_letters': 'Dead letters by kind',
    'engine.latest_dead': 'Latest dead letters', 'engine.checkpoints': 'Checkpoints',
    'engine.no_flink': 'Flink\'s REST API not given (--flink-rest): no checkpoints to show.',
    'engine.completed': 'completed', 'engine.failed': 'failed', 'engine.in_progress': 'in progress',
    'engine.latest': 'latest completed', 'engine.duration': 'took', 'engine.state': 'state',
    'engine.reading': 'Reading {0} · start {1} · zone {2}',
    'glossary.title': 'Glossary', 'glossary.source': 'From docs/metrics.md, definition version 3.',
  },
  'pt-BR': {
    'nav.portfolio': 'Carteira', 'nav.alerts': 'Alertas', 'nav.customers': 'Clientes',
    'nav.collections': 'Cobrança', 'nav.policies': 'Políticas', 'nav.engine': 'Motor',
    'nav.glossary': 'Glossário',
    'live.on': 'ao vivo', 'live.off': 'reconectando…', 'loading': 'Carregando customer-health: {0} de {1}',
    'none': 'nada ainda', 'dash': '–', 'more': 'Mais', 'prev': 'Anterior', 'next': 'Próxima',
    'page.of': '{0}–{1} de {2}', 'all': 'todos', 'as_of': 'em {0}', 'provisional': 'provisório (dia aberto)',
    'final': 'final', 'window.DAY': 'dia', 'window.ROLLING_30_DAYS': '30 dias', 'window.MONTH': 'mês',
    'portfolio.title': 'Carteira', 'portfolio.mrr_chart': 'MRR por dia',
    'portfolio.movements': 'Movimentos de MRR por dia', 'portfolio.figures': 'Indicadores',
    'portfolio.by_status': 'Clientes por situação', 'portfolio.by_segment': 'Clientes por segmento',
    'portfolio.aging': 'Recebíveis por faixa de atraso', 'portfolio.recovery': 'Recuperação',
    'portfolio.failures_method': 'Taxa de falha de pagamento por meio',
    'portfolio.failures_code': 'Taxa de falha de pagamento por código de recusa',
    'portfolio.no_metrics': 'Nenhuma métrica ainda: um dia aparece quando chegam seus primeiros fatos.',
    'portfolio.churn_note': 'O churn é involuntário quando os pagamentos do cliente haviam parado (régua de cobrança esgotada, ou recusa definitiva do cartão nunca resolvida); voluntário nos demais casos.',
    'portfolio.churn_unsplit': 'Churn (sem divisão)', 'portfolio.churn': 'Churn',
    'portfolio.customers': 'clientes', 'portfolio.mrr': 'MRR',
    'metric.mrr': 'MRR', 'metric.customers': 'Clientes pagantes', 'metric.arpa': 'ARPA', 'metric.nrr': 'NRR',
    'metric.grr': 'GRR', 'metric.logo_churn_rate': 'Churn de clientes', 'metric.gross_mrr_churn_rate': 'Churn bruto de MRR',
    'metric.net_mrr_churn_rate': 'Churn líquido de MRR', 'metric.quick_ratio': 'Quick ratio', 'metric.ltv': 'LTV',
    'metric.cac': 'CAC', 'metric.payback_months': 'Payback do CAC (meses)',
    'metric.revenue_concentration_top_20': 'Top 20% detêm', 'metric.open_receivables': 'Recebíveis em aberto',
    'metric.past_due_receivables': 'Vencidos', 'metric.delinquency_rate': 'Inadimplência',
    'metric.open_invoices': 'Faturas em aberto', 'metric.recovery_rate': 'Taxa de recuperação',
    'metric.median_days_to_recover': 'Mediana de dias para recuperar', 'metric.recovered_minor': 'Recuperado',
    'metric.payment_attempts': 'Tentativas de pagamento', 'metric.payment_failures': 'Falhas de pagamento',
    'metric.payment_failure_rate': 'Taxa de falha de pagamento', 'metric.refunds': 'Estornos',
    'metric.refunded_minor': 'Estornado', 'metric.new_customers': 'Novos clientes',
    'metric.churned_customers': 'Clientes perdidos', 'metric.new_mrr': 'Novo',
    'metric.expansion_mrr': 'Expansão', 'metric.reactivation_mrr': 'Reativação',
    'metric.contraction_mrr': 'Contração', 'metric.churned_mrr': 'Churn',
    'metric.voluntary_churned_mrr': 'Churn voluntário', 'metric.involuntary_churned_mrr': 'Churn involuntário',
    'metric.voluntary_churned_customers': 'Perdidos (voluntário)', 'metric.involuntary_churned_customers': 'Perdidos (involuntário)',
    'alerts.title': 'Caixa de alertas', 'alerts.open': 'abertos', 'alerts.escalated': 'escalados',
    'alerts.at_risk': 'MRR em risco', 'alerts.resolved': 'resolvidos', 'alerts.order': 'O que mais está em jogo primeiro: risco × MRR em risco',
    'alerts.reasons': 'Por quê', 'alerts.evidence': 'Evidências', 'alerts.action': 'Ação recomendada',
    'alerts.history': 'Histórico', 'alerts.window': 'Janela', 'alerts.threshold': 'Limite',
    'alerts.none': 'Nenhum alerta aberto com esses filtros.', 'alerts.new': 'novo', 'alerts.recently_resolved': 'Resolvidos recentemente',
    'filter.severity': 'Severidade', 'filter.churn_type': 'Tipo de churn', 'filter.pattern': 'Padrão',
    'filter.segment': 'Segmento', 'filter.owner': 'Responsável', 'filter.type': 'Tipo', 'filter.channel': 'Canal',
    'customers.title': 'Clientes', 'customers.search': 'Buscar por id ou nome', 'customers.at_risk': 'Em risco e críticos, maior MRR primeiro',
    'customers.results': 'Encontrados', 'customer.score': 'Saúde', 'customer.contributions': 'Por que esta nota',
    'customer.lifecycle': 'Ciclo de vida', 'customer.segments': 'Segmentos', 'customer.timeline': 'Linha do tempo',
    'customer.invoices': 'Faturas em aberto', 'customer.invoices_note': 'Como as últimas ações de cobrança as mostraram; o snapshot conta {0} em aberto, {1}, a mais antiga com {2} dias de atraso.',
    'customer.invoices_snapshot': '{0} em aberto, {1}, em {2}; a etapa da régua é a da última ação de cobrança enviada para a fatura.',
    'customer.no_step': 'nenhuma etapa de cobrança ainda',
    'invoice.invoice': 'Fatura', 'invoice.amount': 'Devido', 'invoice.due': 'Vencimento', 'invoice.days_past_due_head': 'Atraso',
    'invoice.failed': 'Tentativas com falha', 'invoice.ladder_step': 'Etapa da régua',
    'customer.policy': 'Política em vigor', 'customer.open_alerts': 'Alertas abertos', 'customer.not_found': 'Nenhum cliente {0} lido.',
    'customer.days_past_due': 'dias de atraso', 'customer.step': 'etapa', 'customer.owner': 'Responsável',
    'customer.channel': 'Canal preferido', 'customer.mrr': 'MRR', 'customer.balance': 'Saldo em aberto',
    'customer.built_in': 'embutida', 'customer.expansion': 'potencial de expansão',
    'collections.title': 'Cobrança', 'collections.read': '{0} ações de cobrança lidas',
    'collections.to': 'para', 'collections.scheduled': 'agendada para',
    'policies.title': 'Políticas', 'policies.in_force': 'Em vigor por segmento', 'policies.version': 'versão',
    'policies.falls_back': 'usa a default', 'policies.built_in': 'embutida (v0)',
    'policies.refused': 'Documentos recusados', 'policies.refused_by_job': 'Recusados pelo job (dead letters)',
    'policies.upload': 'Publicar uma nova versão', 'policies.upload_help': 'YAML ou JSON com segment, version e policy: verificado com as mesmas regras de carteira policy push; nada é publicado se algo estiver errado.',
    'policies.format': 'Formato', 'policies.publish': 'Validar e publicar', 'policies.published': 'Publicada {0} v{1}.',
    'policies.refused_now': 'Recusada, nada publicado:', 'policies.show': 'ver política',
    'engine.title': 'Saúde do motor', 'engine.inputs': 'Tópicos de entrada', 'engine.per_second': 'registros/s',
    'engine.records': 'registros', 'engine.outputs': 'Saídas: tempo do evento atrás do relógio',
    'engine.behind': 'atrás', 'engine.read_ago': 'lido há {0}', 'engine.dead_letters': 'Dead letters por tipo',
    'engine.latest_dead': 'Últimas dead letters', 'engine.checkpoints': 'Checkpoints',
    'engine.no_flink': 'API REST do Flink não informada (--flink-rest): sem checkpoints a mostrar.',
    'engine.completed': 'concluídos', 'engine.failed': 'falharam', 'engine.in_progress': 'em andamento',
    'engine.latest': 'último concluído', 'engine.duration': 'levou', 'engine.state': 'estado',
    'engine.reading': 'Lendo {0} · início {1} · fuso {2}',
    'glossary.title': 'Glossário', 'glossary.source': 'De docs/metrics.md, versão 3 das definições.',
  },
};

/** Names of the outputs' enum values and dimensions in Portuguese; English reads them as they are. */
const ENUMS_PT = {
  portfolio_status: 'situação', lifecycle: 'ciclo de vida', health_band: 'faixa de saúde',
  value_tier: 'faixa de valor', payment_behaviour: 'comportamento de pagamento', engagement: 'engajamento',
  ACTIVE: 'ativo', IN_RENEWAL: 'em renovação', INACTIVE: 'inativo', PROSPECT: 'prospect',
  ONBOARDING: 'onboarding', PAST_DUE: 'em atraso', RENEWAL: 'renovação', REACTIVATED: 'reativado', CHURNED: 'cancelado',
  HEALTHY: 'saudável', ATTENTION: 'atenção', AT_RISK: 'em risco', CRITICAL: 'crítico',
  KEY_ACCOUNT: 'key account', MID_MARKET: 'mid market', LONG_TAIL: 'cauda longa', UNRANKED: 'sem faixa',
  PUNCTUAL: 'pontual', OCCASIONALLY_LATE: 'atrasa às vezes', CHRONICALLY_LATE: 'atrasa sempre', DELINQUENT: 'inadimplente', UNKNOWN: 'desconhecido',
  HIGH: 'alto', MEDIUM: 'médio', LOW: 'baixo', DORMANT: 'dormente',
  OPEN: 'aberto', ESCALATED: 'escalado', RESOLVED: 'resolvido', VOLUNTARY: 'voluntário', INVOLUNTARY: 'involuntário',
  PRE_DUE_REMINDER: 'lembrete antes do vencimento', PAYMENT_FAILED_NOTICE: 'aviso de falha de pagamento',
  RETRY_SCHEDULED: 'nova tentativa agendada', OVERDUE_REMINDER: 'lembrete de atraso', ESCALATION: 'escalonamento',
  SUSPENSION_WARNING: 'aviso de suspensão', RENEWAL_NUDGE: 'lembrete de renovação', WIN_BACK: 'reconquista',
  LOYALTY_REWARD: 'recompensa de fidelidade', CUSTOMER: 'cliente', COLLECTIONS: 'cobrança', ACCOUNT_OWNER: 'responsável',
  EMAIL: 'e-mail', SMS: 'sms', WHATSAPP: 'whatsapp', PHONE: 'telefone',
};

let lang = pick(localStorage.getItem('carteira.lang') || navigator.language || 'en');

function pick(wanted) {
  return wanted.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
}

export function language() {
  return lang;
}

export function setLanguage(wanted) {
  lang = pick(wanted);
  localStorage.setItem('carteira.lang', lang);
  document.documentElement.lang = lang;
}

/** The words for key, with {0}, {1}… replaced by args. */
export function t(key, ...args) {
  const text = WORDS[lang][key] ?? WORDS.en[key] ?? key;
  return text.replace(/\{(\d)\}/g, (_, i) => args[+i]);
}

/** An enum's name for people: PAST_DUE → past due. */
export function label(name) {
  if (name == null) return t('dash');
  const pt = lang === 'pt-BR' ? ENUMS_PT[name] ?? ENUMS_PT[String(name).toUpperCase()] : null;
  return pt ?? String(name).toLowerCase().replaceAll('_', ' ');
}

export function money(minor, currency = 'BRL') {
  if (minor === null || minor === undefined) return t('dash');
  return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(minor / 100);
}

export function compactMoney(minor, currency = 'BRL') {
  if (minor === null || minor === undefined) return t('dash');
  return new Intl.NumberFormat(lang, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(minor / 100);
}

export function number(n, digits = 0) {
  if (n === null || n === undefined) return t('dash');
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}

export function percent(rate) {
  if (rate === null || rate === undefined) return t('dash');
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

export function when(iso) {
  if (!iso) return t('dash');
  return new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
}

export function day(isoDate) {
  if (!isoDate) return t('dash');
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { day: '2-digit', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** 0.4 s, 12 s, 5 min, 3 h, 32 d. */
export function span(ms) {
  if (ms === null || ms === undefined) return t('dash');
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${number(s, 1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}
