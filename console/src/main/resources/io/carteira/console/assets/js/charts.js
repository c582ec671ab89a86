// Hand-written SVG charts: a line of a series over days, stacked bars of daily movements above and
// below zero, and horizontal bars. Each scales to its container (viewBox) and needs no library.
import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** Three round ticks from 0 (or min) to max. */
function ticks(min, max) {
  const span = max - min || 1;
  const step = Math.pow(10, Math.floor(Math.log10(span / 2)));
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * step).find((st) => span / st <= 4) || step * 10;
  const out = [];
  for (let v = Math.floor(min / nice) * nice; out.length < 12; v += nice) {
    out.push(Math.abs(v) < nice * 1e-9 ? 0 : v);
    if (v >= max - nice * 0.001) break;
  }
  return out;
}

/**
 * A line over days: points [{day, value, provisional}], format(value) for the axis and the last
 * value. The open day's provisional point is drawn hollow.
 */
/** The drawing's width: narrower on a phone, so its text stays readable once scaled to fit. */
function width() {
  return window.innerWidth < 600 ? 360 : 640;
}

export function lineChart(points, { format, dayLabel, height = 220, title }) {
  const W = width(), H = height, L = 64, R = 12, T = 14, B = 26;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart line', role: 'img', 'aria-label': title || '' });
  if (!points.length) return svg;
  const values = points.map((p) => p.value ?? 0);
  const lo = Math.min(0, ...values), hi = Math.max(...values, 1);
  const ys = ticks(lo, hi);
  const yMin = ys[0], yMax = ys[ys.length - 1];
  const x = (i) => L + (points.length === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (points.length - 1));
  const y = (v) => T + (H - T - B) * (1 - (v - yMin) / (yMax - yMin || 1));
  for (const v of ys) {
    svg.append(s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }));
    svg.append(s('text', { x: L - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, format(v)));
  }
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value ?? 0).toFixed(1)}`).join(' ');
  if (points.length > 1) {
    svg.append(s('path', { d: `${path} L${x(points.length - 1)},${y(yMin)} L${x(0)},${y(yMin)} Z`, class: 'area' }));
    svg.append(s('path', { d: path, class: 'stroke' }));
  }
  const last = points[points.length - 1];
  svg.append(s('circle', { cx: x(points.length - 1), cy: y(last.value ?? 0), r: 4, class: last.provisional ? 'dot open' : 'dot' }));
  const labels = points.length < 3 ? points.map((_, i) => i) : [0, Math.floor((points.length - 1) / 2), points.length - 1];
  for (const i of labels) {
    svg.append(s('text', { x: x(i), y: H - 6, class: 'axis', 'text-anchor': i === 0 && points.length > 1 ? 'start' : i === points.length - 1 && points.length > 1 ? 'end' : 'middle' }, dayLabel(points[i].day)));
  }
  return svg;
}

/**
 * Stacked bars per day: series [{key, label, color, sign, points: [{day, value}]}]; sign −1 draws
 * below zero (contraction, churn). Days are those of the first series.
 */
export function movementChart(series, { format, dayLabel, height = 200, title }) {
  const W = width(), H = height, L = 64, R = 12, T = 10, B = 26;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart bars', role: 'img', 'aria-label': title || '' });
  const days = [...new Set(series.flatMap((se) => se.points.map((p) => p.day)))].sort();
  if (!days.length) return svg;
  const byDay = (se, d) => se.points.find((p) => p.day === d)?.value ?? 0;
  let up = 1, down = 0;
  for (const d of days) {
    up = Math.max(up, series.filter((se) => se.sign > 0).reduce((a, se) => a + byDay(se, d), 0));
    down = Math.max(down, series.filter((se) => se.sign < 0).reduce((a, se) => a + byDay(se, d), 0));
  }
  const ys = ticks(-down, up);
  const yMin = ys[0], yMax = ys[ys.length - 1];
  const y = (v) => T + (H - T - B) * (1 - (v - yMin) / (yMax - yMin || 1));
  for (const v of ys) {
    svg.append(s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: v === 0 ? 'grid zero' : 'grid' }));
    svg.append(s('text', { x: L - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, format(v)));
  }
  const slot = (W - L - R) / days.length;
  const bw = Math.max(2, Math.min(24, slot * 0.7));
  days.forEach((d, i) => {
    const cx = L + slot * (i + 0.5);
    let top = 0, bottom = 0;
    for (const se of series) {
      const v = byDay(se, d);
      if (!v) continue;
      const from = se.sign > 0 ? top : bottom;
      const to = se.sign > 0 ? top + v : bottom - v;
      if (se.sign > 0) top = to; else bottom = to;
      const rect = s('rect', { x: (cx - bw / 2).toFixed(1), y: Math.min(y(from), y(to)).toFixed(1), width: bw.toFixed(1), height: Math.max(1, Math.abs(y(from) - y(to))).toFixed(1), fill: se.color, 'data-series': se.key, 'data-day': d, 'data-value': v });
      rect.append(s('title', {}, `${dayLabel(d)} · ${se.label}: ${format(v)}`));
      svg.append(rect);
    }
  });
  const labels = days.length < 3 ? days.map((_, i) => i) : [0, Math.floor((days.length - 1) / 2), days.length - 1];
  for (const i of labels) svg.append(s('text', { x: L + slot * (i + 0.5), y: H - 6, class: 'axis', 'text-anchor': 'middle' }, dayLabel(days[i])));
  return svg;
}

/** A legend for a chart's series. */
export function legend(series) {
  return h('div.legend', series.map((se) => h('span', { dataset: { series: se.key || '' } }, h('i', { style: `background:${se.color}` }), se.label)));
}

/**
 * Horizontal bars: rows [{label, value, text, href, cls, attrs}] scaled to the largest; values
 * below zero are drawn from the right of the zero line.
 */
export function barList(rows, { max } = {}) {
  const top = max ?? Math.max(1e-12, ...rows.map((r) => Math.abs(r.value || 0)));
  return h('div.barlist', rows.map((r) => {
    const width = Math.min(100, (Math.abs(r.value || 0) / top) * 100);
    const name = r.href ? h('a', { href: r.href }, r.label) : r.label;
    return h('div.bar-row', r.attrs || {},
      h('span.bar-label', name),
      h('span.bar-track', h(`span.bar-fill${r.value < 0 ? '.negative' : ''}${r.cls ? '.' + r.cls : ''}`, { style: `width:${width.toFixed(1)}%` })),
      h('span.bar-value', r.text ?? String(r.value)));
  }));
}
