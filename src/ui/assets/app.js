// The dashboard's page: plain JavaScript, no library. Every text from the server is put in as text (never as
// markup), except the topology's SVG, which the server draws with every name escaped. Live parts follow the
// server-sent events of /api/live.

const TOKEN = document.querySelector('meta[name="heatstack-token"]').getAttribute('content');
const main = document.getElementById('main');

/** Calls the API with the token in its header; a body makes it a POST. */
async function api(path, body) {
  const init = { headers: { 'X-Heatstack-Token': decodeURIComponent(TOKEN) } };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  return { status: res.status, ok: res.ok, data };
}

/** Replaces an element's children, leaving out the absent ones (`null`, `false`). */
function put(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
}

/** An element with attributes (`on…` ones are listeners) and children (strings become text). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function statusBadge(status) {
  const s = String(status || '');
  const progress = s.endsWith('_IN_PROGRESS') ? 'IN_PROGRESS' : s.endsWith('_COMPLETE') ? 'COMPLETE' : 'FAILED';
  const action = s.split('_')[0];
  return h(
    'span',
    { class: `status ${action} ${s === 'UNREADABLE' ? 'FAILED' : progress}`, 'data-status': s },
    words(s),
  );
}

/** `CREATE_COMPLETE` → `Create Complete`, as Horizon shows a status. */
function words(status) {
  return String(status)
    .split('_')
    .map((w) => w.charAt(0) + w.slice(1).toLowerCase())
    .join(' ');
}

function time(iso) {
  return iso
    ? String(iso)
        .replace('T', ' ')
        .replace(/\.\d+Z$|Z$/, '')
    : '';
}

/** The view on screen: it renders into `main` and is told what the live stream says. */
let view = {};

function setView(next) {
  view = next;
  for (const a of document.querySelectorAll('[data-nav]'))
    a.classList.toggle('active', a.getAttribute('data-nav') === next.nav);
}

// Live updates.
const live = new EventSource(`/api/live?token=${TOKEN}`);
const liveBadge = document.getElementById('live');
let connected = false;
live.addEventListener('hello', () => {
  liveBadge.textContent = 'live';
  liveBadge.classList.add('on');
  // Back after a drop: what happened meanwhile was not streamed, so the view reads it again.
  if (connected) view.onReconnect?.();
  connected = true;
});
live.addEventListener('error', () => {
  liveBadge.textContent = 'reconnecting…';
  liveBadge.classList.remove('on');
});
for (const kind of ['stack', 'event', 'progress', 'removed']) {
  live.addEventListener(kind, (e) => {
    const message = JSON.parse(e.data);
    const handler = view[`on${kind.charAt(0).toUpperCase()}${kind.slice(1)}`];
    if (handler) handler(message);
  });
}

// Routes: #/ stacks, #/stack/NAME/TAB, #/launch, #/update/NAME.
function route() {
  const parts = location.hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  if (parts[0] === 'stack' && parts[1]) showStack(parts[1], parts[2] || 'topology');
  else if (parts[0] === 'launch') showLaunch(undefined);
  else if (parts[0] === 'update' && parts[1]) showLaunch(parts[1]);
  else showStacks();
}
window.addEventListener('hashchange', route);
route();

function stackHref(name, tab) {
  return `#/stack/${encodeURIComponent(name)}${tab ? `/${tab}` : ''}`;
}

// ---- Stacks ----

function stackRow(s) {
  const failed = String(s.status).endsWith('_FAILED') || s.status === 'UNREADABLE';
  return h(
    'tr',
    { 'data-stack': s.name },
    h('td', {}, h('a', { href: stackHref(s.name) }, s.name)),
    h(
      'td',
      { class: 'status-cell' },
      statusBadge(s.status),
      failed && s.statusReason ? h('div', { class: 'reason' }, s.statusReason) : null,
      s.busy ? h('div', { class: 'muted' }, `busy: process ${s.busy.pid} is running ${s.busy.action}`) : null,
      s.interrupted ? h('div', { class: 'reason' }, s.interrupted) : null,
    ),
    h('td', { class: 'mono' }, time(s.createdAt)),
    h('td', { class: 'mono' }, time(s.updatedAt)),
    h('td', {}, s.resources ?? ''),
  );
}

