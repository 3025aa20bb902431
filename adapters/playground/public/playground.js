// The playground page: draws /api/state, sends what the person types or clicks to the API.
// Plain browser JavaScript, no build step, no network beyond this server. Message bodies arrive
// as HTML the server already escaped; everything else is set with textContent.
'use strict';

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) if (child) node.append(child);
  return node;
};

const view = {
  user: localStorage.getItem('relais.playground.user') || 'alice',
  channel: 'C-general',
  thread: null,
  /** What is on screen: redraw only when the server's version or the view changes. */
  drawn: '',
  seq: 0,
  applied: 0,
};

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error?.message || `the server answered ${res.status}`);
  return data;
}

async function refresh(force = false) {
  const seq = ++view.seq;
  const q = new URLSearchParams({ user: view.user, channel: view.channel });
  if (view.thread) q.set('thread', view.thread);
  const state = await api('GET', `/api/state?${q}`);
  if (seq < view.applied) return; // an older answer arriving late
  view.applied = seq;
  const key = `${state.version}|${view.user}|${view.channel}|${view.thread}`;
  if (!force && key === view.drawn) return;
  view.drawn = key;
  draw(state);
}

function draw(state) {
  drawActors(state.people);
  drawSidebar(state);
  $('channel-name').textContent = state.channel.direct ? state.channel.name : `#${state.channel.name}`;
  $('channel-topic').textContent = state.channel.topic;
  $('composer-input').placeholder =
    `Message ${state.channel.direct ? 'Relais' : `#${state.channel.name}`}, or a command such as /relais help`;
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.replaceChildren(...state.messages.map((m) => messageItem(m, true)));
  if (state.messages.length === 0)
    list.append(
      el('li', {
        className: 'empty',
        textContent: `This is the start of ${$('channel-name').textContent}. Type /relais help below to see what Relais can do.`,
      }),
    );
  if (atBottom || view.scrollNext) list.scrollTop = list.scrollHeight;
  view.scrollNext = false;
  drawThread(state.thread);
  drawSuggestions(state.suggestions);
}

function drawActors(people) {
  const select = $('actor');
  if (select.options.length === 0) {
    for (const p of people)
      select.append(el('option', { value: p.id, textContent: `${p.name} — ${p.role} (${p.locale})` }));
    const people$ = $('people');
    for (const p of people) {
      const who = el(
        'div',
        {},
        el('span', { textContent: p.name }),
        el('small', { textContent: `@${p.id} · ${p.role} · ${p.speaks}` }),
      );
      people$.append(
        el('li', {}, el('span', { className: `avatar small a-${p.id}`, textContent: initials(p.name) }), who),
      );
    }
  }
  select.value = view.user;
}

function drawSidebar(state) {
  const link = (c) => {
    const button = el('button', {
      type: 'button',
      className: `channel-link${c.id === view.channel ? ' active' : ''}`,
      textContent: c.direct ? c.name : `# ${c.name}`,
    });
    button.dataset.channelId = c.id;
    button.dataset.testid = 'channel-link';
    return el('li', {}, button);
  };
  $('channels').replaceChildren(...state.channels.filter((c) => !c.direct).map(link));
  $('dms').replaceChildren(...state.channels.filter((c) => c.direct).map(link));
}

function drawThread(thread) {
  const pane = $('thread');
  if (!thread) {
    view.thread = null;
    pane.hidden = true;
    $('app').classList.remove('with-thread');
    return;
  }
  pane.hidden = false;
  $('app').classList.add('with-thread');
  $('thread-root').replaceChildren(messageItem(thread.root, false));
  const n = thread.replies.length;
  $('thread-count').textContent = n === 0 ? 'No replies yet' : n === 1 ? '1 reply' : `${n} replies`;
  const replies = $('thread-replies');
  replies.replaceChildren(...thread.replies.map((m) => messageItem(m, false)));
  replies.scrollTop = replies.scrollHeight;
}

let suggestionsDrawn = false;
function drawSuggestions(suggestions) {
  if (suggestionsDrawn) return;
  suggestionsDrawn = true;
  $('suggestions').replaceChildren(
    ...suggestions.map((s) => {
      const chip = el('button', { type: 'button', className: 'suggestion', textContent: s });
      chip.dataset.suggestion = s;
      return chip;
    }),
  );
}

