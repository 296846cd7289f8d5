'use strict';
/* The edge node's sync status view (docs/web-view.md). Reads the node's REST API; live progress comes
   from GET /api/sync/events. Data only ever reaches the page through textContent (see common.js). */
(() => {
  const { el, clear, $ } = O;
  const DAYS = 14;
  const COUNT_KINDS = ['new', 'updated', 'deleted', 'failed', 'skipped', 'conflicts'];
  /** Item statuses that are not errors. */
  const GOOD_ITEMS = ['APPLIED', 'MERGED', 'DUPLICATE'];
  const tokens = O.tokenStore('outpost.edge.token');
  const api = O.client(tokens, needToken);
  const state = {
    node: null, queuedId: null, runs: [], sort: { key: 'start', dir: 'desc' }, detail: null, busy: false, lastEvent: 0,
    finished: new Set(), streamGeneration: 0, eventSource: null,
  };

  function needToken() {
    const hadToken = !!tokens.get();
    tokens.clear();
    $('token-error').textContent = hadToken ? 'That token was refused. Enter the node\'s API token.' : '';
    $('app').hidden = true;
    O.askToken($('token-gate'), $('token-input'), $('token-form'), tokens, () => {
      $('app').hidden = false;
      start();
    });
  }

  function fail(where, e) {
    if (e instanceof O.ApiError && e.status === 401) return;
    const target = $(where);
    if (target) target.textContent = 'Could not load: ' + O.errorText(e);
  }

  // ---- header

  async function loadNode() {
    const node = await api.json('/api/node');
    state.node = node;
    $('site').textContent = node.site;
    $('node-url').textContent = node.url;
    $('node-url').href = node.url;
    document.title = 'Outpost · ' + node.site;
    O.setZone(node.timeZone);
    clear($('hubs')).append(...node.hubs.map((h) =>
      el('li', { 'data-hub': h.name, title: h.collections ? 'collections: ' + h.collections.join(', ')
        : 'every collection not routed elsewhere', text: h.name + ' · ' + h.address })));
    await loadQr(node);
  }

  // ---- QR code of the public URL (settings and QR section)

  /** The code of the configured public URL, or the node's reason why there is none. */
  async function loadQr(node) {
    $('public-url-line').hidden = !node.publicUrl;
    if (node.publicUrl) {
      $('public-url').textContent = node.publicUrl;
      $('public-url').href = node.publicUrl;
    }
    let reason = node.qrMissing;
    if (!reason) {
      try {
        // Fetched with the token when there is one, then shown as a data: URL (the page allows no others).
        const res = await api.raw('/api/node/qr.svg', { headers: { Accept: 'image/svg+xml' } });
        if (res.ok) {
          const src = 'data:image/svg+xml;base64,' + btoa(await res.text());
          $('qr').src = src;
          $('qr-large').src = src;
          $('qr-large-url').textContent = node.publicUrl;
        } else {
          reason = 'No QR code: ' + O.errorText(new O.ApiError(res.status, await res.json().catch(() => null)));
        }
      } catch (e) {
        reason = 'No QR code: ' + O.errorText(e);
      }
    }
    $('qr-open').hidden = !!reason;
    $('qr-missing').hidden = !reason;
    $('qr-missing').textContent = reason || '';
  }

  function showQr(open) {
    $('qr-overlay').hidden = !open;
    $('qr-open').setAttribute('aria-expanded', String(open));
    if (open) $('qr-close').focus();
  }

  // ---- schedule settings (settings and QR section)

  const SCHEDULE_FIELDS = ['frequency', 'intervalMinutes', 'syncHour', 'timeZone', 'startDate'];

  async function loadSchedule() {
    showSchedule(await api.json('/api/schedule'));
  }

  function showSchedule(answer) {
    state.schedule = answer.schedule;
    const s = answer.schedule;
    for (const f of SCHEDULE_FIELDS) $('sched-' + f).value = s[f] === undefined || s[f] === null ? '' : String(s[f]);
    $('sched-source').textContent = answer.source === 'api' ? 'set here' : 'from the config file';
    $('sched-source').dataset.source = answer.source;
    $('sched-reset').disabled = answer.source !== 'api';
    showFrequency();
    clearScheduleErrors();
    if (s.timeZone !== (state.node && state.node.timeZone)) {
      // Times on the page are shown in the site's zone, which the schedule names.
      if (state.node) state.node.timeZone = s.timeZone;
      O.setZone(s.timeZone);
    }
  }

  function showFrequency() {
    const f = $('sched-frequency').value;
    $('sched-interval-label').hidden = f !== 'interval';
    $('sched-hour-label').hidden = f === 'interval';
  }

  function clearScheduleErrors() {
    for (const f of SCHEDULE_FIELDS) {
      $('sched-error-' + f).textContent = '';
      $('sched-' + f).removeAttribute('aria-invalid');
    }
  }

  /** What the form says, over the settings it does not show (debounce, backoff) as they are now. */
  function scheduleFromForm() {
    const body = Object.assign({}, state.schedule || {});
    body.frequency = $('sched-frequency').value;
    body.timeZone = $('sched-timeZone').value.trim();
    const date = $('sched-startDate').value;
    if (date) body.startDate = date; else delete body.startDate;
    for (const f of ['intervalMinutes', 'syncHour']) {
      const raw = $('sched-' + f).value.trim();
      // A number when it reads as one; otherwise as typed, so that the node names the field.
      body[f] = raw !== '' && !isNaN(Number(raw)) ? Number(raw) : raw;
    }
    return body;
  }

  async function saveSchedule(reset) {
    clearScheduleErrors();
    $('sched-save').disabled = true;
    $('sched-message').textContent = 'Saving…';
    try {
      const answer = reset ? await api.json('/api/schedule', { method: 'DELETE' })
        : await api.json('/api/schedule', { method: 'PUT', body: scheduleFromForm() });
      showSchedule(answer);
      $('sched-message').textContent = (reset ? 'The config file\'s schedule applies again. ' : 'Schedule saved. ')
        + (answer.nextDue ? 'Next scheduled sync ' + O.fmtTime(answer.nextDue) + ' (' + O.fmtAge(answer.nextDue)
          + ').' : 'No scheduled sync is planned.');
      loadStatus().catch((e) => fail('sync-message', e));
      refreshTimes();
    } catch (e) {
      if (e instanceof O.ApiError && e.status === 401) return;
      const field = e instanceof O.ApiError && e.field;
      if (field && SCHEDULE_FIELDS.includes(field)) {
        $('sched-error-' + field).textContent = e.message;
        $('sched-' + field).setAttribute('aria-invalid', 'true');
        $('sched-message').textContent = 'Not saved: check ' + field + '.';
      } else {
        $('sched-message').textContent = 'Not saved: ' + O.errorText(e);
      }
    } finally {
      $('sched-save').disabled = false;
    }
  }

  /** Shown times follow the site's zone: redraw the lists that show them. */
  function refreshTimes() {
    updateCsvLink();
    loadCharts().catch((err) => fail('chart-runs', err));
    loadHistory().catch((err) => fail('history-count', err));
    loadCollections().catch((err) => fail('collections-table', err));
  }

  function wireSchedule() {
    const hours = $('sched-syncHour');
    for (let h = 0; h < 24; h++) hours.appendChild(el('option', { value: String(h), text: String(h).padStart(2, '0') + ':00' }));
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    $('sched-zones').append(...zones.map((z) => el('option', { value: z })));
    $('sched-frequency').addEventListener('change', showFrequency);
    $('sched-form').addEventListener('submit', (e) => {
      e.preventDefault();
      saveSchedule(false);
    });
    $('sched-reset').addEventListener('click', () => saveSchedule(true));
    $('qr-open').addEventListener('click', () => showQr(true));
    $('qr-overlay').addEventListener('click', () => showQr(false));
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !$('qr-overlay').hidden) showQr(false); });
  }

  // ---- status and live stepper

  async function loadStatus() {
    const s = await api.json('/api/sync/status');
    const pending = s.pending || {};
    const total = Object.values(pending).reduce((a, n) => a + n, 0);
    $('pending-total').textContent = String(total);
    $('pending-card').className = 'stat ' + (total === 0 ? 'ok' : '');
    clear($('pending-list')).append(...Object.entries(pending).map(([hub, n]) =>
      el('li', { 'data-hub': hub, text: hub + ': ' + n })));
    const lastOk = O.toDate(s.lastSuccessfulSync);
    const hours = lastOk ? (Date.now() - lastOk.getTime()) / 3600000 : Infinity;
    const level = hours >= state.node.staleRedHours ? 'red' : hours >= state.node.staleAmberHours ? 'amber' : 'ok';
    $('last-ok-card').className = 'stat ' + level;
    $('last-ok-card').dataset.level = level;
    $('last-ok-age').textContent = lastOk ? O.fmtAge(lastOk) : 'never';
    $('last-ok').textContent = lastOk ? O.fmtTime(lastOk) : 'no complete sync yet';
    $('next-due-in').textContent = s.nextDue ? O.fmtAge(s.nextDue) : 'none planned';
    $('next-due').textContent = s.nextDue ? O.fmtTime(s.nextDue) : '\u00a0';
    renderRetry(s.nextRetry, s.currentRun);
    state.queuedId = s.queuedRun ? s.queuedRun.id : null;
    const run = s.currentRun || s.lastRun;
    if (run) {
      renderRun(run);
      showRunState(run);
    } else {
      setBusy(false);
      $('sync-message').textContent = 'No sync has run yet.';
    }
    return s;
  }

  /**
   * After failed runs the scheduler retries on its own (trigger "retry"): when, and why. No time is set while a
   * run goes: the line then says whether that run is the retry.
   */
  function renderRetry(retry, current) {
    const line = $('next-retry');
    line.hidden = !retry;
    if (!retry) return;
    const times = retry.consecutiveFailures === 1 ? 'once' : retry.consecutiveFailures + ' times in a row';
    const when = retry.at ? 'Next automatic retry ' + O.fmtAge(retry.at) + ' (' + O.fmtTime(retry.at) + ')'
      : current && current.trigger === 'retry' ? 'An automatic retry is running now'
        : current ? 'If this run fails too, an automatic retry follows it'
          : 'The next retry starts as soon as the hub answers again';
    line.dataset.at = retry.at || '';
    line.textContent = 'Sync failed ' + times + ': ' + (retry.reason || 'no reason given') + '. ' + when + '.';
  }

  /**
   * The button and the message say what the run says: "Syncing…" only while a run is going, and then the
   * message names that run; once it has ended, its status.
   */
  function showRunState(run) {
    const going = run.status === 'RUNNING' || run.status === 'QUEUED';
    if (state.queuedId === run.id) state.queuedId = null;
    const queued = state.queuedId;
    // An automatic retry may have started before the link came back: a click asks for a fresh run after it.
    const retrying = going && run.trigger === 'retry' && !queued;
    setBusy(going || !!queued, queued ? 'Queued…' : retrying ? 'Sync again after this retry' : null, retrying);
    const message = $('sync-message');
    message.dataset.run = run.id;
    message.dataset.queued = queued || '';
    message.textContent = (going ? 'Sync running (' + run.trigger + ')…'
      : 'Sync ' + run.status.toLowerCase() + ' (' + run.trigger + ', ' + O.fmtAge(run.finishedAt) + ').')
      + (!queued ? '' : going ? ' Your sync ' + queued.slice(0, 8) + ' is queued: it starts as soon as this '
        + run.trigger + ' run ends.' : ' Your sync ' + queued.slice(0, 8) + ' starts now…');
  }

  /** label: the busy button's words (default "Syncing…"); clickable: busy, yet a click still means something. */
  function setBusy(busy, label, clickable) {
    state.busy = busy;
    const b = $('sync-now');
    b.disabled = busy && !clickable;
    b.setAttribute('aria-busy', String(busy));
    b.textContent = busy ? label || 'Syncing…' : 'Sync now';
    b.title = clickable ? 'This automatic retry started before you asked: a click queues a fresh sync right after it'
      : '';
  }

  function renderRun(run) {
    const head = clear($('run-status'));
    head.dataset.run = run.id;
    head.dataset.status = run.status;
    head.append(O.badge(run.status), el('span', { class: 'muted', text: ' ' + (run.trigger || '') + ' · '
      + (run.finishedAt ? 'finished ' + O.fmtAge(run.finishedAt) : 'started ' + O.fmtAge(run.startedAt)) }));
    clear($('stepper')).append(...(run.hubs || []).map((h) => el('div', { class: 'hub-steps', 'data-hub': h.name },
      el('div', { class: 'hub-name' }, h.name, O.badge(h.status)),
      el('ol', { class: 'steps' }, (h.steps || []).map(stepView)),
      h.error && !(h.steps || []).some((s) => s.error) ? errorView(h.error) : null)));
  }

  function stepView(s) {
    const total = Math.max(s.total || 0, s.done || 0);
    return el('li', { class: 'step s-' + s.state, 'data-step': s.name, 'data-state': s.state },
      el('span', { class: 'step-name', text: s.name }),
      el('span', { class: 'step-state', text: s.state }),
      el('progress', { max: total || 1, value: total ? s.done : (s.state === 'COMPLETE' ? 1 : 0) }),
      el('span', { class: 'step-count', text: (s.done || 0) + ' / ' + total }),
      s.error ? errorView(s.error) : null);
  }

  /** The message on the failed step; the hint one click away. */
  function errorView(error) {
    return el('details', { class: 'error' },
      el('summary', { text: O.errorSentence(error, { hint: false }) }),
      el('p', { text: error.hint || 'No hint for this error.' }));
  }

  function onRunEvent(run) {
    state.lastEvent = Date.now();
    renderRun(run);
    showRunState(run);
    if (run.status !== 'RUNNING' && run.status !== 'QUEUED' && !state.finished.has(run.id)) {
      state.finished.add(run.id);
      refreshAfterRun(run.id);
    }
  }

  /**
   * Live RUN snapshots. EventSource cannot send an Authorization header, so a node with an API token is
   * read through fetch() as a stream instead; both parse the same server-sent events.
   */
  function connectEvents() {
    if (!state.node.tokenRequired) {
      if (!state.eventSource) {
        state.eventSource = new EventSource('/api/sync/events');
        state.eventSource.onmessage = (e) => onRunEvent(JSON.parse(e.data));
      }
      return;
    }
    const generation = ++state.streamGeneration;
    (async () => {
      while (generation === state.streamGeneration) {
        try {
          const res = await api.raw('/api/sync/events', { headers: { Accept: 'text/event-stream' } });
          if (res.status === 401) return;
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const data = buffer.slice(0, end).split('\n').filter((l) => l.startsWith('data:'))
                .map((l) => l.slice(5).trimStart()).join('\n');
              buffer = buffer.slice(end + 2);
              if (data) onRunEvent(JSON.parse(data));
            }
          }
        } catch (e) {
          // the node went away; try again shortly
        }
        await new Promise((r) => setTimeout(r, 3000));
      }
    })();
  }

  async function startSync(message) {
    setBusy(true);
    $('sync-message').textContent = message || 'Starting…';
    try {
      const r = await api.json('/api/sync', { method: 'POST' });
      const s = await api.json('/api/sync/status');
      if (s.queuedRun && s.queuedRun.id === r.syncId && s.currentRun) {
        // Queued behind an automatic retry: the message names both until the retry ends.
        state.queuedId = r.syncId;
        showRunState(s.currentRun);
      } else if (!state.finished.has(r.syncId)) {
        $('sync-message').dataset.run = r.syncId;
        $('sync-message').textContent = (message ? message + ' ' : '') + 'Sync ' + r.syncId.slice(0, 8) + ' is running.';
      }
      state.lastEvent = Date.now();
    } catch (e) {
      setBusy(false);
      $('sync-message').textContent = 'Could not start a sync: ' + O.errorText(e);
    }
  }

  /** If events stop arriving while busy (a proxy cut the stream), the status route tells the truth. */
  function watchdog() {
    setInterval(async () => {
      if (state.busy && Date.now() - state.lastEvent > 4000) {
        state.lastEvent = Date.now();
        try {
          const s = await loadStatus();
          if (!s.currentRun) refreshAfterRun(s.lastRun && s.lastRun.id);
        } catch (e) {
          fail('sync-message', e);
        }
      }
    }, 2000);
  }

  let refreshTimer = null;
  function refreshAfterRun(runId) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshAll();
      if (state.detail && state.detail.id === runId) openDetail(runId);
    }, 150);
  }

  // ---- charts

  async function loadCharts() {
    const r = await api.json('/api/sync/runs' + O.query({ from: O.daysAgoIso(DAYS), limit: 1000 }));
    O.runsPerDay($('chart-runs'), r.items, DAYS, (x) => x.startedAt, (x) => x.status);
    // A run's push step starts with the changes waiting for its hub: summed, that is the backlog then.
    // pendingAtStart is counted when the run starts, also for a run that never reached its hub.
    const points = r.items.filter((run) => (run.hubs || []).some((h) => pushStep(h)))
      .map((run) => ({ t: Date.parse(run.startedAt),
        v: run.hubs.reduce((a, h) => a + (typeof h.pendingAtStart === 'number' ? h.pendingAtStart
          : (pushStep(h) || {}).total || 0), 0) }));
    O.perRunLine($('chart-pending'), points, DAYS, 'Changes waiting when each run started');
  }

  function pushStep(hub) {
    return (hub.steps || []).find((s) => s.name === 'push');
  }

  // ---- history

  function filters() {
    return {
      from: O.dayStartIso($('f-from').value), to: O.dayEndIso($('f-to').value), status: $('f-status').value,
      collection: $('f-collection').value, operation: $('f-operation').value, q: $('f-q').value, limit: 500,
    };
  }

  async function loadHistory() {
    const f = filters();
    const r = await api.json('/api/sync/runs' + O.query(f));
    state.runs = r.items;
    const filtered = ['from', 'to', 'status', 'collection', 'operation', 'q'].some((k) => f[k]);
    $('history-count').textContent = O.plural(r.items.length, 'run')
      + (filtered ? (r.items.length === 1 ? ' matches' : ' match') + ' the filters' : '');
    renderHistory();
  }

  function sums(run) {
    const total = Object.fromEntries(COUNT_KINDS.map((k) => [k, 0]));
    for (const c of run.counts || []) for (const k of COUNT_KINDS) total[k] += c[k] || 0;
    return total;
  }

  function renderHistory() {
    const { key, dir } = state.sort;
    const runs = [...state.runs].sort((a, b) => key === 'end' ? O.compareTimes(a.finishedAt, b.finishedAt, dir)
      : O.compareTimes(a.startedAt, b.startedAt, dir));
    const columns = [{ label: 'Start', sort: 'start' }, { label: 'End', sort: 'end' }, { label: 'Trigger' },
      { label: 'Status' }, ...COUNT_KINDS.map((k) => ({ label: k, num: true }))];
    const table = $('history-table');
    clear(table.tHead).appendChild(O.headRow(columns, state.sort, (k) => {
      state.sort = O.nextSort(state.sort, k);
      renderHistory();
    }));
    clear(table.tBodies[0]).append(...runs.map((run) => {
      const n = sums(run);
      return el('tr', { class: 'link' + (state.detail && state.detail.id === run.id ? ' selected' : ''),
        'data-id': run.id, tabindex: 0, on: { click: () => openDetail(run.id),
          keydown: (e) => { if (e.key === 'Enter') openDetail(run.id); } } },
      el('td', { text: O.fmtTime(run.startedAt) }), el('td', { text: O.fmtTime(run.finishedAt) }),
      el('td', { 'data-trigger': run.trigger }, run.trigger,
        run.dueAt ? el('span', { class: 'small muted due', text: ' due ' + O.fmtTime(run.dueAt) }) : null),
      el('td', null, O.badge(run.status)),
      COUNT_KINDS.map((k) => el('td', { class: 'num', 'data-kind': k, text: String(n[k]) })));
    }));
    if (!runs.length) {
      table.tBodies[0].appendChild(el('tr', null, el('td', { colspan: columns.length, class: 'muted',
        text: 'No runs.' })));
    }
  }

  // ---- run detail

  async function openDetail(id) {
    try {
      const [run, failed] = await Promise.all([api.json('/api/sync/runs/' + encodeURIComponent(id)),
        api.json('/api/failed')]);
      state.detail = run;
      // Only what can succeed if sent again is offered (GET /api/failed says which: retryable).
      const here = failed.items.filter((f) => f.syncId === id);
      const failedHere = here.filter((f) => f.retryable).length;
      const permanent = here.length - failedHere;
      $('d-id').textContent = run.id;
      clear($('d-status')).appendChild(O.badge(run.status));
      renderSummary(run);
      $('config-json').textContent = JSON.stringify(run.config || {}, null, 2);
      fillItemStatuses(run.items || []);
      renderItems();
      const retry = $('retry-failed');
      retry.disabled = failedHere === 0;
      retry.textContent = failedHere ? 'Retry ' + O.plural(failedHere, 'failed item') : 'Retry failed items';
      $('retry-note').textContent = permanent ? O.plural(permanent, 'refused change') + ' of this run cannot'
        + ' succeed if sent again: discard ' + (permanent === 1 ? 'it' : 'them') + ' under "Changes the hub refused".'
        : '';
      $('retry-message').textContent = '';
      $('run-detail').hidden = false;
      renderHistory();
      $('run-detail').scrollIntoView({ block: 'start' });
    } catch (e) {
      fail('history-count', e);
    }
  }

  function renderSummary(run) {
    const pane = clear($('pane-summary'));
    const started = O.toDate(run.startedAt), finished = O.toDate(run.finishedAt);
    pane.appendChild(el('dl', { class: 'facts' },
      el('dt', { text: 'Trigger' }), el('dd', { text: run.trigger }),
      run.dueAt ? [el('dt', { text: 'Was due' }), el('dd', { class: 'due', text: O.fmtTime(run.dueAt) })] : null,
      el('dt', { text: run.dueAt ? 'Ran (started)' : 'Started' }), el('dd', { text: O.fmtTime(run.startedAt) }),
      el('dt', { text: 'Finished' }), el('dd', { text: O.fmtTime(run.finishedAt) + (started && finished
        ? ' (' + O.fmtSpan(finished - started) + ')' : '') })));
    if ((run.collections || []).length) {
      pane.appendChild(el('ul', { class: 'plain run-collections' }, run.collections.map((c) =>
        el('li', { 'data-collection': c.collection }, el('span', { class: 'mono', text: c.collection + ' ' }),
          O.badge(c.status)))));
    }
    for (const h of run.hubs || []) {
      pane.appendChild(el('div', { class: 'hub-steps', 'data-hub': h.name },
        el('div', { class: 'hub-name' }, 'hub ' + h.name, O.badge(h.status)),
        el('ol', { class: 'steps' }, (h.steps || []).map(stepView)),
        h.error ? errorView(h.error) : null));
    }
    const bad = (run.items || []).filter((i) => !GOOD_ITEMS.includes(i.status));
    if (bad.length) {
      pane.appendChild(el('h3', { text: 'Errors (' + bad.length + ')' }));
      pane.appendChild(el('div', { class: 'item-errors' }, bad.slice(0, 50).map((i) => errorView({
        code: i.code || i.status, message: String(i.message || i.status).replace(/[.\s]+$/, '') + ' ('
          + i.collection + '/' + i.id + ', ' + i.operation + ')',
        hint: (state.node.hints || {})[i.code || i.status] }))));
      if (bad.length > 50) pane.appendChild(el('p', { class: 'muted', text: 'The Items tab lists all of them.' }));
    }
    if ((run.notes || []).length) {
      pane.appendChild(el('h3', { text: 'Notes' }));
      pane.appendChild(el('ul', null, run.notes.map((n) => el('li', { text: n }))));
    }
    const counts = run.counts || [];
    pane.appendChild(el('h3', { text: 'Counts' }));
    if (!counts.length) {
      pane.appendChild(el('p', { class: 'muted', text: 'Nothing moved in this run.' }));
      return;
    }
    pane.appendChild(el('div', { class: 'scroll' }, el('table', null,
      el('thead', null, el('tr', null, ['hub', 'collection', 'operation'].map((k) => el('th', { text: k })),
        COUNT_KINDS.map((k) => el('th', { class: 'num', text: k })))),
      el('tbody', null, counts.map((c) => el('tr', null, el('td', { text: c.hub }), el('td', { text: c.collection }),
        el('td', { text: c.operation }), COUNT_KINDS.map((k) => el('td', { class: 'num', text: String(c[k] || 0) }))))))));
  }

  function fillItemStatuses(items) {
    const select = $('items-status');
    const keep = select.value;
    const statuses = [...new Set(items.map((i) => i.status))].sort();
    clear(select).append(el('option', { value: '', text: 'any' }),
      ...statuses.map((s) => el('option', { value: s, text: s })));
    select.value = statuses.includes(keep) ? keep : '';
  }

  const MAX_ITEM_ROWS = 500;
  function renderItems() {
    const items = (state.detail && state.detail.items) || [];
    const q = $('items-q').value.trim().toLowerCase();
    const status = $('items-status').value;
    const shown = items.filter((i) => (!status || i.status === status)
      && (!q || String(i.id).toLowerCase().includes(q) || String(i.collection).toLowerCase().includes(q)));
    $('items-count').textContent = shown.length + ' of ' + items.length + ' items'
      + (shown.length > MAX_ITEM_ROWS ? ' (first ' + MAX_ITEM_ROWS + ' shown)' : '')
      + (items.length ? '' : ' — this run pushed no changes');
    const table = $('items-table');
    clear(table.tHead).appendChild(el('tr', null, ['hub', 'collection', 'id', 'operation', 'status', 'code',
      'message'].map((k) => el('th', { text: k }))));
    clear(table.tBodies[0]).append(...shown.slice(0, MAX_ITEM_ROWS).map((i) => el('tr', { 'data-id': i.id },
      el('td', { text: i.hub }), el('td', { text: i.collection }), el('td', { class: 'mono', text: i.id }),
      el('td', { text: i.operation }), el('td', null, O.badge(i.status)), el('td', { text: i.code || '' }),
      el('td', { text: i.message || '' }))));
  }

  function selectTab(name) {
    for (const t of ['summary', 'config', 'items']) {
      $('tab-' + t).setAttribute('aria-selected', String(t === name));
      $('pane-' + t).hidden = t !== name;
    }
  }

  /** Retries the open run's failed items, then shows the run that sent them once it has ended. */
  async function retryFailed() {
    const id = state.detail.id;
    $('retry-failed').disabled = true;
    try {
      const r = await api.json('/api/sync/runs/' + encodeURIComponent(id) + '/retry-failed', { method: 'POST' });
      $('retry-message').textContent = O.plural(r.retried, 'item') + ' sent again in sync ' + r.syncId + '…';
      setBusy(true);
      state.lastEvent = Date.now();
      const run = await finishedRun(r.syncId);
      await openDetail(run.id);
      $('retry-message').textContent = 'Retried in this sync: ' + O.plural(r.retried, 'item') + ' sent again; '
        + retryOutcome(run) + '.';
    } catch (e) {
      $('retry-failed').disabled = false;
      $('retry-message').textContent = O.errorText(e);
    }
  }

  /** The run once it has ended (the API answers 404 for a run still going). */
  async function finishedRun(id) {
    for (let i = 0; i < 600; i++) {
      try {
        const run = await api.json('/api/sync/runs/' + encodeURIComponent(id));
        if (run.finishedAt) return run;
      } catch (e) {
        if (!(e instanceof O.ApiError && e.status === 404)) throw e;
      }
      await new Promise((ok) => setTimeout(ok, 500));
    }
    throw new Error('sync ' + id + ' has not ended after 5 minutes');
  }

  function retryOutcome(run) {
    const items = run.items || [];
    const good = items.filter((i) => GOOD_ITEMS.includes(i.status)).length;
    return 'the run ended ' + run.status + ' (' + good + ' accepted, ' + (items.length - good) + ' refused or'
      + ' conflicting)';
  }

  // ---- failed items: what the hub refused, with Retry where it can work and Discard everywhere

  async function loadFailed() {
    const r = await api.json('/api/failed');
    const list = clear($('failed-list'));
    $('failed-count').textContent = String(r.items.length);
    if (!r.items.length) {
      list.appendChild(el('p', { class: 'muted', text: 'No refused changes.' }));
      return;
    }
    for (const f of r.items) list.appendChild(failedCard(f));
  }

  function failedCard(f) {
    const what = f.collection + '/' + f.id;
    const holds = f.hub && f.hub.exists ? 'The hub holds version ' + f.hub.version + ' of this record.'
      : 'The hub does not have this record.';
    const afterDiscard = f.hub && f.hub.exists ? 'the record goes back to the hub\'s copy'
      : 'the record is removed here';
    const buttons = [];
    const card = el('article', { class: 'failed-item', 'data-seq': f.seq, 'data-collection': f.collection,
      'data-id': f.id, 'data-code': f.code },
    el('h3', null, f.collection + ' / ' + f.id + ' ', O.badge('REJECTED')),
    el('p', { class: 'error-text', text: O.errorSentence({ code: f.code, message: f.reason, hint: f.hint }) }),
    el('p', { class: 'meta', text: (f.operation || 'change') + ' refused by hub ' + f.hubName + ' at '
      + O.fmtTime(f.at) + (f.syncId ? ' in sync ' + f.syncId : '') + '. ' + holds }),
    f.data ? el('details', null, el('summary', { text: 'The refused value' }),
      el('pre', { class: 'json', text: JSON.stringify(f.data, null, 2) })) : null);
    if (f.retryable) {
      buttons.push(el('button', { type: 'button', 'data-action': 'retry', text: 'Retry',
        title: 'Send this change to the hub again now', on: { click: () => retryOne(f, what) } }));
    }
    buttons.push(el('button', { type: 'button', 'data-action': 'discard', text: 'Discard',
      title: 'Drop this change: ' + afterDiscard, on: { click: () => discard(f, what) } }));
    card.appendChild(el('div', { class: 'actions' }, buttons,
      f.retryable ? null : el('span', { class: 'muted', text: 'Sending it again cannot succeed; discard it: '
        + afterDiscard + '.' })));
    return card;
  }

  const DISCARDED = {
    HUB_COPY: (d, what) => what + ' is back to the hub\'s copy (version ' + d.version + ').',
    REMOVED: (d, what) => what + ' is removed here: the hub does not have it.',
    NEWER_CHANGE: (d, what) => 'a newer change of ' + what + ' made here is still waiting to be sent.',
    NEXT_SYNC: (d, what) => 'the next sync brings the hub\'s copy of ' + what + '.',
    NONE: () => 'the unreadable value that was set aside is gone.',
  };

  async function discard(f, what) {
    const out = $('failed-outcome');
    try {
      const d = await api.json('/api/failed/' + f.seq + '/discard', { method: 'POST' });
      out.textContent = 'Discarded the ' + (f.operation || 'change') + ' of ' + what + ': '
        + (DISCARDED[d.outcome] || DISCARDED.NONE)(d, what);
      out.dataset.outcome = d.outcome;
    } catch (e) {
      out.textContent = O.errorText(e);
    }
    loadFailed().catch((e) => fail('failed-list', e));
  }

  /** Sends one change again and says how it went once the run that carried it has ended. */
  async function retryOne(f, what) {
    const out = $('failed-outcome');
    try {
      const r = await api.json('/api/failed/' + f.seq + '/retry', { method: 'POST' });
      out.textContent = 'Sending ' + what + ' again in sync ' + r.syncId + '…';
      delete out.dataset.outcome;
      loadFailed().catch((e) => fail('failed-list', e));
      const run = await finishedRun(r.syncId);
      const item = (run.items || []).find((i) => i.collection === f.collection && i.id === f.id);
      let text;
      if (!item) {
        const hubError = (run.hubs || []).map((h) => h.error).find(Boolean);
        text = 'sync ' + run.id + ' ended ' + run.status + ' without sending it'
          + (hubError ? ': ' + O.errorSentence(hubError) : '.');
      } else if (GOOD_ITEMS.includes(item.status)) {
        text = 'the hub accepted it in sync ' + run.id + ' (' + item.status + ').';
      } else if (item.status === 'CONFLICT') {
        text = 'it now conflicts with the hub\'s copy (sync ' + run.id + '): see Conflicts above.';
      } else {
        text = 'the hub refused it again in sync ' + run.id + ': ' + O.errorSentence({ code: item.code,
          message: item.message, hint: (state.node.hints || {})[item.code] });
      }
      out.textContent = 'Retried ' + what + ': ' + text;
      out.dataset.outcome = item ? item.status : run.status;
      openDetail(run.id);
      refreshAll();
    } catch (e) {
      out.textContent = O.errorText(e);
    }
  }

  // ---- conflicts

  async function loadConflicts() {
    const r = await api.json('/api/conflicts');
    const list = clear($('conflict-list'));
    $('conflict-count').textContent = String(r.items.length);
    $('conflict-total').textContent = String(r.items.length);
    $('conflict-card').className = 'stat ' + (r.items.length ? 'red' : 'ok');
    if (!r.items.length) {
      list.appendChild(el('p', { class: 'muted', text: 'No conflicts. Nothing needs reconciling.' }));
      return;
    }
    for (const c of r.items) {
      list.appendChild(O.conflictCard(c, { hub: 'hub', local: 'this site' }, async (keep, data) => {
        await api.json('/api/conflicts/' + encodeURIComponent(c.collection) + '/' + encodeURIComponent(c.id)
          + '/resolve', { method: 'POST', body: data ? { keep, data } : { keep } });
        // The choice is an ordinary change: send it to the hub now rather than at the next due time.
        await startSync('Resolution saved.');
        loadConflicts().catch((e) => fail('conflict-list', e));
      }));
    }
  }

  // ---- collections

  async function loadCollections() {
    const r = await api.json('/api/collections');
    const select = $('f-collection');
    const keep = select.value;
    clear(select).append(el('option', { value: '', text: 'any' }),
      ...r.items.map((c) => el('option', { value: c.name, text: c.name })));
    select.value = r.items.some((c) => c.name === keep) ? keep : '';
    const table = $('collections-table');
    clear(table.tHead).appendChild(el('tr', null, el('th', { text: 'Collection' }), el('th', { text: 'Hub' }),
      el('th', { class: 'num', text: 'Waiting', title: 'this collection\'s changes waiting to be pushed to its hub' }),
      el('th', { text: 'Status' }), el('th', { text: 'Last successful' }),
      el('th', { text: 'Latest sync' })));
    clear(table.tBodies[0]).append(...r.items.map((c) => {
      const ok = O.toDate(c.lastSuccessfulSync);
      const hours = ok ? (Date.now() - ok.getTime()) / 3600000 : Infinity;
      const age = hours >= state.node.staleRedHours ? 'age-red' : hours >= state.node.staleAmberHours
        ? 'age-amber' : 'age-ok';
      return el('tr', { 'data-collection': c.name },
        el('td', { class: 'mono', text: c.name }), el('td', { text: c.hub || '—' }),
        el('td', { class: 'num', 'data-kind': 'pending', text: c.hub ? String(c.pending || 0) : '—' }),
        el('td', null, c.currentStatus ? O.badge(c.currentStatus) : el('span', { class: 'muted', text: 'not synced' })),
        el('td', { class: age, title: O.fmtTime(c.lastSuccessfulSync), text: ok ? O.fmtAge(ok) : 'never' }),
        el('td', null, c.latestSyncId ? el('button', { type: 'button', class: 'mono', text: c.latestSyncId.slice(0, 8),
          title: c.latestSyncId, on: { click: () => openDetail(c.latestSyncId) } }) : '—'));
    }));
    if (!r.items.length) {
      table.tBodies[0].appendChild(el('tr', null, el('td', { colspan: 6, class: 'muted',
        text: 'No collections yet: this node has not synced with a hub, and no records were written here. '
          + 'The first sync lists the hub\'s collections.' })));
    }
  }

  // ---- errors CSV

  function updateCsvLink() {
    $('errors-csv').href = '/api/sync/errors.csv' + O.query({ from: O.dayStartIso($('csv-from').value),
      to: O.dayEndIso($('csv-to').value) });
  }

  // ---- wiring

  function refreshAll() {
    loadStatus().catch((e) => fail('sync-message', e));
    loadConflicts().catch((e) => fail('conflict-list', e));
    loadFailed().catch((e) => fail('failed-list', e));
    loadCharts().catch((e) => fail('chart-runs', e));
    loadHistory().catch((e) => fail('history-count', e));
    loadCollections().catch((e) => fail('collections-table', e));
    loadSchedule().catch((e) => fail('sched-message', e));
  }

  async function start() {
    try {
      await loadNode();
    } catch (e) {
      fail('sync-message', e);
      return;
    }
    refreshAll();
    connectEvents();
  }

  function wire() {
    $('sync-now').addEventListener('click', () => startSync());
    $('history-filters').addEventListener('submit', (e) => {
      e.preventDefault();
      loadHistory().catch((err) => fail('history-count', err));
    });
    $('history-filters').addEventListener('reset', () => setTimeout(() =>
      loadHistory().catch((err) => fail('history-count', err))));
    for (const t of ['summary', 'config', 'items']) $('tab-' + t).addEventListener('click', () => selectTab(t));
    $('items-q').addEventListener('input', renderItems);
    $('items-status').addEventListener('change', renderItems);
    $('retry-failed').addEventListener('click', retryFailed);
    $('detail-close').addEventListener('click', () => {
      $('run-detail').hidden = true;
      state.detail = null;
      renderHistory();
    });
    $('config-download').addEventListener('click', () => O.saveBlob(new Blob(
      [JSON.stringify((state.detail && state.detail.config) || {}, null, 2)], { type: 'application/json' }),
    'outpost-sync-' + (state.detail ? state.detail.id : 'run') + '-config.json'));
    $('csv-from').addEventListener('change', updateCsvLink);
    $('csv-to').addEventListener('change', updateCsvLink);
    $('errors-csv').addEventListener('click', (e) => {
      if (!tokens.get()) return; // a plain link works when the node has no token
      e.preventDefault();
      api.download($('errors-csv').getAttribute('href'), 'outpost-sync-errors.csv')
        .catch((err) => { $('errors-csv').title = O.errorText(err); });
    });
    wireSchedule();
    watchdog();
    // Ages and the next due time move with the clock.
    setInterval(() => { if (!state.busy && state.node) loadStatus().catch(() => {}); }, 30000);
  }

  wire();
  start();
})();
