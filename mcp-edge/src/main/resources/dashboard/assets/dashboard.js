// The Fluxbase dashboard: plain DOM and fetch() against the admin API, signed in by a session cookie.
// Everything a user or a client chose (key names, tools, messages) is inserted with textContent, never as HTML.

const $ = (selector) => document.querySelector(selector);
const PAGES = ['overview', 'activity', 'keys'];
const OUTCOMES = ['ok', 'error', 'denied', 'rate_limited', 'invalid'];
const state = { session: null, keys: [], records: [], oldest: null, stream: null };
// The session's CSRF token, kept in this origin's own storage: the cookie of a localhost page reaches every port of
// the host, so the server honours it only beside this token.
const CSRF = 'fluxbase.dashboard.csrf';

class SignedOut extends Error {}

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const csrf = localStorage.getItem(CSRF);
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const response = await fetch(path, { method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401 && path !== '/dashboard/api/sign-in') {
    showSignIn();
    throw new SignedOut('signed out');
  }
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) throw new Error(json.error ? json.error.message : `HTTP ${response.status}`);
  return json;
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function when(time) {
  return time ? new Date(time).toLocaleString() : '—';
}

function row(cells) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    if (cell instanceof Node) td.append(cell); else td.textContent = cell ?? '—';
    tr.append(td);
  }
  return tr;
}

function reporting(errorNode, work) {
  return async (event) => {
    if (event) event.preventDefault();
    errorNode.textContent = '';
    try {
      await work(event);
    } catch (e) {
      if (!(e instanceof SignedOut)) errorNode.textContent = e.message;
    }
  };
}

// ---- session ----

function showSignIn() {
  state.session = null;
  localStorage.removeItem(CSRF);
  stopStream();
  forgetSecrets();
  $('#nav').hidden = true;
  $('#sign-out').hidden = true;
  for (const page of PAGES) $('#' + page).hidden = true;
  $('#sign-in').hidden = false;
  $('#link-note').hidden = location.hash !== '#link-used';
  $('#token').focus();
}

/** The session's CSRF token and the scope catalogue, or the sign-in form when there is no session (any more). */
async function start() {
  // a one-time link signs in with the token in the fragment, which the browser sends nowhere
  if (location.hash.startsWith('#csrf=')) {
    localStorage.setItem(CSRF, decodeURIComponent(location.hash.slice('#csrf='.length)));
    history.replaceState(null, '', '#keys');
  }
  const session = await api('GET', '/dashboard/api/session');
  if (session.signed_in) signedIn(session); else showSignIn();
}

function signedIn(session) {
  state.session = session;
  if (session.csrf_token) localStorage.setItem(CSRF, session.csrf_token);
  $('#sign-in').hidden = true;
  $('#nav').hidden = false;
  $('#sign-out').hidden = false;
  renderScopes();
  if (!PAGES.includes(location.hash.slice(1))) history.replaceState(null, '', '#overview');
  route();
}

$('#sign-in-form').addEventListener('submit', reporting($('#sign-in-error'), async () => {
  const token = $('#token');
  try {
    signedIn(await api('POST', '/dashboard/api/sign-in', { token: token.value }));
  } finally {
    token.value = '';
  }
}));

$('#sign-out').addEventListener('click', async () => {
  try {
    await api('POST', '/dashboard/api/sign-out');
  } catch (e) {
    // signed out either way
  }
  showSignIn();
});

function route() {
  if (!state.session) return;
  const page = PAGES.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'overview';
  for (const name of PAGES) $('#' + name).hidden = name !== page;
  for (const link of document.querySelectorAll('#nav a')) link.classList.toggle('current', link.dataset.page === page);
  if (page !== 'activity') stopStream();
  if (page !== 'keys') forgetSecrets();
  ({ overview: loadOverview, activity: loadActivity, keys: loadKeys })[page]().catch(() => {});
}

window.addEventListener('hashchange', route);

// ---- overview ----

