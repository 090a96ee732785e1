// Starts the client: the sign-in screen, or the chat once signed in; `#/rooms/<id>` opens a room (that is
// also the invite link). `?transport=ws|sse|poll` pins the event transport (tests, troubleshooting).

import { session } from './api.js';
import { Chat } from './chat.js';
import { $, openDialog, submitting, toast } from './ui.js';
import { authView } from './views/auth.js';
import { membersView } from './views/members.js';
import { roomView } from './views/room.js';
import { sidebarView } from './views/sidebar.js';

const ROOM_ROUTE = /^#\/rooms\/([0-9a-f-]{36})$/i;
const forcedTransport = new URLSearchParams(location.search).get('transport');

let chat = null;
let views = null;
const auth = authView(start);

const SIGNED_OUT_KEY = 'chat.signedOutReason';

// A fresh page after signing out: nothing of the previous user's state or listeners stays behind.
session.addEventListener('ended', event => {
  if (chat) chat.stop();
  sessionStorage.setItem(SIGNED_OUT_KEY, event.detail || '');
  location.replace(`${location.pathname}${location.search}`);
});

async function start() {
  auth.hide();
  chat = new Chat(session, forcedTransport);
  views = {
    sidebar: sidebarView(chat, openProfile),
    room: roomView(chat),
    members: membersView(chat),
  };
  chat.addEventListener('removed', ({ detail }) => {
    if (views && views.room.roomId === detail.roomId) {
      toast(detail.reason === 'deleted' ? 'This room was deleted.' : 'You are no longer a member of this room.');
      location.hash = '#/';
    }
  });
  $('shell').hidden = false;
  try {
    await chat.start();
  } catch (error) {
    if (!session.signedIn) return;
    toast(`Could not load your rooms: ${error.message}`, 'error');
  }
  views.sidebar.start();
  route();
}

/** Shows what the address names; a room that cannot be opened sends the user back to the list. */
async function route() {
  if (!chat || !views) return;
  const match = location.hash.match(ROOM_ROUTE);
  const id = match && match[1].toLowerCase();
  document.body.classList.toggle('room-open', Boolean(id));
  if (!id) {
    chat.openId = null;
    views.room.showNone();
    views.members.hide();
    views.sidebar.render();
    return;
  }
  const current = chat;
  let opened;
  try {
    opened = await chat.open(id);
  } catch (error) {
    toast(`Could not open the room: ${error.message}`, 'error');
    return;
  }
  if (current !== chat || chat.openId !== id) return; // signed out or moved on meanwhile
  views.sidebar.render();
  if (opened.state === 'missing') {
    toast('That room does not exist, or it is private.', 'error');
    location.hash = '#/';
  } else if (opened.state === 'joinable') {
    views.members.hide();
    views.room.showJoinable(opened.room, async () => {
      try {
        await chat.join(id);
        route();
      } catch (error) {
        toast(`Could not join: ${error.message}`, 'error');
      }
    });
  } else {
    views.room.show(id);
    views.members.show(id);
  }
}

function openProfile() {
  $('profile-username').textContent = `Signed in as @${chat.me.username}`;
  openDialog($('profile-dialog'));
  $('profile-name').value = chat.me.displayName;
  $('profile-name').select();
}

$('profile-form').onsubmit = async event => {
  event.preventDefault();
  const form = event.target;
  const name = $('profile-name').value.trim();
  if (await submitting(form, () => chat.rename(name), 'profile-')) $('profile-dialog').close();
};
$('sign-out').onclick = () => {
  $('profile-dialog').close();
  session.signOut();
};

addEventListener('hashchange', route);

const signedOutReason = sessionStorage.getItem(SIGNED_OUT_KEY);
sessionStorage.removeItem(SIGNED_OUT_KEY);
if (session.signedIn) start();
else auth.show(signedOutReason);