async function showStacks() {
  setView({ nav: 'stacks' });
  const { data } = await api('/api/stacks');
  const body = h('tbody', {});
  const rows = new Map();
  const place = (s) => {
    const row = stackRow(s);
    const old = rows.get(s.name);
    rows.set(s.name, row);
    if (old) old.replaceWith(row);
    else {
      const after = [...rows.keys()].sort().find((n) => n > s.name && rows.get(n).isConnected);
      if (after) body.insertBefore(row, rows.get(after));
      else body.append(row);
    }
    empty.hidden = rows.size > 0;
  };
  const empty = h('p', { class: 'empty' }, 'No stacks yet. ', h('a', { href: '#/launch' }, 'Launch one.'));
  put(
    main,
    h('h1', {}, 'Stacks'),
    h('div', { class: 'toolbar' }, h('a', { href: '#/launch' }, h('button', { class: 'primary' }, 'Launch stack'))),
    h(
      'table',
      { id: 'stacks-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Stack name'),
          h('th', {}, 'Status'),
          h('th', {}, 'Created'),
          h('th', {}, 'Updated'),
          h('th', {}, 'Resources'),
        ),
      ),
      body,
    ),
    empty,
    h('p', { class: 'muted' }, `State directory: ${data.dir}`),
  );
  for (const s of data.stacks) place(s);
  empty.hidden = rows.size > 0;
  document.body.setAttribute('data-ready', 'stacks');
  setView({
    nav: 'stacks',
    onReconnect: showStacks,
    onStack: (m) => place(m.stack),
    onRemoved: (m) => {
      rows.get(m.stack)?.remove();
      rows.delete(m.stack);
      empty.hidden = rows.size > 0;
    },
  });
}

// ---- A stack ----

const TABS = ['topology', 'resources', 'events', 'outputs', 'template', 'parameters'];