async function loadOverview() {
  const o = await api('GET', '/admin/v1/overview');
  const figures = $('#overview-figures');
  figures.replaceChildren();
  const last = o.last_verification;
  const entries = [
    ['Health', `${o.status} (database ${o.database})`],
    ['MCP protocol versions', o.protocol_versions.join(', ')],
    ['Calls in the last 24 h', o.calls_24h],
    ['Denied (24 h)', o.denied_24h],
    ['Rate limited (24 h)', o.rate_limited_24h],
    ['Audit projection lag', o.projection_lag === null ? 'not measured yet' : `${o.projection_lag} events`],
    ['Last log verification', last ? `${last.ok ? 'intact' : 'FAILED'} at ${when(last.at)}`
      : 'not verified since the server started (fluxbase logs verify)'],
  ];
  for (const [name, value] of entries) figures.append(el('dt', name), el('dd', value));
}

// ---- client keys ----

function renderScopes() {
  const fieldset = $('#scopes');
  fieldset.querySelectorAll('label').forEach((label) => label.remove());
  for (const scope of state.session.scopes) {
    const label = el('label');
    const box = el('input');
    box.type = 'checkbox';
    box.name = 'scope';
    box.value = scope.name;
    label.append(box, ' ', el('code', scope.name), ' ', el('span', scope.meaning, 'meaning'));
    fieldset.append(label);
  }
}

async function loadKeys() {
  const { keys } = await api('GET', '/admin/v1/clientkeys');
  state.keys = keys;
  const body = $('#keys-table tbody');
  body.replaceChildren(...keys.map(keyRow));
  const filter = $('#filter-key');
  const chosen = filter.value;
  filter.replaceChildren(el('option', 'any'));
  filter.firstChild.value = '';
  for (const key of keys) {
    const option = el('option', key.name);
    option.value = key.id;
    filter.append(option);
  }
  filter.value = chosen;
}

function keyRow(key) {
  const actions = el('span');
  if (key.status === 'active') {
    actions.append(confirming('Rotate', `Rotate "${key.name}"? The old secret stops working at once.`, async () => {
      const rotated = await api('POST', `/admin/v1/clientkeys/${encodeURIComponent(key.id)}/rotate`);
      showSecret(rotated.key);
      await loadKeys();
    }), ' ', confirming('Revoke', `Revoke "${key.name}"? Clients using it are refused from now on.`, async () => {
      await api('POST', `/admin/v1/clientkeys/${encodeURIComponent(key.id)}/revoke`);
      await loadKeys();
    }));
  }
  const tr = row([el('span', key.name, 'key-name'), key.type, key.scopes.join(', '), key.user_id,
    el('span', key.status, 'status-' + key.status), when(key.created_at), when(key.expires_at),
    when(key.last_used_at), key.rate_limit_per_min ? `${key.rate_limit_per_min}/min` : 'default', actions]);
  tr.dataset.keyId = key.id;
  return tr;
}

/** A button that asks again in place (no browser dialog) before it acts. */
function confirming(label, question, act) {
  const holder = el('span');
  const button = el('button', label, label === 'Revoke' ? 'danger' : '');
  button.type = 'button';
  button.dataset.action = label.toLowerCase();
  button.addEventListener('click', () => {
    const yes = el('button', `Yes, ${label.toLowerCase()}`, 'danger');
    yes.type = 'button';
    yes.dataset.confirm = label.toLowerCase();
    const no = el('button', 'Cancel');
    no.type = 'button';
    const error = el('span', '', 'error');
    no.addEventListener('click', () => holder.replaceChildren(button));
    yes.addEventListener('click', reporting(error, act));
    holder.replaceChildren(el('span', question + ' '), yes, ' ', no, ' ', error);
  });
  holder.append(button);
  return holder;
}

$('#create-key').addEventListener('submit', reporting($('#create-error'), async (event) => {
  const form = event.target;
  const data = new FormData(form);
  const request = { name: data.get('name'), type: data.get('type'), scopes: data.getAll('scope') };
  for (const field of ['user_id', 'expires']) {
    if (String(data.get(field)).trim()) request[field] = String(data.get(field)).trim();
  }
  if (String(data.get('rate_limit_per_min')).trim()) request.rate_limit_per_min = Number(data.get('rate_limit_per_min'));
  const created = await api('POST', '/admin/v1/clientkeys', request);
  form.reset();
  showSecret(created.key);
  await loadKeys();
}));

