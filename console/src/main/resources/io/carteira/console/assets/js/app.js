// The console's shell: the pages by address (#/alerts, #/customers/cus-00042…), the language switch,
// and one EventSource whose changes each page takes in. EventSource reconnects by itself with the
// last id it got (Last-Event-ID), so a dropped connection resumes where it stopped.
import { h, clear, debounce } from './dom.js';
import { t, language, setLanguage, number } from './i18n.js';
import * as api from './api.js';
import portfolio from './pages/portfolio.js';
import alerts from './pages/alerts.js';
import customers from './pages/customers.js';
import collections from './pages/collections.js';
import policies from './pages/policies.js';
import engine from './pages/engine.js';
import glossary from './pages/glossary.js';

const PAGES = { portfolio, alerts, customers, collections, policies, engine, glossary };
const main = document.getElementById('page');
let current = null;
let currentKey = null;

function route(redraw = false) {
  const [name, ...rest] = (location.hash.replace(/^#\/?/, '') || 'portfolio').split('/');
  const page = PAGES[name] || portfolio;
  const arg = rest.length ? decodeURIComponent(rest.join('/')) : null;
  const key = `${name}/${arg}`;
  drawNav(name);
  if (!redraw && current && current.leave) current.leave();
  current = page;
  if (key !== currentKey || !main.firstChild) {
    clear(main);
    main.dataset.page = name;
  }
  currentKey = key;
  document.title = `${t(`nav.${name in PAGES ? name : 'portfolio'}`)} · Carteira`;
  page.show(main, arg).catch((e) => fault(String(e && e.stack || e)));
}

function drawNav(active) {
  const nav = clear(document.getElementById('nav'));
  for (const name of Object.keys(PAGES)) {
    nav.append(h('a', { href: `#/${name}`, class: name === active ? 'active' : null, 'aria-current': name === active ? 'page' : null }, t(`nav.${name}`)));
  }
}

function connect() {
  const live = document.getElementById('live');
  const stream = new EventSource('/api/stream');
  const mark = (on) => {
    live.className = on ? 'live on' : 'live off';
    live.textContent = on ? t('live.on') : t('live.off');
    live.dataset.lastEventId = stream.lastEventId || '';
  };
  stream.onopen = () => mark(true);
  stream.onerror = () => mark(false);
  for (const kind of ['alert', 'action', 'policy', 'tick', 'reset', 'hello']) {
    stream.addEventListener(kind, (e) => {
      mark(true);
      const data = JSON.parse(e.data || '{}');
      if (kind === 'tick') loading();
      if (current && current.change) current.change(kind === 'reset' ? 'reset' : kind, data);
    });
  }
}

async function loading() {
  const status = await api.get('status').catch(() => null);
  const bar = document.getElementById('loading');
  if (status && status.health_total > 0 && status.health_read < status.health_total) {
    bar.hidden = false;
    bar.textContent = t('loading', number(status.health_read), number(status.health_total));
  } else {
    bar.hidden = true;
  }
}

function fault(message) {
  const bar = document.getElementById('loading');
  bar.hidden = false;
  bar.className = 'loading fault';
  bar.textContent = message;
}
window.addEventListener('error', (e) => fault(`${e.message} (${e.filename}:${e.lineno})`));
window.addEventListener('unhandledrejection', (e) => fault(String(e.reason && e.reason.stack || e.reason)));

const lang = document.getElementById('lang');
lang.value = language();
document.documentElement.lang = language();
lang.addEventListener('change', () => {
  setLanguage(lang.value);
  currentKey = null;
  route();
});
window.addEventListener('hashchange', () => route());
// the charts are drawn for the width they have: drawn again when it changes across a phone's
let narrow = window.innerWidth < 600;
window.addEventListener('resize', debounce(() => {
  if ((window.innerWidth < 600) !== narrow) {
    narrow = !narrow;
    route(true);
  }
}, 200));
route();
connect();
loading();