async function showStack(name, tab) {
  setView({ nav: 'stacks' });
  const res = await api(`/api/stacks/${encodeURIComponent(name)}`);
  if (!res.ok) {
    put(main, h('h1', {}, name), h('p', { class: 'problems' }, res.data.error), h('a', { href: '#/' }, 'All stacks'));
    // A stack being made appears as soon as its record does.
    setView({ nav: 'stacks', onStack: (m) => m.stack.name === name && showStack(name, tab) });
    return;
  }
  let detail = res.data;
  // Events by number: the first the record still keeps is `firstEvent` (older ones were purged).
  const seenEvents = new Set(detail.events.map((_e, i) => detail.firstEvent + i));
  const told = (d) => d.firstEvent + d.events.length;
  const header = h('div', {});
  const notice = h('div', {});
  const content = h('div', { id: 'tab-content' });
  const actions = actionsBar(name, notice);
  const renderHeader = () => {
    offerActions(actions, detail.actions);
    put(
      header,
      h('h1', {}, `Stack ${detail.name} `, statusBadge(detail.status)),
      h('div', { class: 'muted', id: 'stack-reason' }, detail.statusReason),
      detail.busy
        ? h(
            'div',
            { class: 'panel', id: 'busy-note' },
            `Busy: process ${detail.busy.pid} is running ${detail.busy.action} since ${time(detail.busy.startedAt)}`,
          )
        : null,
    );
  };
  const tabs = h(
    'nav',
    { class: 'tabs' },
    TABS.map((t) =>
      h('a', { href: stackHref(name, t), 'data-tab': t, class: t === tab ? 'active' : false }, words(t.toUpperCase())),
    ),
  );
  put(main, h('div', {}, h('a', { href: '#/' }, '← Stacks')), header, actions, notice, tabs, content);
  renderHeader();

  let topology;
  const renderTab = async () => {
    if (tab === 'topology') {
      topology = h('div', { class: 'topology', id: 'topology' });
      put(content, topology);
      const svg = await api(`/api/stacks/${encodeURIComponent(name)}/topology`);
      // The server's own SVG: every name in it is escaped.
      topology.innerHTML = svg.data;
    } else put(content, TAB_VIEWS[tab](detail));
    document.body.setAttribute('data-ready', `stack-${tab}`);
  };
  await renderTab();

  const recolour = (statuses) => {
    if (!topology) return;
    let missing = false;
    for (const [resource, status] of Object.entries(statuses)) {
      const node = [...topology.querySelectorAll('g[data-resource]')].find(
        (g) => g.getAttribute('data-resource') === resource,
      );
      if (!node) {
        missing = true;
        continue;
      }
      node.setAttribute('data-action', status.replace(/_(IN_PROGRESS|COMPLETE|FAILED)$/, ''));
      node.setAttribute(
        'data-progress',
        status.endsWith('_IN_PROGRESS') ? 'IN_PROGRESS' : status.endsWith('_COMPLETE') ? 'COMPLETE' : 'FAILED',
      );
    }
    if (missing) renderTab();
  };

  let refetch;
  const refresh = () => {
    clearTimeout(refetch);
    refetch = setTimeout(async () => {
      const again = await api(`/api/stacks/${encodeURIComponent(name)}`);
      if (!again.ok) return;
      // The record on disk may lag behind the live events (a run's writes are coalesced): ask again later.
      if (told(again.data) < told(detail)) {
        refresh();
        return;
      }
      detail = again.data;
      renderHeader();
      if (tab !== 'topology' && tab !== 'events') put(content, TAB_VIEWS[tab](detail));
    }, 150);
  };

  setView({
    nav: 'stacks',
    onReconnect: () => showStack(name, tab),
    onStack: (m) => {
      if (m.stack.name !== name) return;
      // A summary leaves out what no longer holds (a run's busy mark): take it whole.
      detail = { ...detail, ...m.stack, busy: m.stack.busy, interrupted: m.stack.interrupted };
      renderHeader();
      recolour(m.stack.resourceStatuses);
      refresh();
    },
    onEvent: (m) => {
      if (m.stack !== name || seenEvents.has(m.index)) return;
      seenEvents.add(m.index);
      detail.events = [...detail.events, m.event];
      document.getElementById('events-body')?.append(eventRow(m.event));
    },
    onProgress: (m) => {
      if (m.stack !== name) return;
      put(notice, h('div', { class: 'panel' }, m.resource ? `${m.resource}: ${m.message}` : m.message));
    },
    onRemoved: (m) => {
      if (m.stack !== name) return;
      // Gone: no run holds it any more, and nothing can be done to it.
      detail = {
        ...detail,
        status: 'DELETE_COMPLETE',
        statusReason: 'Stack deleted',
        busy: undefined,
        actions: undefined,
      };
      renderHeader();
      put(
        notice,
        h('div', { class: 'panel', id: 'stack-gone' }, `Stack ${name} is gone. `, h('a', { href: '#/' }, 'All stacks')),
      );
    },
  });
}

/** Update, suspend, resume, delete: each asks for a confirmation first. */
function actionsBar(name, notice) {
  const confirmThen = (action, label, danger) => () => {
    put(
      notice,
      h(
        'div',
        { class: 'panel warn', id: 'confirm-panel' },
        h('p', {}, `${label} stack ${name}?`),
        h(
          'div',
          { class: 'toolbar' },
          h(
            'button',
            {
              class: danger ? 'danger' : 'primary',
              id: 'confirm-button',
              onclick: async () => {
                put(notice, h('div', { class: 'panel' }, `${label}…`));
                const res = await api(`/api/stacks/${encodeURIComponent(name)}/${action}`, { confirm: name });
                if (res.status === 202) put(notice, h('div', { class: 'panel' }, `${label} started.`));
                else
                  put(
                    notice,
                    h(
                      'div',
                      { class: 'panel warn problems', id: 'action-error' },
                      res.data.error || `${label}: ${res.data.status}`,
                    ),
                  );
              },
            },
            label,
          ),
          h('button', { onclick: () => put(notice) }, 'Cancel'),
        ),
      ),
    );
  };
  const update = () => {
    location.hash = `#/update/${encodeURIComponent(name)}`;
  };
  return h(
    'div',
    { class: 'toolbar', id: 'stack-actions' },
    h('button', { id: 'update-button', 'data-action': 'update', onclick: update }, 'Update…'),
    h(
      'button',
      { id: 'suspend-button', 'data-action': 'suspend', onclick: confirmThen('suspend', 'Suspend', false) },
      'Suspend',
    ),
    h(
      'button',
      { id: 'resume-button', 'data-action': 'resume', onclick: confirmThen('resume', 'Resume', false) },
      'Resume',
    ),
    h(
      'button',
      { id: 'delete-button', 'data-action': 'delete', class: 'danger', onclick: confirmThen('delete', 'Delete', true) },
      'Delete',
    ),
  );
}

