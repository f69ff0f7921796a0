// Evaluated in each invocation's context before the function's module. Builds `req`, `ctx` and `fetch` from plain
// JSON and one host proxy (call, log), so the function only ever holds plain JS values, never a host object.
// Returns { run(handler, done) }: run calls the handler and hands `done` one plain result object.
(function (host, initJson) {
  'use strict';

  // Globals that name the host (or block a thread) have no business in a function; removed before its code runs.
  for (const name of ['Java', 'Packages', 'java', 'javafx', 'javax', 'com', 'org', 'edu', 'Polyglot', 'Graal',
      'SharedArrayBuffer', 'Atomics', 'arguments']) {
    delete globalThis[name];
  }

  const init = JSON.parse(initJson);

  const text = (value) => {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return String(value.stack || value);
    try {
      const json = JSON.stringify(value);
      return json === undefined ? String(value) : json;
    } catch (e) {
      return String(value);
    }
  };
  const log = (prefix) => (...args) => host.log(prefix + args.map(text).join(' '));

  // A Java future as a promise: the host settles it later, on this context's thread, with JSON or a message.
  const call = (op, args) => new Promise((resolve, reject) => host.call(op, JSON.stringify(args),
      (json) => resolve(json == null ? null : JSON.parse(json)),
      (message) => reject(new Error(message))));
  // supabase-js shape: never rejects, errors are data.
  const outcome = (promise) => promise.then(
      (data) => ({ data, error: null }),
      (e) => ({ data: null, error: { message: e instanceof Error ? e.message : String(e) } }));

  // fetch(url, {method, headers, body}): the host makes the request (to functions.allowed_hosts only) and answers
  // with plain values, made here into a small Response: status, ok, headers.get(name), text(), json().
  const headerBag = (plain) => {
    const byName = Object.create(null);
    for (const [name, value] of Object.entries(plain)) byName[name.toLowerCase()] = value;
    return Object.freeze({
      get: (name) => byName[String(name).toLowerCase()] ?? null,
      has: (name) => String(name).toLowerCase() in byName,
      forEach: (fn) => Object.keys(byName).forEach((name) => fn(byName[name], name)),
    });
  };
  const requestHeaders = (given) => {
    const plain = {};
    const pairs = given == null ? [] : Array.isArray(given) ? given
      : typeof given.forEach === 'function' && typeof given.get === 'function' ? (() => {
        const seen = [];
        given.forEach((value, name) => seen.push([name, value]));
        return seen;
      })() : Object.entries(given);
    for (const [name, value] of pairs) plain[String(name)] = String(value);
    return plain;
  };
  const fetch = async (url, options) => {
    const init = options == null ? {} : options;
    if (init.body != null && typeof init.body !== 'string') {
      throw new TypeError('fetch: body must be a string; send JSON as JSON.stringify(value)');
    }
    const r = await call('fetch', {
      url: String(url),
      method: init.method == null ? 'GET' : String(init.method),
      headers: requestHeaders(init.headers),
      body: init.body == null ? null : init.body,
    });
    return Object.freeze({
      status: r.status,
      ok: r.status >= 200 && r.status <= 299,
      url: r.url,
      redirected: r.redirected,
      headers: headerBag(r.headers),
      text: async () => r.body,
      json: async () => JSON.parse(r.body),
    });
  };
  Object.defineProperty(globalThis, 'fetch', { value: fetch, writable: true, configurable: true });

  const inItem = (v) => {
    const s = String(v);
    return /^[^,()"\\\s]+$/.test(s) ? s : '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
  };

  // ctx.db.from(table): a thenable query builder producing PostgREST filter maps, one condition per column.
  class Query {
    constructor(table) {
      this.table = table;
      this.action = 'select';
      this.columns = null;
      this.filter = {};
      this.max = null;
      this.payload = undefined;
      this.promise = null;
    }
    select(columns) {
      if (this.action === 'select') this.columns = columns == null ? null : String(columns);
      return this;
    }
    insert(rows) { return this.act('insert', rows); }
    update(data) { return this.act('update', data); }
    delete() { return this.act('delete', undefined); }
    act(action, payload) {
      this.action = action;
      this.payload = payload;
      return this;
    }
    limit(n) {
      this.max = Number(n);
      return this;
    }
    in(column, values) {
      if (!Array.isArray(values)) throw new TypeError('in(column, values): values must be an array');
      return this.where(column, 'in.(' + values.map(inItem).join(',') + ')');
    }
    is(column, value) { return this.where(column, 'is.' + (value === null ? 'null' : String(value))); }
    where(column, condition) {
      column = String(column);
      if (Object.prototype.hasOwnProperty.call(this.filter, column)) {
        throw new Error(`ctx.db: a second condition on column '${column}'; a filter holds one condition per column`);
      }
      this.filter[column] = condition;
      return this;
    }
    run() {
      switch (this.action) {
        case 'select':
          return call('select', { table: this.table, filter: this.filter, select: this.columns, limit: this.max });
        case 'insert':
          return call('insert', { table: this.table, rows: this.payload });
        case 'update':
          return call('update', { table: this.table, data: this.payload, filter: this.filter });
        default:
          return call('delete', { table: this.table, filter: this.filter });
      }
    }
    then(onFulfilled, onRejected) {
      // Awaited once, run once (a second `then` sees the same outcome).
      if (this.promise === null) this.promise = outcome(this.run());
      return this.promise.then(onFulfilled, onRejected);
    }
  }
  for (const op of ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike']) {
    Query.prototype[op] = function (column, value) { return this.where(column, op + '.' + String(value)); };
  }

  globalThis.console = Object.freeze({
    log: log(''), info: log(''), debug: log(''), warn: log('warn: '), error: log('error: '),
  });

  // A job's ctx.progress(percent, message): a promise that rejects when the job was cancelled meanwhile.
  const progress = (percent, message) => {
    const p = Number(percent);
    if (!Number.isFinite(p) || p < 0 || p > 100) {
      return Promise.reject(new RangeError('ctx.progress(percent, message): percent must be a number from 0 to 100'));
    }
    return call('progress', { percent: Math.round(p), message: message == null ? '' : String(message) })
      .then(() => undefined);
  };

  const ctx = Object.freeze(Object.assign({
    db: Object.freeze({ from: (table) => new Query(String(table)) }),
    rpc: (name, params) => outcome(call('rpc', { name: String(name), params: params == null ? {} : params })),
    env: Object.freeze(Object.assign(Object.create(null), init.env)),
    log: log(''),
    caller: Object.freeze({ key_id: init.keyId, user_id: init.userId }),
  }, init.job ? { progress } : {}));

  const req = Object.freeze({
    method: init.method,
    headers: Object.freeze(init.headers),
    body: init.body,
    json() { return typeof this.body === 'string' ? JSON.parse(this.body) : this.body; },
  });

  const describe = (e) => {
    try {
      if (e instanceof Error) return { name: String(e.name), message: String(e.message) };
      return { name: 'Error', message: 'uncaught ' + text(e) };
    } catch (ignored) {
      return { name: 'Error', message: 'an error that cannot be described' };
    }
  };

  // A job's handler is called as (payload, ctx); what it returns is its result, as JSON.
  async function finish(handler) {
    const out = await handler(init.body, ctx);
    return { status: 200, headers: '{}', body: JSON.stringify(out) ?? 'null' };
  }

  async function respond(handler) {
    const out = await handler(req, ctx);
    const shaped = out !== null && typeof out === 'object' && !Array.isArray(out) && typeof out.status === 'number';
    const headers = {};
    if (shaped && out.headers != null) {
      for (const [k, v] of Object.entries(out.headers)) headers[k] = String(v);
    } else if (!shaped) {
      headers['content-type'] = 'application/json';
    }
    const body = shaped ? out.body : out;
    return { status: shaped ? out.status : 200, headers: JSON.stringify(headers), body: JSON.stringify(body) ?? 'null' };
  }

  return Object.freeze({
    run(handler, done) {
      (init.job ? finish(handler) : respond(handler)).then(done, (e) => done({ error: describe(e) }));
    },
  });
})
