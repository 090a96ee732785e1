// The rooms list (most recent activity first, unread counts, DM presence) and the dialogs that add rooms.

import { $, h, hue, initials, openDialog, submitting, time } from '../ui.js';

const ROOM_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const STATUS = {
  connecting: () => 'Connecting…',
  online: status => `Connected · ${status.transportName}`,
  waiting: status => `Reconnecting in ${Math.max(1, Math.ceil((status.retryAt - Date.now()) / 1000))} s…`,
  offline: () => 'Offline: waiting for the network',
};

export function sidebarView(chat, openProfile) {
  const list = $('room-list');
  let countdown = 0;

  function icon(room) {
    const peer = chat.peer(room);
    if (peer) {
      const status = chat.presence.get(peer) || 'offline';
      return h('span', { class: 'avatar small', style: `--hue: ${hue(peer)}`, 'aria-hidden': 'true' },
        initials(chat.displayName(peer)), h('span', { class: `dot ${status}` }));
    }
    return h('span', { class: `room-icon ${room.visibility}`, 'aria-hidden': 'true' }, room.visibility === 'private' ? '' : '#');
  }

  function preview(room) {
    const message = room.preview;
    if (!message) return room.topic || 'No messages yet';
    const text = message.deleted ? 'Message deleted' : message.text;
    return message.senderId === chat.me.id ? `You: ${text}` : room.dm ? text : `${chat.displayName(message.senderId)}: ${text}`;
  }

  function render() {
    const rooms = [...chat.rooms.values()].sort((a, b) => chat.lastActivity(b).localeCompare(chat.lastActivity(a)));
    const focused = document.activeElement && document.activeElement.dataset.room;
    list.replaceChildren(...rooms.map(room => {
      const label = chat.roomLabel(room);
      const unread = room.id === chat.openId ? 0 : room.unreadCount;
      const peer = chat.peer(room);
      const presence = peer ? `, ${chat.presence.get(peer) || 'offline'}` : '';
      return h('li', {},
        h('a', {
          href: `#/rooms/${room.id}`, class: `room-link${unread ? ' unread' : ''}`, 'data-room': room.id,
          'aria-current': room.id === chat.openId ? 'page' : null,
          'aria-label': `${label}${presence}${unread ? `, ${unread} unread` : ''}`,
        },
        icon(room),
        h('span', { class: 'room-main' }, h('span', { class: 'room-name' }, label), h('span', { class: 'room-preview' }, preview(room))),
        h('span', { class: 'room-side' }, time(chat.lastActivity(room), 'room-time'),
          unread ? h('span', { class: 'badge' }, unread > 99 ? '99+' : String(unread)) : null)));
    }));
    $('no-rooms').hidden = rooms.length > 0;
    if (focused) list.querySelector(`[data-room="${focused}"]`)?.focus();
  }

  function renderMe() {
    $('me').querySelector('.me-name').textContent = chat.me.displayName;
    const avatar = $('me').querySelector('.avatar');
    avatar.textContent = initials(chat.me.displayName);
    avatar.style.setProperty('--hue', hue(chat.me.id));
  }

  function renderStatus() {
    const status = chat.connection.status;
    const element = $('connection');
    element.dataset.state = status.state;
    element.dataset.transport = status.transport || '';
    element.textContent = STATUS[status.state](status);
    clearInterval(countdown);
    if (status.state === 'waiting') countdown = setInterval(() => { element.textContent = STATUS.waiting(status); }, 1000);
  }

  for (const type of ['rooms', 'presence', 'users']) chat.addEventListener(type, render);
  chat.addEventListener('users', renderMe);
  chat.connection.addEventListener('status', renderStatus);
  $('me').onclick = openProfile;

  $('new-room').onclick = () => openDialog($('new-room-dialog'));
  $('new-room-form').onsubmit = async event => {
    event.preventDefault();
    const form = event.target;
    const visibility = form.querySelector('input[name=visibility]:checked').value;
    let room;
    const ok = await submitting(form, async () => {
      room = await chat.createRoom($('new-room-name').value.trim(), $('new-room-topic').value.trim(), visibility);
    }, 'new-room-');
    if (ok) {
      $('new-room-dialog').close();
      location.hash = `#/rooms/${room.id}`;
    }
  };

  $('join-room').onclick = () => openDialog($('join-dialog'));
  $('join-form').onsubmit = async event => {
    event.preventDefault();
    const form = event.target;
    const id = ($('join-link').value.match(ROOM_ID) || [])[0];
    if (!id) {
      form.querySelector('.form-error').textContent = 'That is not a room link or id.';
      return;
    }
    const ok = await submitting(form, async () => {
      if (!chat.rooms.has(id)) await chat.join(id);
    });
    if (ok) {
      $('join-dialog').close();
      location.hash = `#/rooms/${id}`;
    }
  };

  return {
    start() {
      renderMe();
      renderStatus();
      render();
    },
    render,
  };
}