/** Enables the actions the stack offers now (its summary's `actions`: none while a run holds it), none once it is gone. */
function offerActions(bar, actions) {
  for (const button of bar.querySelectorAll('button[data-action]'))
    button.disabled = !actions?.[button.getAttribute('data-action')];
}

function eventRow(e) {
  return h(
    'tr',
    {},
    h('td', { class: 'mono' }, time(e.time)),
    h('td', {}, e.resource || '(stack)'),
    h('td', {}, statusBadge(e.status)),
    h('td', {}, e.reason),
  );
}

function table(id, heads, rows) {
  return h(
    'table',
    { id },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        heads.map((x) => h('th', {}, x)),
      ),
    ),
    h('tbody', { id: `${id.replace('-table', '')}-body` }, rows),
  );
}

function show(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const TAB_VIEWS = {
  resources: (d) =>
    table(
      'resources-table',
      ['Resource', 'Container id', 'Type', 'Updated', 'Status', 'Status reason'],
      d.resourceList.map((r) =>
        h(
          'tr',
          { 'data-resource': r.name },
          h('td', {}, r.name),
          h('td', { class: 'mono', title: r.physicalId || '' }, r.physicalId ? r.physicalId.slice(0, 12) : '-'),
          h('td', { class: 'mono' }, r.type),
          h('td', { class: 'mono' }, time(r.updatedAt)),
          h('td', {}, statusBadge(r.status)),
          h('td', {}, r.statusReason),
        ),
      ),
    ),
  events: (d) => table('events-table', ['Time', 'Resource', 'Status', 'Reason'], d.events.map(eventRow)),
  outputs: (d) =>
    d.outputs.length === 0
      ? h('p', { class: 'empty' }, 'No outputs.')
      : table(
          'outputs-table',
          ['Output', 'Value', 'Description'],
          d.outputs.map((o) =>
            h(
              'tr',
              { 'data-output': o.name },
              h('td', {}, o.name),
              h(
                'td',
                { class: 'mono' },
                o.url
                  ? h(
                      'a',
                      { href: o.url, target: '_blank', rel: 'noopener noreferrer', 'data-output-link': o.name },
                      o.url,
                    )
                  : o.error
                    ? h('span', { class: 'reason' }, o.error)
                    : show(o.value),
              ),
              h('td', {}, o.description || ''),
            ),
          ),
        ),
  template: (d) =>
    h(
      'div',
      {},
      d.source ? h('p', { class: 'muted' }, `From ${d.source}`) : null,
      h('pre', { id: 'template-text' }, d.template),
    ),
  parameters: (d) =>
    d.parameters.length === 0
      ? h('p', { class: 'empty' }, 'No parameters.')
      : table(
          'parameters-table',
          ['Parameter', 'Value'],
          d.parameters.map((p) =>
            h('tr', { 'data-parameter': p.name }, h('td', {}, p.name), h('td', { class: 'mono' }, show(p.value))),
          ),
        ),
};

// ---- Launch and update ----

async function showLaunch(updating) {
  setView({ nav: updating ? 'stacks' : 'launch' });
  const files = (await api('/api/files')).data;
  const problems = h('div', { class: 'problems', id: 'general-problems' });
  const formBox = h('div', { id: 'form-box' });
  const previewBox = h('div', { id: 'preview-box' });
  const stackInput = h('input', {
    id: 'stack-name',
    name: 'stack',
    value: updating || '',
    readonly: Boolean(updating),
    autocomplete: 'off',
  });
  const stackError = h('div', { class: 'field-error', 'data-for': '__stack' });
  const existing = h('input', { type: 'checkbox', id: 'existing' });
  const select = h(
    'select',
    { id: 'source-file' },
    updating
      ? h('option', { value: 'recorded' }, 'The stack’s current template (new parameter values)')
      : h('option', { value: '' }, 'Choose a template or app…'),
    h(
      'optgroup',
      { label: `Templates in ${files.dir}` },
      files.files.filter((f) => f.kind === 'template').map((f) => h('option', { value: `file:${f.path}` }, f.path)),
    ),
    h(
      'optgroup',
      { label: 'Apps' },
      files.files.filter((f) => f.kind === 'app').map((f) => h('option', { value: `file:${f.path}` }, f.path)),
    ),
  );
  const upload = h('input', { type: 'file', id: 'source-upload', accept: '.yaml,.yml,.json,.template' });
  const launchButton = h(
    'button',
    { class: 'primary', id: 'launch-button', type: 'button', disabled: true },
    updating ? 'Update' : 'Launch',
  );
  const previewButton = h('button', { id: 'preview-button', type: 'button', disabled: true }, 'Preview');

  let source;
  let fields = [];
  let checkTimer;
  const touched = new Set();

  const values = () => {
    const out = {};
    for (const f of fields) {
      const input = document.getElementById(`param-${f.name}`);
      const v = input.value;
      if (v === '' && (f.hasDefault || existing.checked)) continue;
      out[f.name] = v;
    }
    return out;
  };
  const body = () => ({ source, stack: stackInput.value, parameters: values(), existing: existing.checked });
  const showProblems = (p, all) => {
    put(problems, ...(p?.general || []).map((g) => h('div', {}, g)));
    for (const box of document.querySelectorAll('.field-error')) {
      const name = box.getAttribute('data-for');
      const shown = all || touched.has(name) ? (p?.fields?.[name] ?? []) : [];
      put(box, ...shown.map((m) => h('div', {}, m)));
      box.closest('.field')?.classList.toggle('invalid', shown.length > 0);
    }
  };
  const changed = (name) => {
    if (name) touched.add(name);
    launchButton.disabled = true;
    put(previewBox);
    clearTimeout(checkTimer);
    checkTimer = setTimeout(async () => {
      if (!source) return;
      const res = await api('/api/check', body());
      showProblems(res.data.problems, false);
    }, 250);
  };

  const loadForm = async () => {
    put(formBox);
    put(previewBox);
    put(problems);
    launchButton.disabled = true;
    previewButton.disabled = !source;
    if (!source) return;
    const res = await api('/api/form', { source, stack: stackInput.value || undefined });
    if (!res.ok) {
      put(problems, h('div', {}, res.data.error));
      previewButton.disabled = true;
      return;
    }
    fields = res.data.form.fields;
    put(
      formBox,
      res.data.form.description
        ? h('p', { class: 'muted', id: 'template-description' }, res.data.form.description)
        : null,
      fields.length === 0 ? h('p', { class: 'muted' }, 'This template has no parameters.') : null,
      ...fields.map((f) => fieldRow(f, updating !== undefined, () => changed(f.name))),
      h('h2', {}, 'Topology'),
    );
    const picture = h('div', { class: 'topology', id: 'launch-topology' });
    picture.innerHTML = res.data.topology;
    formBox.append(picture);
    document.body.setAttribute('data-ready', 'launch-form');
  };

  select.addEventListener('change', () => {
    const v = select.value;
    upload.value = '';
    source =
      v === 'recorded'
        ? { kind: 'recorded', stack: updating }
        : v.startsWith('file:')
          ? { kind: 'file', path: v.slice(5) }
          : undefined;
    loadForm();
  });
  upload.addEventListener('change', async () => {
    const file = upload.files?.[0];
    if (!file) return;
    const res = await api('/api/upload', { name: file.name, text: await file.text() });
    if (!res.ok) {
      put(problems, h('div', {}, res.data.error));
      return;
    }
    select.value = '';
    source = res.data.source;
    loadForm();
  });
  stackInput.addEventListener('input', () => changed('__stack'));
  existing.addEventListener('change', () => changed());

  previewButton.addEventListener('click', async () => {
    put(previewBox, h('p', { class: 'muted' }, 'Planning…'));
    const res = await api('/api/preview', body());
    if (!res.data.ok) {
      put(previewBox);
      showProblems(res.data.problems || { general: [res.data.error], fields: {} }, true);
      return;
    }
    showProblems(undefined, true);
    put(
      previewBox,
      h('h2', {}, `Preview: ${words(res.data.action)}`),
      res.data.busy
        ? h(
            'div',
            { class: 'panel warn' },
            `Busy: process ${res.data.busy.pid} is running ${res.data.busy.action}; a deploy now would be refused.`,
          )
        : null,
      ...res.data.warnings.map((w) => h('div', { class: 'panel warn' }, w)),
      h('pre', { id: 'preview' }, res.data.diff),
    );
    launchButton.disabled = false;
  });
  launchButton.addEventListener('click', async () => {
    launchButton.disabled = true;
    const res = await api('/api/deploy', body());
    if (res.status === 202) {
      location.hash = stackHref(stackInput.value);
      return;
    }
    showProblems(
      res.data.problems || { general: [res.data.error || `the deploy ended ${res.data.status}`], fields: {} },
      true,
    );
  });

  put(
    main,
    h('h1', {}, updating ? `Update stack ${updating}` : 'Launch stack'),
    h(
      'form',
      { class: 'launch', onsubmit: (e) => e.preventDefault() },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'source-file' }, 'Template'),
        select,
        h('div', { class: 'help' }, 'or upload a template: ', upload),
      ),
      h('div', { class: 'field' }, h('label', { for: 'stack-name' }, 'Stack name'), stackInput, stackError),
      updating
        ? h(
            'div',
            { class: 'field' },
            h('label', { for: 'existing' }, 'Keep values'),
            h(
              'div',
              {},
              existing,
              ' parameters left empty keep the last deploy’s value (hidden ones must be given again)',
            ),
          )
        : null,
      formBox,
      problems,
      h('div', { class: 'toolbar' }, previewButton, launchButton),
      previewBox,
    ),
  );
  if (updating) {
    select.value = 'recorded';
    source = { kind: 'recorded', stack: updating };
    await loadForm();
  }
  document.body.setAttribute('data-ready', 'launch');
}