function showSecret(secret) {
  $('#new-key').textContent = secret;
  $('#copy-status').textContent = '';
  const config = { mcpServers: { fluxbase: { type: 'http', url: location.origin + state.session.mcp_path,
    headers: { 'X-Client-Key': secret } } } };
  $('#claude-config').textContent = JSON.stringify(config, null, 2);
  $('#key-once').hidden = false;
}

/** The secret is shown once: once dismissed (or the page left), it is gone from the page. */
function forgetSecrets() {
  $('#new-key').textContent = '';
  $('#claude-config').textContent = '';
  $('#key-once').hidden = true;
}

$('#key-done').addEventListener('click', forgetSecrets);

$('#copy-key').addEventListener('click', async () => {
  const secret = $('#new-key').textContent;
  try {
    await navigator.clipboard.writeText(secret);
    $('#copy-status').textContent = 'Copied';
  } catch (e) {
    getSelection().selectAllChildren($('#new-key'));
    $('#copy-status').textContent = 'Selected: press Ctrl+C';
  }
});

// ---- activity ----

function filters(extra) {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData($('#activity-filters'))) if (String(value).trim()) params.set(name, value);
  for (const [name, value] of Object.entries(extra || {})) params.set(name, value);
  return params;
}

async function loadActivity() {
  if (state.keys.length === 0) await loadKeys();
  stopStream();
  const { records } = await api('GET', '/admin/v1/logs?' + filters({ limit: 100 }));
  state.records = records;
  $('#activity-table tbody').replaceChildren(...records.map(callRow));
  $('#older').hidden = records.length < 100;
  drawChart();
  openStream();
}

$('#activity-filters').addEventListener('change', () => loadActivity().catch(() => {}));

$('#older').addEventListener('click', async () => {
  const oldest = state.records[state.records.length - 1];
  if (!oldest) return;
  const { records } = await api('GET', '/admin/v1/logs?' + filters({ limit: 100, until: oldest.time }));
  state.records.push(...records);
  $('#activity-table tbody').append(...records.map(callRow));
  $('#older').hidden = records.length < 100;
  drawChart();
});

function callRow(record, fresh) {
  const tr = row([when(record.time), record.key_name ?? record.key_id, record.target ?? record.method,
    el('span', record.outcome, 'outcome-' + record.outcome), record.rows, record.duration_ms,
    [record.client_name, record.client_version].filter(Boolean).join(' ')]);
  tr.className = fresh ? 'call fresh' : 'call';
  tr.dataset.callId = record.call_id;
  tr.addEventListener('click', () => showCall(record).catch(() => {}));
  return tr;
}

function openStream() {
  // an EventSource sends no headers: the CSRF token goes as a parameter
  const stream = new EventSource('/admin/v1/logs/stream?' + filters({ csrf: localStorage.getItem(CSRF) || '' }));
  state.stream = stream;
  stream.addEventListener('open', () => { $('#live').textContent = 'live'; $('#live').className = 'live on'; });
  stream.addEventListener('record', (event) => {
    const record = JSON.parse(event.data);
    if (state.records.some((known) => known.call_id === record.call_id)) return;
    state.records.unshift(record);
    $('#activity-table tbody').prepend(callRow(record, true));
    drawChart();
  });
  stream.addEventListener('error', () => {
    $('#live').textContent = 'reconnecting';
    $('#live').className = 'live';
    // A stream that ended because the session did is not reopened: the sign-in form is shown instead.
    api('GET', '/dashboard/api/session').then((session) => { if (!session.signed_in) showSignIn(); })
      .catch(() => {});
  });
}

function stopStream() {
  if (state.stream) state.stream.close();
  state.stream = null;
}

