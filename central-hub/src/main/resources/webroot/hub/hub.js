'use strict';
/* The hub's admin view (docs/web-view.md). Every call carries the admin token the operator typed once
   (kept in sessionStorage). Data only ever reaches the page through textContent (see common.js). */
(() => {
  const { el, clear, $ } = O;
  const DAYS = 14;
  const tokens = O.tokenStore('outpost.hub.token');
  const api = O.client(tokens, needToken);
  const state = { sites: [], runs: [], sort: { key: 'start', dir: 'desc' }, detail: null, timer: null };

  function needToken() {
    const hadToken = !!tokens.get();
    tokens.clear();
    $('app').hidden = true;
    $('forget-token').hidden = true;
    $('token-error').textContent = hadToken ? 'That token was refused. Enter the hub\'s admin token.' : '';
    O.askToken($('token-gate'), $('token-input'), $('token-form'), tokens, start);
  }

  function fail(where, e) {
    if (e instanceof O.ApiError && e.status === 401) return;
    $(where).textContent = 'Could not load: ' + O.errorText(e);
  }

  // ---- totals and chart

  async function loadOverview() {
    const o = await api.json('/api/overview');
    $('hub-id').textContent = o.hub;
    document.title = 'Outpost hub · ' + o.hub;
    $('total-sites').textContent = String(o.sites);
    $('total-disabled').textContent = o.disabledSites ? o.disabledSites + ' disabled' : '\u00a0';
    $('total-syncing').textContent = String(o.syncingNow);
    $('total-failed').textContent = String(o.failedLast24h);
    $('failed-card').className = 'stat ' + (o.failedLast24h ? 'red' : 'ok');
    $('total-conflicts').textContent = String(o.openConflicts);
    $('conflicts-card').className = 'stat ' + (o.openConflicts ? 'amber' : 'ok');
  }

  async function loadChart() {
    const r = await api.json('/api/sync/runs' + O.query({ from: O.daysAgoIso(DAYS), limit: 1000 }));
    O.runsPerDay($('chart-runs'), r.items, DAYS, (x) => x.startedAt, (x) => x.status);
  }

  // ---- sites

  async function loadSites() {
    const r = await api.json('/api/sites');
    state.sites = r.items;
    renderSites();
  }

  function renderSites() {
    const q = $('site-search').value.trim().toLowerCase();
    const sites = state.sites.filter((s) => !q || s.id.toLowerCase().includes(q))
      .sort((a, b) => a.id.localeCompare(b.id));
    $('sites-count').textContent = sites.length + ' of ' + state.sites.length + ' sites';
    const table = $('sites-table');
    clear(table.tHead).appendChild(el('tr', null, el('th', { text: 'Site' }), el('th', { text: 'Last seen' }),
      el('th', { text: 'Last run' }), el('th', { class: 'num', text: 'Lag', title: 'changes not pulled yet' }),
      el('th', { class: 'num', text: 'Open conflicts' })));
    clear(table.tBodies[0]).append(...sites.map((s) => el('tr', { class: 'link', 'data-site': s.id, tabindex: 0,
      title: 'Show this site\'s runs', on: { click: () => showSiteRuns(s.id) } },
    el('td', { class: 'mono' }, s.id, s.disabled ? el('span', { class: 'badge s-FAILED', text: ' disabled' }) : null),
    el('td', { title: O.fmtTime(s.lastSeen), text: s.lastSeen ? O.fmtAge(s.lastSeen) : 'never' }),
    el('td', null, s.lastStatus ? O.badge(s.lastStatus) : el('span', { class: 'muted', text: '—' })),
    el('td', { class: 'num', text: String(s.lag) }),
    el('td', { class: 'num', text: String(s.pendingConflicts) }))));
    if (!sites.length) {
      table.tBodies[0].appendChild(el('tr', null, el('td', { colspan: 5, class: 'muted', text: 'No sites.' })));
    }
  }

  function showSiteRuns(site) {
    $('r-q').value = site;
    loadRuns().catch((e) => fail('runs-count', e));
    $('runs').scrollIntoView({ block: 'start' });
  }

  // ---- runs

  function runQuery() {
    return O.query({ q: $('r-q').value, from: O.dayStartIso($('r-from').value), to: O.dayEndIso($('r-to').value),
      status: $('r-status').value, limit: 1000 });
  }

  async function loadRuns() {
    const q = runQuery();
    $('runs-csv').dataset.href = '/api/sync/runs.csv' + q;
    const r = await api.json('/api/sync/runs' + q);
    state.runs = r.items;
    $('runs-count').textContent = r.items.length + (r.items.length === 1 ? ' run' : ' runs');
    renderRuns();
  }

  const COUNTS = ['pushed', 'applied', 'conflicts', 'rejected', 'pulled'];

  function renderRuns() {
    const { key, dir } = state.sort;
    const runs = [...state.runs].sort((a, b) => key === 'end' ? O.compareTimes(a.finishedAt, b.finishedAt, dir)
      : O.compareTimes(a.startedAt, b.startedAt, dir));
    const columns = [{ label: 'Site' }, { label: 'Start', sort: 'start' }, { label: 'End', sort: 'end' },
      { label: 'Status' }, ...COUNTS.map((k) => ({ label: k, num: true }))];
    const table = $('runs-table');
    clear(table.tHead).appendChild(O.headRow(columns, state.sort, (k) => {
      state.sort = O.nextSort(state.sort, k);
      renderRuns();
    }));
    clear(table.tBodies[0]).append(...runs.map((r) => el('tr', { class: 'link', 'data-id': r.id, tabindex: 0,
      on: { click: () => showRun(r) } },
    el('td', { class: 'mono', text: r.site }), el('td', { text: O.fmtTime(r.startedAt) }),
    el('td', { text: O.fmtTime(r.finishedAt) }), el('td', null, O.badge(r.status)),
    COUNTS.map((k) => el('td', { class: 'num', text: String(r[k] || 0) })))));
    if (!runs.length) {
      table.tBodies[0].appendChild(el('tr', null, el('td', { colspan: columns.length, class: 'muted',
        text: 'No runs.' })));
    }
  }

  function showRun(r) {
    state.detail = r;
    $('d-id').textContent = r.id;
    clear($('d-status')).appendChild(O.badge(r.status));
    const started = O.toDate(r.startedAt), finished = O.toDate(r.finishedAt);
    clear($('d-facts')).append(
      el('dt', { text: 'Site' }), el('dd', { class: 'mono', text: r.site }),
      el('dt', { text: 'Started' }), el('dd', { text: O.fmtTime(r.startedAt) }),
      el('dt', { text: 'Finished' }), el('dd', { text: O.fmtTime(r.finishedAt) + (started && finished
        ? ' (' + O.fmtSpan(finished - started) + ')' : '') }),
      el('dt', { text: 'Pushed' }), el('dd', { text: r.pushed + ' changes: ' + r.applied + ' applied, '
        + r.duplicates + ' duplicates, ' + r.conflicts + ' conflicts, ' + r.rejected + ' rejected' }),
      el('dt', { text: 'Pulled' }), el('dd', { text: String(r.pulled) }),
      el('dt', { text: 'Error' }), el('dd', { class: r.error ? 'error-text' : 'muted', text: r.error || 'none' }));
    $('run-detail').hidden = false;
    $('run-detail').scrollIntoView({ block: 'start' });
  }

  async function exportCsv() {
    const button = $('runs-csv');
    button.disabled = true;
    try {
      await api.download(button.dataset.href || '/api/sync/runs.csv', 'outpost-hub-runs.csv');
    } catch (e) {
      fail('runs-count', e);
    } finally {
      button.disabled = false;
    }
  }

  // ---- conflicts

  async function loadConflicts() {
    const r = await api.json('/api/conflicts');
    const list = clear($('conflict-list'));
    $('conflict-count').textContent = String(r.items.length);
    if (!r.items.length) {
      list.appendChild(el('p', { class: 'muted', text: 'No open conflicts.' }));
      return;
    }
    for (const c of r.items) {
      list.appendChild(O.conflictCard(c, { hub: 'hub', local: 'site ' + c.site }, async (keep, data) => {
        const body = { keep, site: c.site };
        if (data) body.data = data;
        await api.json('/api/conflicts/' + encodeURIComponent(c.collection) + '/' + encodeURIComponent(c.id)
          + '/resolve', { method: 'POST', body });
        refresh();
      }));
    }
  }

  // ---- wiring

  function refresh() {
    loadOverview().catch((e) => fail('total-sites', e));
    loadChart().catch((e) => fail('chart-runs', e));
    loadSites().catch((e) => fail('sites-count', e));
    loadRuns().catch((e) => fail('runs-count', e));
    loadConflicts().catch((e) => fail('conflict-list', e));
  }

  async function start() {
    if (!tokens.get()) {
      needToken();
      return;
    }
    try {
      await loadOverview(); // proves the token before the page opens
    } catch (e) {
      if (!(e instanceof O.ApiError && e.status === 401)) {
        $('token-error').textContent = O.errorText(e);
        O.askToken($('token-gate'), $('token-input'), $('token-form'), tokens, start);
      }
      return;
    }
    $('token-gate').hidden = true;
    $('app').hidden = false;
    $('forget-token').hidden = false;
    refresh();
    clearInterval(state.timer);
    state.timer = setInterval(() => {
      loadOverview().catch(() => {});
      loadSites().catch(() => {});
    }, 15000);
  }

  $('site-search').addEventListener('input', renderSites);
  $('run-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    loadRuns().catch((err) => fail('runs-count', err));
  });
  $('run-filters').addEventListener('reset', () => setTimeout(() => loadRuns().catch((err) => fail('runs-count', err))));
  $('runs-csv').addEventListener('click', exportCsv);
  $('detail-close').addEventListener('click', () => { $('run-detail').hidden = true; });
  $('forget-token').addEventListener('click', () => {
    tokens.clear();
    clearInterval(state.timer);
    needToken();
  });
  start();
})();
