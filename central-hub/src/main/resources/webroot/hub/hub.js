'use strict';
/* The hub's admin view (docs/web-view.md). Every call carries the admin token the operator typed once
   (kept in sessionStorage). Data only ever reaches the page through textContent (see common.js). */
(() => {
  const { el, clear, $ } = O;
  const DAYS = 14;
  /** Every panel is read again this often: what edges do reaches the page without a reload. */
  const POLL_MS = 3000;
  const DAY_MS = 86400000;
  /** A site not seen for this long is flagged amber, then red (as the edge view flags itself). */
  const STALE_AMBER_MS = DAY_MS, STALE_RED_MS = 3 * DAY_MS;
  const tokens = O.tokenStore('outpost.hub.token');
  const api = O.client(tokens, needToken);
  const state = { sites: [], runs: [], sort: { key: 'start', dir: 'desc' }, siteSort: { key: 'site', dir: 'asc' },
    detailId: null, timer: null, polling: false, runQuery: '', shown: { runs: null, conflicts: null } };

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
    if (e instanceof O.ApiError && e.status === 0) {
      state.unreachable = e; // the hub is down: the panels keep what they showed, and the header says since when
      return;
    }
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
    // Open conflicts are counted from the list the page shows (loadConflicts), so the two always agree.
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

  /** How long since the site was heard from (since it was registered when never): 'ok', 'amber' or 'red'. */
  function staleness(s, now = Date.now()) {
    const since = O.toDate(s.lastSeen) || O.toDate(s.createdAt);
    const age = since ? now - since.getTime() : 0;
    return age >= STALE_RED_MS ? 'red' : age >= STALE_AMBER_MS ? 'amber' : 'ok';
  }

  /** What the "Errors" sort weighs: failed items the edge keeps plus open conflicts, then a last error. */
  function errorWeight(s) {
    const f = s.fleet || {};
    return ((f.failedItems || 0) + (s.pendingConflicts || 0)) * 2 + (f.lastError || lastRunError(s) ? 1 : 0);
  }

  function lastRunError(s) {
    return s.lastRun ? s.lastRun.edgeError || s.lastRun.error || '' : '';
  }

  /** Lag both ways: records the site has not pulled and changes it has not pushed to this hub. */
  function lagWeight(s) {
    return (s.lag || 0) + ((s.fleet && s.fleet.pending) || 0);
  }

  const SITE_SORTS = {
    site: (a, b) => a.id.localeCompare(b.id),
    seen: (a, b) => O.compareTimes(a.lastSeen, b.lastSeen, 'asc'),
    lag: (a, b) => lagWeight(a) - lagWeight(b),
    errors: (a, b) => errorWeight(a) - errorWeight(b),
  };

  function fmtBytes(n) {
    if (n === null || n === undefined) return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = n, i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i ? v.toFixed(1) : String(v)) + ' ' + units[i];
  }

  function renderSites() {
    const q = $('site-search').value.trim().toLowerCase();
    const { key, dir } = state.siteSort;
    const sites = state.sites.filter((s) => !q || s.id.toLowerCase().includes(q)).sort((a, b) => {
      const c = SITE_SORTS[key](a, b);
      return (dir === 'desc' ? -c : c) || a.id.localeCompare(b.id);
    });
    $('sites-count').textContent = sites.length + ' of ' + state.sites.length + (state.sites.length === 1 ? ' site'
      : ' sites');
    const columns = [{ label: 'Site', sort: 'site' }, { label: 'Last seen', sort: 'seen' }, { label: 'Last run' },
      { label: 'Lag', sort: 'lag', num: true }, { label: 'Pending', num: true }, { label: 'Oldest pending' },
      { label: 'Errors', sort: 'errors', num: true }, { label: 'Last error' }, { label: 'Version' },
      { label: 'Store', num: true }];
    const table = $('sites-table');
    clear(table.tHead).appendChild(O.headRow(columns, state.siteSort, (k) => {
      state.siteSort = O.nextSort(state.siteSort, k);
      renderSites();
    }));
    clear(table.tBodies[0]).append(...sites.map(siteRow));
    if (!sites.length) {
      table.tBodies[0].appendChild(el('tr', null, el('td', { colspan: columns.length, class: 'muted',
        text: 'No sites.' })));
    }
  }

  /**
   * A run's status badge, marked when the site has not confirmed it: its status is then the run as the hub saw it
   * (docs/protocol.md, ReportRun). A run confirmed with another status than the hub's says the hub's too.
   */
  function runBadge(r) {
    const wrap = el('span', { class: 'run-status', 'data-confirmed': String(!!r.confirmed) }, O.badge(r.status));
    if (!r.confirmed) {
      wrap.appendChild(el('span', { class: 'small muted unconfirmed', text: ' as the hub saw it',
        title: 'The site has not reported how this run ended for it yet' }));
    } else if (r.hubStatus && r.hubStatus !== r.status) {
      wrap.appendChild(el('span', { class: 'small muted', text: ' (hub saw ' + r.hubStatus + ')' }));
    }
    return wrap;
  }

  function siteRow(s) {
    const f = s.fleet;
    const stale = staleness(s);
    const run = s.lastRun;
    const error = (f && f.lastError) || lastRunError(s);
    const errors = f ? f.failedItems + s.pendingConflicts : s.pendingConflicts;
    return el('tr', { class: 'link', 'data-site': s.id, 'data-stale': stale, tabindex: 0,
      title: 'Show this site\'s runs', on: { click: () => showSiteRuns(s.id) } },
    el('td', { class: 'mono' }, s.id, s.disabled ? el('span', { class: 'badge s-FAILED', text: ' disabled' }) : null),
    el('td', { class: 'seen age-' + stale, title: O.fmtTime(s.lastSeen) + (stale === 'ok' ? ''
      : stale === 'red' ? ': not seen for 3 days or more' : ': not seen for a day or more'),
    text: (stale === 'ok' ? '' : '\u26a0 ') + (s.lastSeen ? O.fmtAge(s.lastSeen) : 'never') }),
    el('td', { class: 'last-run', 'data-run': run ? run.id : null }, run ? runBadge(run)
      : el('span', { class: 'muted', text: '—' }),
    run && (run.rejected || run.conflicts) ? el('span', { class: 'small', text: ' ' + run.rejected + ' refused, '
      + run.conflicts + ' in conflict' }) : null),
    el('td', { class: 'num', text: String(s.lag) }),
    el('td', { class: 'num pending', text: f ? String(f.pending) : '—' }),
    el('td', { class: 'oldest', title: f && f.oldestPending ? O.fmtTime(f.oldestPending) : null,
      text: f && f.oldestPending ? O.fmtAge(f.oldestPending) : '—' }),
    el('td', { class: 'num errors', title: f ? f.failedItems + ' failed items on the site, ' + s.pendingConflicts
      + ' open conflicts on this hub' : s.pendingConflicts + ' open conflicts on this hub (the site sends no report)',
    text: String(errors) }),
    el('td', { class: error ? 'error-text last-error' : 'muted last-error', text: error || 'none' }),
    el('td', { class: 'mono', text: f ? f.nodeVersion || '?' : 'no report',
      title: f ? 'reported ' + O.fmtTime(f.reportedAt) : 'this edge does not report itself (an older version)' }),
    el('td', { class: 'num', text: f ? fmtBytes(f.storeBytes) : '—' }));
  }

  function showSiteRuns(site) {
    $('r-q').value = site;
    filterRuns().catch((e) => fail('runs-count', e));
    $('runs').scrollIntoView({ block: 'start' });
  }

  // ---- runs

  function runQuery() {
    return O.query({ q: $('r-q').value, from: O.dayStartIso($('r-from').value), to: O.dayEndIso($('r-to').value),
      status: $('r-status').value, collection: $('r-collection').value, operation: $('r-operation').value,
      limit: 1000 });
  }

  /** Applies the filters as the form holds them now; polling keeps using them until the next Filter. */
  function filterRuns() {
    state.runQuery = runQuery();
    return loadRuns();
  }

  async function loadRuns() {
    const q = state.runQuery;
    $('runs-csv').dataset.href = '/api/sync/runs.csv' + q;
    const r = await api.json('/api/sync/runs' + q);
    const shown = JSON.stringify(r.items);
    if (shown === state.shown.runs && q === state.shownQuery) return false;
    state.shown.runs = shown;
    state.shownQuery = q;
    state.runs = r.items;
    $('runs-count').textContent = r.items.length + (r.items.length === 1 ? ' run' : ' runs');
    renderRuns();
    const open = state.detailId && r.items.find((x) => x.id === state.detailId);
    if (open && !$('run-detail').hidden) renderDetail(open);
    return true;
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
    el('td', { text: O.fmtTime(r.finishedAt) }), el('td', null, runBadge(r)),
    COUNTS.map((k) => el('td', { class: 'num', text: String(r[k] || 0) })))));
    if (!runs.length) {
      table.tBodies[0].appendChild(el('tr', null, el('td', { colspan: columns.length, class: 'muted',
        text: 'No runs.' })));
    }
  }

  function showRun(r) {
    renderDetail(r);
    $('run-detail').hidden = false;
    $('run-detail').scrollIntoView({ block: 'start' });
  }

  function renderDetail(r) {
    state.detailId = r.id;
    $('d-id').textContent = r.id;
    clear($('d-status')).appendChild(runBadge(r));
    const started = O.toDate(r.startedAt), finished = O.toDate(r.finishedAt);
    const counts = r.counts || [];
    clear($('d-facts')).append(
      el('dt', { text: 'Site' }), el('dd', { class: 'mono', text: r.site }),
      el('dt', { text: 'Started' }), el('dd', { text: O.fmtTime(r.startedAt) }),
      el('dt', { text: 'Finished' }), el('dd', { text: O.fmtTime(r.finishedAt) + (started && finished
        ? ' (' + O.fmtSpan(finished - started) + ')' : '') }),
      el('dt', { text: 'Pushed' }), el('dd', { text: r.pushed + ' changes: ' + r.applied + ' applied, '
        + r.duplicates + ' duplicates, ' + r.conflicts + ' conflicts, ' + r.rejected + ' refused' }),
      el('dt', { text: 'Pulled' }), el('dd', { text: String(r.pulled) }),
      el('dt', { text: 'Collections' }), el('dd', { text: counts.length ? counts.map((c) => c.operation + ' '
        + c.collection + ': ' + c.count).join(', ') : 'none moved' }),
      el('dt', { text: 'Error' }), el('dd', { class: r.error ? 'error-text' : 'muted', text: r.error || 'none' }));
    renderItems(r);
  }

  /** The run's refused and conflicting changes, each with its reason, as the hub recorded them. */
  function renderItems(r) {
    const items = r.items || [];
    const table = $('d-items');
    const missing = r.rejected + r.conflicts - items.length;
    $('d-items-note').textContent = !items.length && !missing ? 'Every change of this run was applied.'
      : missing > 0 ? (items.length ? 'The first ' + items.length + ' of ' + (r.rejected + r.conflicts)
        + ' are listed.' : 'This run was filed before the hub kept its items; its counts are all there is.') : '';
    table.hidden = !items.length;
    clear(table.tHead).appendChild(el('tr', null, ['Collection', 'Record', 'Operation', 'Outcome', 'Code',
      'Reason'].map((h) => el('th', { text: h }))));
    clear(table.tBodies[0]).append(...items.map((i) => el('tr', { 'data-collection': i.collection,
      'data-id': i.id, 'data-status': i.status },
    el('td', { class: 'mono', text: i.collection }), el('td', { class: 'mono', text: i.id }),
    el('td', { text: i.operation }), el('td', null, el('span', { class: 'badge s-' + (i.status === 'CONFLICT'
      ? 'PARTIAL' : 'FAILED'), text: i.status === 'CONFLICT' ? 'conflict' : 'refused' })),
    el('td', { class: 'mono', text: i.code }),
    el('td', { class: 'reason', text: i.status === 'CONFLICT' ? 'changed on both sides: '
      + (i.fields.length ? i.fields.join(', ') : 'the record') + (i.reason ? ' (' + i.reason + ')' : '')
      : i.reason || i.code }))));
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
    $('conflict-count').textContent = String(r.items.length);
    $('total-conflicts').textContent = String(r.items.length);
    $('conflicts-card').className = 'stat ' + (r.items.length ? 'amber' : 'ok');
    // Re-drawn only when the conflicts changed: a card being edited must survive the polling.
    const shown = JSON.stringify(r.items);
    if (shown === state.shown.conflicts) return;
    state.shown.conflicts = shown;
    const list = clear($('conflict-list'));
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

  /** Reads every panel again; the chart only when the runs changed. One refresh at a time. */
  async function refresh() {
    if (state.polling) {
      state.again = true; // a resolve or a filter asked: read once more when this round ends
      return;
    }
    state.polling = true;
    state.unreachable = null;
    try {
      await Promise.all([
        loadOverview().catch((e) => fail('total-sites', e)),
        loadSites().catch((e) => fail('sites-count', e)),
        loadRuns().then((changed) => changed && loadChart()).catch((e) => fail('runs-count', e)),
        loadConflicts().catch((e) => fail('conflict-list', e)),
      ]);
      const refreshed = $('refreshed');
      if (state.unreachable) {
        refreshed.className = 'error-text';
        refreshed.textContent = (state.updatedAt ? 'Not updated since ' + state.updatedAt + '. ' : '')
          + O.errorText(state.unreachable);
      } else {
        state.updatedAt = O.fmtTime(new Date()).slice(11);
        refreshed.className = 'muted';
        refreshed.textContent = 'Updated ' + state.updatedAt;
      }
    } finally {
      state.polling = false;
    }
    if (state.again) {
      state.again = false;
      refresh();
    }
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
    O.setZone(null); // the hub has no site: its page shows the viewer's zone, and says so
    $('app').hidden = false;
    $('forget-token').hidden = false;
    state.runQuery = runQuery();
    state.shown = { runs: null, conflicts: null };
    refresh();
    clearInterval(state.timer);
    state.timer = setInterval(() => {
      if (!document.hidden) refresh();
    }, POLL_MS);
  }

  $('site-search').addEventListener('input', renderSites);
  $('run-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    filterRuns().catch((err) => fail('runs-count', err));
  });
  $('run-filters').addEventListener('reset', () => setTimeout(() => filterRuns()
    .catch((err) => fail('runs-count', err))));
  $('runs-csv').addEventListener('click', exportCsv);
  $('detail-close').addEventListener('click', () => {
    $('run-detail').hidden = true;
    state.detailId = null;
  });
  $('forget-token').addEventListener('click', () => {
    tokens.clear();
    clearInterval(state.timer);
    needToken();
  });
  start();
})();
