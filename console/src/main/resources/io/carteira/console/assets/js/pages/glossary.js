// Glossary: docs/metrics.md, as shipped in the jar, rendered; #/glossary/nrr scrolls to the row
// that defines nrr and marks it.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { render } from '../markdown.js';

let text = null;

async function show(main, metric) {
  if (text === null) {
    const response = await fetch('/docs/metrics.md');
    text = response.ok ? await response.text() : '';
  }
  clear(main).append(h('p.note', t('glossary.source')), render(text));
  if (metric) {
    const row = main.querySelector(`#m-${CSS.escape(metric)}`) ||
      [...main.querySelectorAll('tr[data-metrics]')].find((r) => r.dataset.metrics.split(' ').includes(metric)) ||
      main.querySelector(`#${CSS.escape(metric)}`);
    if (row) {
      row.classList.add('target');
      row.scrollIntoView({ block: 'center' });
    }
  } else {
    window.scrollTo(0, 0);
  }
}

export default { show };
