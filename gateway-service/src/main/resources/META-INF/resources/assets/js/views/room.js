// The open room: its timeline (history on open, older pages on scrolling up, live messages, own messages
// pending until confirmed), edit and delete of own messages, the composer with its typing signal, who is
// typing, and the read marker, moved as messages come into view.

import { $, confirm, h, hue, initials, linkified, time, toast } from '../ui.js';

const ENTER_SENDS_HINT = 'Enter sends, Shift+Enter adds a line';
/** How close to the bottom (px) still counts as "at the bottom", so new messages keep it in view. */
const STICK_PX = 80;

const PENDING_TEXT = {
  queued: () => 'Sending…',
  posting: () => 'Sending…',
  posted: () => 'Sent, waiting for confirmation…',
  waiting: pending => `Not sent yet (${pending.error}); trying again…`,
  failed: pending => `Not sent: ${pending.error}`,
};

export function roomView(chat) {
  const timeline = $('timeline');
  const list = $('messages');
  const pendingList = $('pending');
  const composer = $('composer');
  const text = $('composer-text');
  /** seq → <li> of the open room */
  let elements = new Map();
  let roomId = null;
  let editing = null;
  let loadingOlder = false;

  const seenObserver = new IntersectionObserver(entries => {
    if (document.visibilityState !== 'visible' || !roomId) return;
    const visible = entries.filter(entry => entry.isIntersecting).map(entry => Number(entry.target.dataset.seq));
    if (visible.length) chat.seen(roomId, Math.max(...visible));
  }, { root: timeline, threshold: 0.5 });

  const olderObserver = new IntersectionObserver(entries => {
    if (entries.some(entry => entry.isIntersecting)) loadOlder();
  }, { root: timeline });
  olderObserver.observe($('older'));

  function atBottom() {
    return timeline.scrollHeight - timeline.scrollTop - timeline.clientHeight < STICK_PX;
  }

  function scrollToBottom() {
    timeline.scrollTop = timeline.scrollHeight;
  }

  function messageElement(message) {
    const own = message.senderId === chat.me.id;
    const name = own ? chat.me.displayName : chat.displayName(message.senderId);
    const actions = own && !message.deleted ? h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'icon', 'aria-label': 'Edit message', onclick: () => startEdit(message) }, 'Edit'),
      h('button', { type: 'button', class: 'icon', 'aria-label': 'Delete message', onclick: () => remove(message) }, 'Delete'))
      : null;
    return h('li', {
      class: `message${own ? ' own' : ''}${message.deleted ? ' deleted' : ''}`, 'data-seq': message.seq, 'data-id': message.id,
      'data-sender': message.senderId, tabindex: '-1',
    },
    h('span', { class: 'avatar', style: `--hue: ${hue(message.senderId)}`, 'aria-hidden': 'true' }, initials(name),
      h('span', { class: `dot ${chat.presence.get(message.senderId) || 'offline'}` })),
    h('div', { class: 'bubble' },
      h('header', {}, h('span', { class: 'author' }, name), ' ', time(message.createdAt, 'message-time'),
        message.editedAt && !message.deleted ? h('span', { class: 'edited', title: new Date(message.editedAt).toLocaleString() }, ' (edited)') : null),
      message.deleted ? h('p', { class: 'text' }, 'This message was deleted.') : h('p', { class: 'text' }, linkified(message.text)),
      actions));
  }

  /** Keyed update: elements are reused (focus and scroll stay), changed messages rebuilt, new ones inserted in seq order. */
  function renderMessages() {
    const log = chat.logs.get(roomId);
    if (!log) return;
    const stick = atBottom();
    const fromBottom = timeline.scrollHeight - timeline.scrollTop;
    const firstBefore = list.firstElementChild;
    const next = new Map();
    let at = list.firstElementChild;
    for (const message of log.messages) {
      let element = elements.get(message.seq);
      if (element && element.message !== message && !(editing && editing.seq === message.seq)) {
        const fresh = messageElement(message);
        element.replaceWith(fresh);
        seenObserver.unobserve(element);
        if (at === element) at = fresh;
        element = fresh;
      } else if (!element) {
        element = messageElement(message);
      }
      element.message = message;
      seenObserver.observe(element);
      next.set(message.seq, element);
      if (at === element) at = element.nextElementSibling;
      else list.insertBefore(element, at);
    }
    elements = next;
    $('older').hidden = !log.hasOlder;
    if (stick) scrollToBottom();
    else if (firstBefore && list.firstElementChild !== firstBefore) timeline.scrollTop = timeline.scrollHeight - fromBottom;
    $('jump').hidden = stick || atBottom();
  }

  /** Rebuilds all (names, presence dots changed). */
  function rerender() {
    for (const element of elements.values()) element.message = null;
    renderMessages();
  }

  function renderPending() {
    const queue = chat.outbox.get(roomId) || [];
    const stick = atBottom();
    pendingList.replaceChildren(...queue.map(pending => h('li', { class: `message own pending ${pending.state}`, 'data-client-msg-id': pending.clientMsgId },
      h('span', { class: 'avatar', style: `--hue: ${hue(chat.me.id)}`, 'aria-hidden': 'true' }, initials(chat.me.displayName)),
      h('div', { class: 'bubble' },
        h('header', {}, h('span', { class: 'author' }, chat.me.displayName), ' ',
          h('span', { class: 'state', role: pending.state === 'failed' ? 'alert' : null }, PENDING_TEXT[pending.state](pending))),
        h('p', { class: 'text' }, pending.text),
        pending.state === 'failed' || pending.state === 'waiting' ? h('div', { class: 'actions shown' },
          h('button', { type: 'button', onclick: () => chat.retry(pending) }, 'Retry now'),
          h('button', { type: 'button', onclick: () => chat.discard(pending) }, 'Discard')) : null))));
    if (stick) scrollToBottom();
  }

  function renderTyping() {
    const typists = [...(chat.typing.get(roomId) || new Map()).entries()]
      .filter(([, until]) => until > Date.now()).map(([userId]) => chat.displayName(userId));
    $('typing').textContent = typists.length === 0 ? ''
      : typists.length === 1 ? `${typists[0]} is typing…`
        : typists.length === 2 ? `${typists[0]} and ${typists[1]} are typing…` : 'Several people are typing…';
  }

  function renderHead() {
    const room = chat.rooms.get(roomId);
    if (!room) return;
    $('room-title').textContent = chat.roomLabel(room);
    $('room-topic').textContent = room.dm ? 'Direct message' : room.topic || (room.visibility === 'private' ? 'Private room' : 'Public room');
    $('composer-text').placeholder = `Message ${room.dm ? chat.roomLabel(room) : `#${room.name}`}`;
    $('composer-label').textContent = `Message to ${chat.roomLabel(room)}`;
    document.title = `${chat.roomLabel(room)} · Chat`;
  }

  async function loadOlder() {
    const log = chat.logs.get(roomId);
    if (loadingOlder || !log || !log.hasOlder) return;
    loadingOlder = true;
    $('older').textContent = 'Loading…';
    try {
      await chat.loadOlder(roomId);
    } catch (error) {
      toast(`Older messages could not be loaded: ${error.message}`, 'error');
    } finally {
      loadingOlder = false;
      $('older').textContent = 'Load older messages';
    }
  }

  function startEdit(message) {
    cancelEdit();
    const element = elements.get(message.seq);
    const paragraph = element.querySelector('.text');
    const area = h('textarea', { class: 'edit', 'aria-label': 'Edit your message', maxlength: '4000' });
    area.value = message.text;
    const form = h('form', { class: 'edit-form' }, area,
      h('div', { class: 'edit-actions' },
        h('span', { class: 'hint' }, 'Enter saves, Escape cancels'),
        h('button', { type: 'button', onclick: () => cancelEdit(true) }, 'Cancel'),
        h('button', { class: 'primary' }, 'Save')));
    form.onsubmit = async event => {
      event.preventDefault();
      const value = area.value.trim();
      if (!value || value === message.text) return cancelEdit(true);
      try {
        await chat.edit(roomId, message.id, value);
        cancelEdit(true);
      } catch (error) {
        toast(`Not saved: ${error.message}`, 'error');
      }
    };
    area.onkeydown = event => {
      if (event.key === 'Escape') cancelEdit(true);
      else if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    };
    paragraph.replaceWith(form);
    editing = { seq: message.seq, form };
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }

  function cancelEdit(refocus = false) {
    if (!editing) return;
    const { seq } = editing;
    editing = null;
    const element = elements.get(seq);
    if (element) element.message = null;
    renderMessages();
    if (refocus) (elements.get(seq) || text).focus();
  }

  async function remove(message) {
    if (!await confirm('Delete message?', 'It is deleted for everyone in the room.', 'Delete')) return;
    try {
      await chat.remove(roomId, message);
    } catch (error) {
      toast(`Not deleted: ${error.message}`, 'error');
    }
  }

  function resizeComposer() {
    text.style.height = 'auto';
    text.style.height = `${Math.min(text.scrollHeight, 160)}px`;
  }

  composer.onsubmit = event => {
    event.preventDefault();
    const value = text.value.trim();
    if (!value || !roomId) return;
    chat.send(roomId, value);
    text.value = '';
    resizeComposer();
    scrollToBottom();
  };
  text.onkeydown = event => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    } else if (event.key === 'ArrowUp' && !text.value) {
      // Like most chat apps: ↑ in an empty composer edits your last message.
      const last = [...chat.logs.get(roomId)?.messages || []].reverse().find(m => m.senderId === chat.me.id && !m.deleted);
      if (last) {
        event.preventDefault();
        startEdit(last);
      }
    }
  };
  text.oninput = () => {
    resizeComposer();
    if (roomId && text.value.trim()) chat.typed(roomId);
  };
  text.title = ENTER_SENDS_HINT;
  $('older').onclick = loadOlder;
  $('jump').onclick = () => {
    scrollToBottom();
    $('jump').hidden = true;
  };
  timeline.addEventListener('scroll', () => {
    if (atBottom()) $('jump').hidden = true;
  }, { passive: true });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && roomId && atBottom()) {
      const last = chat.logs.get(roomId)?.messages.at(-1);
      if (last) chat.seen(roomId, last.seq);
    }
  });

  chat.addEventListener('messages', event => {
    if (event.detail !== roomId) return;
    const wasAtBottom = atBottom();
    renderMessages();
    if (!wasAtBottom) $('jump').hidden = false;
  });
  chat.addEventListener('outbox', event => event.detail === roomId && renderPending());
  chat.addEventListener('typing', event => event.detail === roomId && renderTyping());
  chat.addEventListener('users', () => {
    if (!roomId) return;
    rerender();
    renderPending();
    renderTyping();
    renderHead();
  });
  chat.addEventListener('presence', () => roomId && rerender());
  chat.addEventListener('room', event => event.detail === roomId && renderHead());
  chat.addEventListener('rooms', () => roomId && renderHead());

  function clear() {
    seenObserver.disconnect();
    elements = new Map();
    editing = null;
    list.replaceChildren();
    pendingList.replaceChildren();
    $('typing').textContent = '';
  }

  /** The room area shows one of: the timeline and composer, the join prompt, or the empty state. */
  function showPane(pane) {
    timeline.hidden = pane !== 'timeline';
    composer.hidden = pane !== 'timeline';
    $('members-toggle').hidden = pane !== 'timeline';
    $('join-prompt').hidden = pane !== 'join';
    $('room-empty').hidden = pane !== 'empty';
  }

  return {
    /** Shows a room the user is a member of, with its messages loaded. */
    show(id) {
      if (roomId !== id) clear();
      roomId = id;
      showPane('timeline');
      renderHead();
      renderMessages();
      renderPending();
      renderTyping();
      scrollToBottom();
      text.focus({ preventScroll: true });
    },
    /** A public room the user is not in yet. */
    showJoinable(room, onJoin) {
      clear();
      roomId = null;
      showPane('join');
      $('room-title').textContent = room.name;
      $('room-topic').textContent = room.topic || 'Public room';
      $('join-text').textContent = `You are not a member of #${room.name} yet.`;
      $('join-button').onclick = onJoin;
      $('join-button').focus();
    },
    /** No room open. */
    showNone() {
      clear();
      roomId = null;
      showPane('empty');
      $('room-title').textContent = 'Welcome';
      $('room-topic').textContent = '';
      document.title = 'Chat';
    },
    get roomId() {
      return roomId;
    },
  };
}
