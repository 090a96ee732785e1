// The open room's member list (presence dots, a direct message from any member), adding a member by
// username (owners of group rooms), the invite link, and leaving the room.

import { $, confirm, h, hue, initials, toast } from '../ui.js';

export function membersView(chat) {
  const panel = $('members');
  const toggle = $('members-toggle');
  let roomId = null;

  function setOpen(open) {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    document.body.classList.toggle('members-open', open);
    if (open) render();
  }

  function render() {
    const room = chat.rooms.get(roomId);
    if (!room || panel.hidden) return;
    const members = room.members ? [...room.members.values()] : [];
    const name = userId => (userId === chat.me.id ? chat.me.displayName : chat.displayName(userId));
    members.sort((a, b) => (a.role === 'owner' ? -1 : 0) - (b.role === 'owner' ? -1 : 0) || name(a.userId).localeCompare(name(b.userId)));
    $('members-title').textContent = room.members ? `Members (${members.length})` : 'Members';
    $('member-list').replaceChildren(...members.map(member => {
      const status = chat.presence.get(member.userId) || 'offline';
      const me = member.userId === chat.me.id;
      return h('li', { class: 'member', 'data-user': member.userId },
        h('span', { class: 'avatar small', style: `--hue: ${hue(member.userId)}`, 'aria-hidden': 'true' }, initials(name(member.userId)),
          h('span', { class: `dot ${status}` })),
        h('span', { class: 'member-name' }, name(member.userId), me ? ' (you)' : null,
          h('span', { class: 'visually-hidden' }, `, ${status}`)),
        member.role === 'owner' && !room.dm ? h('span', { class: 'role' }, 'owner') : null,
        me || room.dm ? null : h('button', {
          type: 'button', class: 'small', 'aria-label': `Message ${name(member.userId)}`, onclick: () => openDm(member.userId),
        }, 'Message'));
    }));
    const canAdd = !room.dm && room.ownerId === chat.me.id;
    $('add-member').hidden = !canAdd;
    panel.querySelector('.invite').hidden = room.dm || room.visibility !== 'public';
    $('invite-link').value = `${location.origin}${location.pathname}#/rooms/${room.id}`;
    $('leave-room').textContent = room.dm ? 'Leave conversation' : 'Leave room';
  }

  async function openDm(userId) {
    try {
      const room = await chat.openDm(userId);
      setOpen(false);
      location.hash = `#/rooms/${room.id}`;
    } catch (error) {
      toast(`Could not open the conversation: ${error.message}`, 'error');
    }
  }

  toggle.onclick = () => {
    setOpen(panel.hidden);
    if (!panel.hidden) $('members-close').focus();
  };
  $('members-close').onclick = () => {
    setOpen(false);
    toggle.focus();
  };
  panel.addEventListener('keydown', event => {
    if (event.key === 'Escape') $('members-close').click();
  });

  $('add-member').onsubmit = async event => {
    event.preventDefault();
    const form = event.target;
    const input = $('add-member-name');
    const username = input.value.trim().toLowerCase();
    if (!username) return;
    const button = form.querySelector('button');
    button.disabled = true;
    $('add-member-error').textContent = '';
    input.removeAttribute('aria-invalid');
    let added;
    try {
      added = await chat.addMember(roomId, username);
    } catch (error) {
      $('add-member-error').textContent = error.message;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    } finally {
      button.disabled = false;
    }
    input.value = '';
    toast(`${added.displayName} was added.`);
  };

  $('invite-copy').onclick = async () => {
    try {
      await navigator.clipboard.writeText($('invite-link').value);
      toast('Invite link copied.');
    } catch {
      $('invite-link').select();
    }
  };

  $('leave-room').onclick = async () => {
    const room = chat.rooms.get(roomId);
    if (!room || !await confirm(`Leave ${chat.roomLabel(room)}?`, room.visibility === 'public'
      ? 'You can join again with its link.' : 'Someone will have to add you again.', 'Leave')) return;
    try {
      await chat.leave(roomId);
      setOpen(false);
      location.hash = '#/';
    } catch (error) {
      toast(`Could not leave: ${error.message}`, 'error');
    }
  };

  for (const type of ['users', 'presence']) chat.addEventListener(type, render);
  chat.addEventListener('room', event => event.detail === roomId && render());

  return {
    show(id) {
      roomId = id;
      render();
    },
    hide() {
      roomId = null;
      setOpen(false);
    },
  };
}
