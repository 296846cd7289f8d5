'use strict';
/*
 * Outpost views: helpers shared by the edge and the hub page (one file in the common module, served by
 * both nodes at /view/common.js). Every piece of data reaches the page through textContent or DOM
 * attributes, never through innerHTML, so a record holding "<script>" is shown as text.
 */
const O = (() => {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const DAY = 86400000;

  /** el('td', {class: 'num', text: '3'}, child...): an element built through the DOM. */
  function el(tag, attrs, ...children) {
    return build(document.createElement(tag), attrs, children);
  }

  function svg(tag, attrs, ...children) {
    return build(document.createElementNS(SVG_NS, tag), attrs, children);
  }

  function build(node, attrs, children) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') node.textContent = String(v);
      else if (k === 'on') for (const [type, fn] of Object.entries(v)) node.addEventListener(type, fn);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) append(node, c);
      else node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function $(id) {
    return document.getElementById(id);
  }

  /** The API token kept for this tab only (sessionStorage), under a key per kind of node. */
  function tokenStore(key) {
    return {
      get: () => sessionStorage.getItem(key),
      set: (v) => sessionStorage.setItem(key, v),
      clear: () => sessionStorage.removeItem(key),
    };
  }

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || ('HTTP ' + status));
      this.status = status;
      this.code = body && body.error;
      this.hint = body && body.hint;
      this.field = body && body.field;
    }
  }

  /**
   * fetch() for the node's API: the bearer token when one is kept, JSON in and out. A state-changing
   * request always says Content-Type: application/json (the node refuses anything else). A 401 calls
   * onUnauthorized (which asks for the token) and rejects.
   */
  function client(tokens, onUnauthorized) {
    async function raw(path, opts = {}) {
      const headers = Object.assign({ Accept: 'application/json' }, opts.headers || {});
      const token = tokens.get();
      if (token) headers.Authorization = 'Bearer ' + token;
      const init = { method: opts.method || 'GET', headers, credentials: 'same-origin', cache: 'no-store' };
      if (init.method !== 'GET') {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(opts.body === undefined ? {} : opts.body);
      }
      let res;
      try {
        res = await fetch(path, init);
      } catch (e) {
        // The node or the network is down: said like any other error, with a code and a hint (status 0).
        throw new ApiError(0, { error: 'CONNECTION_ERROR', message: 'This page could not reach its node',
          hint: 'Check that the node is running and that this device is on its network; the page tries again.' });
      }
      if (res.status === 401) {
        onUnauthorized();
      }
      return res;
    }
    async function json(path, opts) {
      const res = await raw(path, opts);
      const type = res.headers.get('Content-Type') || '';
      const body = type.includes('json') ? await res.json().catch(() => null) : null;
      if (!res.ok) throw new ApiError(res.status, body);
      return body;
    }
    /** Downloads a file the API serves (with the token, which a plain link could not send). */
    async function download(path, filename) {
      const res = await raw(path);
      if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
      saveBlob(await res.blob(), filename);
    }
    return { raw, json, download };
  }

  function saveBlob(blob, filename) {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: filename });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== null && v !== undefined && String(v).trim() !== '') q.set(k, String(v).trim());
    }
    const s = q.toString();
    return s ? '?' + s : '';
  }

  // ---- time

  function toDate(t) {
    if (t === null || t === undefined || t === '' || t === 0) return null;
    const d = typeof t === 'number' ? new Date(t) : new Date(String(t));
    return isNaN(d.getTime()) ? null : d;
  }

  function pad(n) {
    return String(n).padStart(2, '0');
  }

  /** The day (YYYY-MM-DD) of an instant in the zone times are shown in: charts and date filters use the same days. */
  function dayKey(d) {
    return zoneParts(d, shownZone()).date;
  }

  // Times are shown in the site's zone (setZone; the viewer's own until a page sets one), always with the
  // zone's name, and with the viewer's clock too where it reads differently: a nurse abroad and an operator
  // in another zone read the same instant without doing sums.
  const VIEWER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zoneFormats = new Map();
  let siteZone = null;

  /**
   * The zone times are shown in (an IANA name, e.g. the edge's schedule.timeZone); null for the viewer's. Every
   * element with data-zone-note then says which zone the page's days and times are in.
   */
  function setZone(zone) {
    try {
      if (zone) zoneParts(new Date(), zone);
      siteZone = zone || null;
    } catch (e) {
      siteZone = null; // a zone this browser does not know: the viewer's, still labelled
    }
    for (const note of document.querySelectorAll('[data-zone-note]')) {
      note.textContent = zoneNote();
      note.dataset.zone = shownZone();
    }
  }

  function shownZone() {
    return siteZone || VIEWER_ZONE;
  }

  /** "Dates are days in Asia/Kolkata (GMT+5:30), the site's time zone; yours is Europe/Berlin (GMT+1)." */
  function zoneNote() {
    const zone = shownZone(), now = new Date();
    const named = (z) => z + ' (' + zoneParts(now, z).timeZoneName + ')';
    if (!siteZone || zone === VIEWER_ZONE) {
      return 'Dates are days in ' + named(zone) + (siteZone ? ', the site\'s time zone and yours.' : ', your time zone.');
    }
    return 'Dates are days in ' + named(zone) + ', the site\'s time zone; yours is ' + named(VIEWER_ZONE) + '.';
  }

  function zoneParts(d, zone) {
    let f = zoneFormats.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
      zoneFormats.set(zone, f);
    }
    const p = {};
    for (const part of f.formatToParts(d)) p[part.type] = part.value;
    p.date = p.year + '-' + p.month + '-' + p.day;
    p.offset = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(d / 1000) * 1000;
    return p;
  }

  /**
   * YYYY-MM-DD HH:MM:SS and the zone, in the site's zone, e.g. "2026-12-07 21:00:00 GMT+5:30"; when the
   * viewer's clock reads otherwise at that instant, its time follows: "… (16:30 your time)".
   */
  function fmtTime(t) {
    const d = toDate(t);
    if (!d) return '—';
    const zone = siteZone || VIEWER_ZONE;
    const p = zoneParts(d, zone);
    let out = p.date + ' ' + p.hour + ':' + p.minute + ':' + p.second + ' ' + p.timeZoneName;
    if (zone !== VIEWER_ZONE) {
      const v = zoneParts(d, VIEWER_ZONE);
      if (v.offset !== p.offset) {
        out += ' (' + (v.date !== p.date ? v.month + '-' + v.day + ' ' : '') + v.hour + ':' + v.minute
          + ' your time)';
      }
    }
    return out;
  }

  function fmtSpan(ms) {
    const s = Math.round(Math.abs(ms) / 1000);
    if (s < 60) return s + ' s';
    const m = Math.round(s / 60);
    if (m < 60) return m + ' min';
    const h = Math.round(m / 6) / 10;
    if (h < 48) return h + ' h';
    return Math.round(h / 2.4) / 10 + ' days';
  }

  /** "5 min ago" / "in 3 h". */
  function fmtAge(t, now = Date.now()) {
    const d = toDate(t);
    if (!d) return '';
    const diff = now - d.getTime();
    return diff >= 0 ? fmtSpan(diff) + ' ago' : 'in ' + fmtSpan(diff);
  }

  /** Midnight starting the day YYYY-MM-DD (plus {add} days) in the shown zone, in ms: one offset lookup per DST side. */
  function zoneMidnight(value, add = 0) {
    const [y, m, d] = value.split('-').map(Number);
    const wall = Date.UTC(y, m - 1, d + add);
    let t = wall - zoneParts(new Date(wall), shownZone()).offset;
    t = wall - zoneParts(new Date(t), shownZone()).offset;
    return t;
  }

  /** A date input's value (a day in the shown zone) as the ISO instant of its first or last millisecond. */
  function dayStartIso(value) {
    return value ? new Date(zoneMidnight(value)).toISOString() : null;
  }

  function dayEndIso(value) {
    return value ? new Date(zoneMidnight(value, 1) - 1).toISOString() : null;
  }

  function daysAgoIso(days) {
    return new Date(zoneMidnight(dayKey(new Date()), -(days - 1))).toISOString();
  }

  function badge(status) {
    const s = status || '—';
    return el('span', { class: 'badge s-' + s, text: s === 'PARTIAL' ? 'PARTIAL (items failed)' : s });
  }

  // ---- charts (inline SVG, computed here from the runs the API returned)

  const STATUS_ORDER = ['COMPLETE', 'PARTIAL', 'FAILED'];

  /** Stacked bars: runs per local day by status over the last {days} days. */
  function runsPerDay(container, runs, days, startOf, statusOf) {
    clear(container);
    const keys = [];
    const today = dayKey(new Date());
    for (let i = days - 1; i >= 0; i--) keys.push(dayKey(new Date(zoneMidnight(today, -i) + DAY / 2)));
    const buckets = new Map(keys.map((k) => [k, { COMPLETE: 0, PARTIAL: 0, FAILED: 0, other: 0 }]));
    for (const r of runs) {
      const d = toDate(startOf(r));
      const b = d && buckets.get(dayKey(d));
      if (!b) continue;
      const s = statusOf(r);
      b[STATUS_ORDER.includes(s) ? s : 'other']++;
    }
    const max = Math.max(1, ...[...buckets.values()].map((b) => b.COMPLETE + b.PARTIAL + b.FAILED + b.other));
    const W = 420, H = 150, left = 22, bottom = 16, top = 6;
    const slot = (W - left) / days, barW = Math.max(4, slot * 0.7), plotH = H - bottom - top;
    const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img',
      'aria-label': 'Sync runs per day by status, last ' + days + ' days' });
    chart.appendChild(svg('line', { class: 'axis', x1: left, y1: H - bottom, x2: W, y2: H - bottom }));
    chart.appendChild(svg('text', { x: 0, y: top + 8, text: String(max) }));
    chart.appendChild(svg('text', { x: 0, y: H - bottom, text: '0' }));
    keys.forEach((k, i) => {
      const b = buckets.get(k);
      const x = left + i * slot + (slot - barW) / 2;
      let y = H - bottom;
      const total = b.COMPLETE + b.PARTIAL + b.FAILED + b.other;
      const g = svg('g', { 'data-day': k, 'data-total': total });
      g.appendChild(svg('title', { text: `${k}: ${total} runs — ${b.COMPLETE} complete, ${b.PARTIAL} partial, `
        + `${b.FAILED} failed, ${b.other} other` }));
      for (const s of [...STATUS_ORDER, 'other']) {
        if (!b[s]) continue;
        const h = (b[s] / max) * plotH;
        y -= h;
        g.appendChild(svg('rect', { class: 'fill-' + s, x: x.toFixed(1), y: y.toFixed(1), width: barW.toFixed(1),
          height: h.toFixed(1) }));
      }
      if (i % 2 === (days - 1) % 2) {
        g.appendChild(svg('text', { x: (x + barW / 2).toFixed(1), y: H - 4, 'text-anchor': 'middle',
          text: k.slice(8) }));
      }
      chart.appendChild(g);
    });
    container.appendChild(chart);
    container.appendChild(el('div', { class: 'legend' },
      el('span', { class: 'k-COMPLETE', text: 'complete' }), el('span', { class: 'k-PARTIAL', text: 'partial' }),
      el('span', { class: 'k-FAILED', text: 'failed' }), el('span', { class: 'k-other', text: 'other' }),
      el('span', { class: 'zone', text: 'days in ' + shownZone() })));
  }

  /**
   * One point per run, in time order and evenly spaced (runs cluster in time: a time axis would pile
   * them up), the first and last run's time under the axis.
   */
  function perRunLine(container, points, days, label) {
    clear(container);
    if (!points.length) {
      container.appendChild(el('p', { class: 'muted', text: 'No runs in the last ' + days + ' days.' }));
      return;
    }
    const W = 420, H = 150, left = 22, bottom = 16, top = 6, right = 6;
    const sorted = [...points].sort((a, b) => a.t - b.t);
    const max = Math.max(1, ...sorted.map((p) => p.v));
    const step = sorted.length > 1 ? (W - left - right) / (sorted.length - 1) : 0;
    const x = (i) => sorted.length > 1 ? left + i * step : (left + W - right) / 2;
    const y = (v) => H - bottom - (v / max) * (H - bottom - top);
    const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label });
    chart.appendChild(svg('line', { class: 'axis', x1: left, y1: H - bottom, x2: W, y2: H - bottom }));
    chart.appendChild(svg('text', { x: 0, y: top + 8, text: String(max) }));
    chart.appendChild(svg('text', { x: 0, y: H - bottom, text: '0' }));
    chart.appendChild(svg('text', { x: left, y: H - 4, text: fmtTime(sorted[0].t).slice(5, 16) }));
    if (sorted.length > 1) {
      chart.appendChild(svg('text', { x: W - right, y: H - 4, 'text-anchor': 'end',
        text: fmtTime(sorted[sorted.length - 1].t).slice(5, 16) }));
    }
    chart.appendChild(svg('polyline', { class: 'line',
      points: sorted.map((p, i) => x(i).toFixed(1) + ',' + y(p.v).toFixed(1)).join(' ') }));
    sorted.forEach((p, i) => {
      chart.appendChild(svg('circle', { class: 'dot', cx: x(i).toFixed(1), cy: y(p.v).toFixed(1), r: 2.5 },
        svg('title', { text: fmtTime(p.t) + ': ' + p.v + ' waiting' })));
    });
    container.appendChild(chart);
    container.appendChild(el('div', { class: 'legend' }, el('span', { class: 'k-line',
      text: sorted.length + ' runs; hover a point for its time' }), el('span', { class: 'zone',
      text: 'times in ' + shownZone() })));
  }

  // ---- tables

  /** Header cells; sortable ones are buttons that report their key. */
  function headRow(columns, sort, onSort) {
    return el('tr', null, columns.map((c) => {
      const th = el('th', { class: c.num ? 'num' : null, scope: 'col' });
      if (c.sort) {
        th.appendChild(el('button', { type: 'button', class: 'sort', 'data-sort': c.sort,
          'data-dir': sort && sort.key === c.sort ? sort.dir : null, text: c.label,
          on: { click: () => onSort(c.sort) } }));
      } else {
        th.textContent = c.label;
      }
      return th;
    }));
  }

  function nextSort(sort, key) {
    return sort.key === key ? { key, dir: sort.dir === 'desc' ? 'asc' : 'desc' } : { key, dir: 'desc' };
  }

  function compareTimes(a, b, dir) {
    const ta = toDate(a), tb = toDate(b);
    const va = ta ? ta.getTime() : (dir === 'desc' ? Infinity : -Infinity);
    const vb = tb ? tb.getTime() : (dir === 'desc' ? Infinity : -Infinity);
    return dir === 'desc' ? vb - va : va - vb;
  }

  // ---- conflicts: both versions side by side, field by field

  function show(value, deleted) {
    if (deleted) return '(deleted)';
    if (value === undefined) return '—';
    return typeof value === 'string' ? value : JSON.stringify(value, null, 1);
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  /**
   * A typed value: text stays text, unless both versions of the field are numbers or booleans and the text reads
   * as one (a nurse typing 5 for a dose of 4 or 6 means the number).
   */
  function typedValue(text, hubValue, localValue) {
    const kinds = [typeof hubValue, typeof localValue].filter((k) => k !== 'undefined');
    if (kinds.length && kinds.every((k) => k === 'number' || k === 'boolean')) {
      try {
        const v = JSON.parse(text);
        if (typeof v === 'number' || typeof v === 'boolean') return v;
      } catch (e) { /* not a number: kept as text */ }
    }
    return text;
  }

  /** "Expected ',' or '}' … at position 78" as a person can act on it: where, and what is usually wrong. */
  function jsonProblem(text, e) {
    const m = /position (\d+)/.exec(String(e && e.message));
    if (!m) return 'This is not valid JSON (check quotes, commas and braces). Nothing was saved.';
    const before = text.slice(0, Number(m[1])).split('\n');
    return 'This is not valid JSON near line ' + before.length + ', column ' + (before[before.length - 1].length + 1)
      + ': a comma, quote or brace is probably missing or extra there. Nothing was saved.';
  }

  /**
   * One conflict card. labels: {hub, local}; onResolve(keep, data) returns a Promise. Each field that differs
   * offers: keep the hub's value, keep this side's, or type one; "Save my choices" sends the record so composed
   * as a merged resolution. Fields the hub flagged are marked conflicting, others that differ are marked too.
   * The JSON editor stays for experts.
   */
  function conflictCard(c, labels, onResolve) {
    const hub = c.hub || {}, local = c.local || {};
    const hubData = hub.data || {}, localData = local.data || {};
    const marked = new Set(c.fields || []);
    const names = [...new Set([...Object.keys(hubData), ...Object.keys(localData)])]
      .sort((a, b) => (marked.has(b) - marked.has(a)) || a.localeCompare(b));
    const differs = (n) => !same(hubData[n], localData[n]);
    const byField = !hub.deleted && !local.deleted;
    const status = el('p', { class: 'muted', role: 'status' });
    const card = el('article', { class: 'conflict', 'data-collection': c.collection, 'data-id': c.id });
    card.appendChild(el('h3', null, c.collection + ' / ' + c.id));
    card.appendChild(el('p', { class: 'meta' },
      [c.site ? 'site ' + c.site + ' · ' : '', c.hubName ? 'hub ' + c.hubName + ' · ' : '',
        'detected ' + fmtTime(c.detectedAt), c.syncId ? ' · sync ' + c.syncId : '',
        ' · changed on both sides: ' + ([...marked].join(', ') || 'the whole record')].join('')));
    if (c.resolving) {
      card.appendChild(el('p', { class: 'note', text: 'Resolution "keep ' + c.resolving
        + '" is saved here and goes to the hub with the next sync.' }));
    }
    if (c.resolvedTwice) {
      // Two people resolved this conflict differently: the later choice was not applied, and not dropped either.
      const earlier = c.resolvedTwice.earlier || {}, later = c.resolvedTwice.later || {};
      card.appendChild(el('p', { class: 'note resolved-twice', text: 'Resolved twice, differently: the '
        + labels.hub + ' column is the choice in force' + (earlier.by ? ' (made by ' + earlier.by + ')' : '')
        + '; ' + labels.local + ' chose "keep ' + later.keep + '" after it. Decide again.' }));
    }
    const choices = new Map();
    const rows = names.map((n) => {
      const conflicting = marked.has(n);
      const cls = conflicting ? 'conflicting' : differs(n) ? 'differs' : null;
      let keepCell = el('td', { class: 'muted', text: 'same on both' });
      if (byField && (conflicting || differs(n))) {
        const select = el('select', { 'data-choice': n, 'aria-label': 'Keep for ' + n },
          el('option', { value: 'local', text: 'keep ' + labels.local + '\'s value' }),
          el('option', { value: 'hub', text: 'keep the ' + labels.hub + '\'s value' }),
          el('option', { value: 'typed', text: 'type a value' }));
        const typed = el('input', { type: 'text', 'data-typed': n, 'aria-label': 'Value for ' + n, hidden: true });
        typed.value = localData[n] === undefined ? '' : show(localData[n], false);
        select.addEventListener('change', () => { typed.hidden = select.value !== 'typed'; if (!typed.hidden) typed.focus(); });
        choices.set(n, { select, typed });
        keepCell = el('td', { class: 'choice' }, select, typed);
      }
      return el('tr', { class: cls, 'data-field': n },
        el('td', { class: 'field mono', text: n }),
        el('td', { text: show(hubData[n], hub.deleted) }),
        el('td', { text: show(localData[n], local.deleted) }),
        byField ? keepCell : null);
    });
    if (!names.length) {
      rows.push(el('tr', null, el('td', { text: '(no fields)' }), el('td', { text: show(undefined, hub.deleted) }),
        el('td', { text: show(undefined, local.deleted) })));
    }
    const headers = [el('th', { text: 'Field' }),
      el('th', { text: 'On the ' + labels.hub, title: hub.version ? 'version ' + hub.version + ' on the hub' : null }),
      el('th', { text: labels.local === 'this site' ? 'On this site' : 'From ' + labels.local }),
      byField && names.length ? el('th', { text: 'Keep' }) : null];
    card.appendChild(el('div', { class: 'scroll' }, el('table', { class: 'diff' },
      el('thead', null, el('tr', null, headers)), el('tbody', null, rows))));

    /** The record as chosen field by field (fields absent from the chosen side stay absent). */
    function composed() {
      const out = {};
      for (const n of names) {
        const choice = choices.get(n);
        const pick = choice ? choice.select.value : 'local';
        let v;
        if (pick === 'typed') v = typedValue(choice.typed.value, hubData[n], localData[n]);
        else v = pick === 'hub' ? hubData[n] : (n in localData ? localData[n] : hubData[n]);
        if (v !== undefined) out[n] = v;
      }
      return out;
    }

    const editor = el('textarea', { 'aria-label': 'Merged record (JSON)', spellcheck: 'false' });
    const mergeError = el('p', { class: 'error-text', role: 'alert' });
    const merge = el('div', { class: 'merge', hidden: true },
      el('p', { class: 'hint', text: 'For experts: the whole record as JSON.' }), editor);
    const buttons = [];
    async function resolve(keep, data) {
      buttons.forEach((b) => { b.disabled = true; });
      mergeError.textContent = '';
      status.textContent = 'Saving…';
      try {
        await onResolve(keep, data);
        status.textContent = keep === 'merged' ? 'Saved: your choices.' : 'Saved: keep ' + keep + '.';
      } catch (e) {
        status.textContent = '';
        mergeError.textContent = errorText(e);
        buttons.forEach((b) => { b.disabled = false; });
      }
    }
    const keepHub = el('button', { type: 'button', 'data-keep': 'hub', text: 'Keep all of the ' + labels.hub + '\'s',
      title: 'Use the hub\'s version', on: { click: () => resolve('hub') } });
    const keepLocal = el('button', { type: 'button', 'data-keep': 'local', text: 'Keep all of ' + labels.local + '\'s',
      title: 'Use ' + labels.local + '\'s version', on: { click: () => resolve('local') } });
    const saveFields = el('button', { type: 'button', class: 'primary', 'data-keep': 'fields',
      text: 'Save my choices', on: { click: () => resolve('merged', composed()) } });
    const edit = el('button', { type: 'button', 'data-keep': 'edit', text: 'Edit as JSON…',
      on: { click: () => {
        merge.hidden = !merge.hidden;
        mergeError.textContent = '';
        if (!merge.hidden) {
          editor.value = JSON.stringify(byField ? composed() : Object.assign({}, hubData, localData), null, 2);
          editor.focus();
        }
      } } });
    const save = el('button', { type: 'button', 'data-keep': 'merged', text: 'Save JSON',
      on: { click: () => {
        let data;
        try {
          data = JSON.parse(editor.value);
        } catch (e) {
          mergeError.textContent = jsonProblem(editor.value, e);
          return;
        }
        if (!data || typeof data !== 'object' || Array.isArray(data)) {
          mergeError.textContent = 'The record must be a JSON object: { "field": value, … }. Nothing was saved.';
          return;
        }
        resolve('merged', data);
      } } });
    merge.appendChild(el('div', { class: 'actions' }, save));
    buttons.push(keepHub, keepLocal, edit, save);
    if (byField && choices.size) buttons.unshift(saveFields);
    card.appendChild(el('div', { class: 'actions' }, byField && choices.size ? saveFields : null, keepHub, keepLocal,
      edit));
    card.appendChild(merge);
    card.appendChild(mergeError);
    card.appendChild(status);
    return card;
  }

  /** Shows the token gate; resolves when a token was entered (the caller then loads again). */
  function askToken(gate, input, form, tokens, onSaved) {
    gate.hidden = false;
    input.focus();
    form.onsubmit = (e) => {
      e.preventDefault();
      const v = input.value.trim();
      if (!v) return;
      tokens.set(v);
      input.value = '';
      gate.hidden = true;
      onSaved();
    };
  }

  /** Capitalised, ending with a full stop. */
  function sentence(s) {
    const t = String(s).trim();
    if (!t) return '';
    const u = t.charAt(0).toUpperCase() + t.slice(1);
    return /[.!?]$/.test(u) ? u : u + '.';
  }

  /**
   * An error as people read it, the same shape as the CLI's (outpost.common.error.ErrorText): "CODE: Message.
   * Hint." with the code once (a message that starts with it loses the copy). opts.hint false leaves the hint out
   * (a view that shows it one click away).
   */
  function errorSentence(error, opts = {}) {
    const code = error && error.code;
    const message = String((error && error.message) || '').replace(/^(?:[A-Z][A-Z_]{2,}:\s*)+/, '');
    const parts = [code ? code + ':' : '', sentence(message || 'Something failed.')];
    if (opts.hint !== false && error && error.hint) parts.push(sentence(error.hint));
    return parts.filter(Boolean).join(' ');
  }

  function errorText(e) {
    return e instanceof ApiError ? errorSentence({ code: e.code, message: e.message, hint: e.hint })
      : sentence(String(e && e.message || e));
  }

  /** "1 run", "2 runs". */
  function plural(n, word, many) {
    return n + ' ' + (n === 1 ? word : many || word + 's');
  }

  // ---- phone width: table cells carry their column's name, which the stacked rows of app.css show

  /** Copies each column's header text to its cells (data-label), for every table in a .scroll box. */
  function labelCells(root) {
    for (const table of root.querySelectorAll('.scroll > table')) {
      const heads = table.tHead ? [...table.tHead.querySelectorAll('th')].map((th) => th.textContent.trim()) : [];
      for (const body of table.tBodies) {
        for (const row of body.rows) {
          [...row.cells].forEach((cell, i) => {
            if (cell.colSpan === 1 && heads[i] && cell.getAttribute('data-label') !== heads[i]) {
              cell.setAttribute('data-label', heads[i]);
            }
          });
        }
      }
    }
  }

  if (typeof MutationObserver !== 'undefined') {
    // Pages fill their tables as data arrives; label the cells whenever rows change, for every view alike.
    document.addEventListener('DOMContentLoaded', () => {
      let queued = false;
      new MutationObserver(() => {
        if (queued) return;
        queued = true;
        queueMicrotask(() => { queued = false; labelCells(document); });
      }).observe(document.body, { childList: true, subtree: true });
      labelCells(document);
    });
  }

  return { el, svg, clear, $, tokenStore, client, ApiError, saveBlob, query, toDate, fmtTime, setZone, fmtAge, fmtSpan,
    dayStartIso, dayEndIso, daysAgoIso, dayKey, badge, runsPerDay, perRunLine, headRow, nextSort, compareTimes,
    conflictCard, askToken, errorText, errorSentence, plural, DAY };
})();