/** Calls per time bucket by outcome, stacked, over the chosen range (at most 60 buckets, at least a minute each). */
function drawChart() {
  const svg = $('#calls-chart');
  const ns = 'http://www.w3.org/2000/svg';
  svg.replaceChildren();
  const rangeMs = { '15m': 15, '1h': 60, '24h': 1440, '7d': 10080 }[filters().get('since')] * 60_000;
  const bucketMs = Math.max(60_000, Math.ceil(rangeMs / 60 / 60_000) * 60_000);
  const end = Math.ceil(Date.now() / bucketMs) * bucketMs;
  const buckets = Math.ceil(rangeMs / bucketMs);
  const counts = Array.from({ length: buckets }, () => Object.fromEntries(OUTCOMES.map((o) => [o, 0])));
  for (const record of state.records) {
    const index = buckets - 1 - Math.floor((end - 1 - Date.parse(record.time)) / bucketMs);
    if (index >= 0 && index < buckets && record.outcome in counts[index]) counts[index][record.outcome] += 1;
  }
  const most = Math.max(1, ...counts.map((c) => OUTCOMES.reduce((sum, o) => sum + c[o], 0)));
  const width = 800 / buckets;
  counts.forEach((count, i) => {
    let y = 140;
    for (const outcome of OUTCOMES) {
      if (!count[outcome]) continue;
      const height = (count[outcome] / most) * 125;
      y -= height;
      const rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('x', String(i * width + 1));
      rect.setAttribute('y', String(y));
      rect.setAttribute('width', String(Math.max(1, width - 2)));
      rect.setAttribute('height', String(height));
      rect.setAttribute('class', outcome);
      const title = document.createElementNS(ns, 'title');
      title.textContent = `${count[outcome]} ${outcome}`;
      rect.append(title);
      svg.append(rect);
    }
  });
  const label = (x, text, anchor) => {
    const node = document.createElementNS(ns, 'text');
    node.setAttribute('x', String(x));
    node.setAttribute('y', '155');
    node.setAttribute('text-anchor', anchor);
    node.textContent = text;
    svg.append(node);
  };
  label(2, new Date(end - rangeMs).toLocaleTimeString(), 'start');
  label(798, `now · max ${most} per ${bucketMs / 60_000} min`, 'end');
}

async function showCall(record) {
  $('#call-details').hidden = false;
  $('#detail-call-id').textContent = record.call_id;
  const fields = $('#detail-fields');
  fields.replaceChildren();
  const entries = [
    ['Time', when(record.time)], ['Key', `${record.key_name ?? '—'} (${record.key_id ?? 'no key'}, ${record.key_type ?? '—'})`],
    ['Tool / method', `${record.target ?? '—'} (${record.method ?? '—'})`], ['Table', record.table],
    ['Outcome', record.outcome],
    ['Error', [record.error_code, record.message].filter(Boolean).join(': ') || '—'],
    ['Argument digest', record.argument_digest], ['Arguments', record.arguments ?? 'not kept (audit.arguments: digest)'],
    ['Rows', record.rows], ['Duration', `${record.duration_ms} ms`],
    ['Client', [record.client_name, record.client_version].filter(Boolean).join(' ') || '—'],
    ['Address', record.ip], ['Database role', record.db_role], ['Session', record.session_id],
  ];
  for (const [name, value] of entries) fields.append(el('dt', name), el('dd', value ?? '—'));
  const { changes, truncated } = await api('GET', `/admin/v1/logs/${encodeURIComponent(record.call_id)}/changes`);
  $('#detail-changes-none').hidden = changes.length > 0;
  $('#detail-changes-more').hidden = !truncated;
  $('#detail-changes-more').textContent = `The call wrote more rows; the first ${changes.length} are shown.`;
  $('#detail-changes').hidden = changes.length === 0;
  $('#detail-changes tbody').replaceChildren(...changes.map((change) => row([change.table, change.row_key,
    change.operation, change.columns.join(', '),
    el('code', `history://tables/${change.table}/${change.row_key}`)])));
}

$('#close-details').addEventListener('click', () => { $('#call-details').hidden = true; });

start().catch(() => showSignIn());