function fieldRow(f, updating, onChange) {
  const id = `param-${f.name}`;
  let input;
  if (f.choices) {
    input = h(
      'select',
      { id, name: f.name },
      !f.hasDefault || updating ? h('option', { value: '' }, updating ? '(keep or default)' : '') : null,
      f.choices.map((c) => h('option', { value: c, selected: c === f.default && !updating }, c)),
    );
  } else {
    input = h('input', {
      id,
      name: f.name,
      type: f.hidden ? 'password' : 'text',
      autocomplete: f.hidden ? 'new-password' : 'off',
      value: f.hidden || updating ? '' : (f.default ?? ''),
      placeholder: f.hidden && f.hasDefault ? '(default)' : updating && f.default !== undefined ? f.default : '',
    });
  }
  input.addEventListener('input', onChange);
  input.addEventListener('change', onChange);
  const help = [f.description, f.rules.length > 0 ? `Rules: ${f.rules.join('; ')}` : null, `Type: ${f.type}`]
    .filter(Boolean)
    .join(' · ');
  return h(
    'div',
    { class: 'field', 'data-field': f.name },
    h('label', { for: id }, f.label, f.hidden ? h('span', { class: 'muted' }, ' (hidden)') : null),
    input,
    h('div', { class: 'help' }, help),
    h('div', { class: 'field-error', 'data-for': f.name }),
  );
}