function initials(name) {
  return name
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

function messageItem(m, inChannel) {
  const li = el('li', { className: `msg${m.private ? ' private' : ''}` });
  li.dataset.testid = 'message';
  li.dataset.messageId = m.id;
  li.dataset.private = String(m.private);
  const avatar = el('div', {
    className: `avatar ${m.author.bot ? 'bot' : `a-${m.author.id}`}`,
    textContent: m.author.bot ? 'R' : initials(m.author.name),
  });
  const time = el('time', {
    dateTime: m.at,
    textContent: new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
  });
  const meta = el(
    'div',
    { className: 'msg-meta' },
    el('span', { className: 'author', textContent: m.author.name }),
    m.author.bot ? el('span', { className: 'app-badge', textContent: 'APP' }) : null,
    time,
    m.edited ? el('span', { className: 'edited', textContent: '(edited)' }) : null,
  );
  const body = el('div', { className: 'msg-body' }, meta);
  if (m.trigger)
    body.append(el('div', { className: 'msg-trigger', textContent: `${m.trigger.name} used ${m.trigger.text}` }));
  const content = el('div', { className: 'msg-content' });
  content.innerHTML = m.html; // escaped by the server's renderer
  for (const card of content.querySelectorAll('[data-accent]')) card.style.setProperty('--accent', card.dataset.accent);
  body.append(content);
  // Private answers have no thread, as on the real platforms.
  if (inChannel && (!m.private || m.replyCount > 0)) {
    const label = m.replyCount === 0 ? 'Reply in thread' : m.replyCount === 1 ? '1 reply' : `${m.replyCount} replies`;
    const open = el('button', { type: 'button', className: 'thread-link', textContent: label });
    open.dataset.testid = 'thread-open';
    open.dataset.threadOpen = m.id;
    body.append(el('div', { className: 'msg-footer' }, open));
  }
  li.append(avatar, body);
  return li;
}

// --- acting ---------------------------------------------------------------------------------

function toast(text) {
  const t = $('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), 5000);
}

function handleOutcome(outcome) {
  if (!outcome) return;
  if (outcome.kind === 'form') openForm(outcome);
  else if (outcome.kind === 'form-errors') toast(Object.values(outcome.errors).join(' '));
  else if (outcome.kind === 'message' && outcome.channel !== view.channel)
    toast('Relais answered in your direct messages.');
  view.scrollNext = true;
}

async function send(text, thread) {
  const body = { user: view.user, channel: view.channel, thread, text };
  const { outcome } = await api('POST', text.startsWith('/') ? '/api/command' : '/api/message', body);
  handleOutcome(outcome);
  await refresh(true);
}

function wireComposer(formId, inputId, thread) {
  $(formId).addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $(inputId);
    const text = input.value.trim();
    if (!text) return;
    input.disabled = true;
    try {
      await send(text, thread());
      input.value = '';
    } catch (err) {
      toast(err.message);
    } finally {
      input.disabled = false;
      input.focus();
    }
  });
}

wireComposer('composer', 'composer-input', () => null);
wireComposer('thread-composer', 'thread-input', () => view.thread);

document.addEventListener('click', async (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  const action = target.closest('[data-action]');
  const channel = target.closest('[data-channel-id]');
  const threadOpen = target.closest('[data-thread-open]');
  const suggestion = target.closest('[data-suggestion]');
  if (action) {
    const messageId = action.closest('[data-message-id]').dataset.messageId;
    action.disabled = true;
    try {
      const { outcome } = await api('POST', '/api/action', {
        user: view.user,
        messageId,
        actionId: action.dataset.action,
      });
      handleOutcome(outcome);
      await refresh(true);
    } catch (err) {
      toast(err.message);
    } finally {
      action.disabled = false;
    }
  } else if (channel) {
    view.channel = channel.dataset.channelId;
    view.thread = null;
    view.scrollNext = true;
    await refresh(true).catch((err) => toast(err.message));
  } else if (threadOpen) {
    view.thread = threadOpen.dataset.threadOpen;
    await refresh(true).catch((err) => toast(err.message));
    $('thread-input').focus();
  } else if (suggestion) {
    $('composer-input').value = suggestion.dataset.suggestion;
    $('composer-input').focus();
  }
});

$('thread-close').addEventListener('click', () => {
  view.thread = null;
  refresh(true).catch((err) => toast(err.message));
});

$('actor').addEventListener('change', (event) => {
  view.user = event.target.value;
  localStorage.setItem('relais.playground.user', view.user);
  view.thread = null;
  if (view.channel.startsWith('D-')) view.channel = `D-${view.user}`;
  view.scrollNext = true;
  refresh(true).catch((err) => toast(err.message));
});

// --- forms (opened here; submitted in playground-forms.js) ----------------------------------

const dialog = $('form-dialog');

function openForm(outcome) {
  dialog.innerHTML = outcome.html; // escaped by the server's renderer
  dialog.dataset.token = outcome.token;
  dialog.dataset.formId = outcome.formId;
  if (!dialog.open) dialog.showModal();
  const first = dialog.querySelector('input, select, textarea');
  if (first) first.focus();
}

// --- start ----------------------------------------------------------------------------------

refresh(true).catch((err) => toast(err.message));
setInterval(() => {
  if (!document.hidden) refresh().catch(() => {});
}, 2000);
