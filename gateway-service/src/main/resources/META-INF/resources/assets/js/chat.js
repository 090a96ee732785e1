// The client's state (rooms, messages, members, users, presence, typing, unsent messages) and how it is
// kept right: REST for everything persistent, frames from the gateway for what changes, and after every
// (re)connect the REST catch-up (`after=`) of each room whose messages are held, so nothing is missed.
// Views listen for the events this object dispatches: rooms, room, messages, outbox, typing, presence,
// users, removed (each with the roomId as detail where there is one).

import { api } from './api.js';
import { Connection } from './transport.js';

const PAGE = 50;
const CATCH_UP_PAGE = 200;
const PRESENCE_BATCH = 50;
const PREVIEW_CONCURRENCY = 4;
const TYPING_SHOWN_MS = 4000;
const TYPING_EVERY_MS = 2000;
const READ_DELAY_MS = 300;
/** A message answered 201 whose frame has not come by then is looked up over REST. */
const CONFIRM_AFTER_MS = 5000;
const RETRY_MS = [1000, 2000, 4000, 8000, 15_000];
/** A member just registered may be unknown to chat-service for a moment (api-additions.md): ask again. */
const UNKNOWN_USER_RETRIES = 3;
const DM_NAME = 'Direct message';

const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID(); // only in secure contexts (https, localhost)
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The messages of one room held in memory: every seq from `first` to `last`, and any later ones seen live. */
class Log {
  bySeq = new Map();
  #sorted = null;
  catchingUp = null;
  again = false;

  constructor(first) {
    this.first = first;
    this.last = first - 1;
  }

  get hasOlder() {
    return this.first > 1;
  }

  /** @return whether the message is new here (an edit or a repeat replaces the one held) */
  put(message) {
    const fresh = !this.bySeq.has(message.seq);
    this.bySeq.set(message.seq, message);
    this.#sorted = null;
    if (message.seq < this.first) this.first = message.seq; // an older page ends right before `first`
    while (this.bySeq.has(this.last + 1)) this.last++;
    return fresh;
  }

  get messages() {
    return this.#sorted || (this.#sorted = [...this.bySeq.values()].sort((a, b) => a.seq - b.seq));
  }
}

export class Chat extends EventTarget {
  me = null;
  openId = null;
  /** id → room as GET /rooms has it, plus members (Map, once loaded), preview (latest message), dm */
  rooms = new Map();
  logs = new Map();
  users = new Map();
  presence = new Map();
  /** roomId → (userId → until when shown) */
  typing = new Map();
  /** roomId → messages not confirmed yet, in the order they were written */
  outbox = new Map();
  #typingSent = new Map();
  #readTimers = new Map();
  #loadingRooms = null;
  #reloadRooms = false;
  #askedUsers = new Set();

  constructor(session, forcedTransport) {
    super();
    this.connection = new Connection(session, frame => this.#frame(frame), forcedTransport);
    addEventListener('online', () => this.#flushAll());
  }

  async start() {
    this.me = await api.get('/users/me');
    this.#know(this.me);
    this.connection.start();
    await this.loadRooms();
  }

  stop() {
    this.connection.stop();
  }

  // ---- names -------------------------------------------------------------------------------------

  displayName(userId) {
    const user = this.users.get(userId);
    if (!user && userId && !this.#askedUsers.has(userId)) {
      this.#askedUsers.add(userId);
      api.get(`/users/${userId}`).then(found => this.#user(found)).catch(() => {});
    }
    return user ? user.displayName : '…';
  }

  /** A DM is called after the other person. */
  peer(room) {
    return room.dm && room.members ? [...room.members.keys()].find(id => id !== this.me.id) : null;
  }

  roomLabel(room) {
    const peer = this.peer(room);
    return peer ? this.displayName(peer) : room.name;
  }

  lastActivity(room) {
    return room.preview ? room.preview.createdAt : room.createdAt;
  }

  // ---- rooms and members ------------------------------------------------------------------------

  /** GET /rooms: membership, unread counts and last seqs; then the previews and DM members still missing. */
  loadRooms() {
    if (this.#loadingRooms) {
      this.#reloadRooms = true;
      return this.#loadingRooms;
    }
    this.#loadingRooms = (async () => {
      do {
        this.#reloadRooms = false;
        const before = [...this.rooms.keys()];
        const listed = await api.get('/rooms');
        const ids = new Set(listed.map(room => room.id));
        // Only rooms held before the call: one created meanwhile may be missing from its answer.
        for (const id of before) if (!ids.has(id)) this.#removeRoom(id, 'left');
        for (const room of listed) this.#putRoom(room);
        this.#emit('rooms');
      } while (this.#reloadRooms);
    })().finally(() => { this.#loadingRooms = null; });
    const loaded = this.#loadingRooms;
    loaded.then(() => this.#fillRooms()).catch(() => {});
    return loaded;
  }

  #putRoom(listed) {
    const held = this.rooms.get(listed.id);
    const room = { ...held, ...listed, dm: listed.visibility === 'private' && listed.name === DM_NAME };
    if (held && held.lastSeq > listed.lastSeq) {
      // Frames overtook this answer: keep what they told.
      room.lastSeq = held.lastSeq;
      room.unreadCount = held.unreadCount;
    }
    room.unreadCount = room.unreadCount || 0;
    this.rooms.set(room.id, room);
    return room;
  }

  async #fillRooms() {
    const rooms = [...this.rooms.values()];
    const needPreview = rooms.filter(room => room.lastSeq > 0 && (!room.preview || room.preview.seq < room.lastSeq));
    const workers = Array.from({ length: PREVIEW_CONCURRENCY }, async () => {
      for (let room; (room = needPreview.shift());) {
        const [latest] = await api.get(`/rooms/${room.id}/messages?limit=1`).catch(() => []);
        if (latest && this.rooms.get(room.id) === room) this.#preview(room, latest);
      }
    });
    await Promise.all([...workers, ...rooms.filter(room => room.dm && !room.members).map(room => this.loadMembers(room.id))]);
    this.#emit('rooms');
    const peers = rooms.map(room => this.peer(room)).filter(Boolean);
    if (peers.length) this.loadPresence(peers);
  }

  #preview(room, message) {
    if (!room.preview || message.seq >= room.preview.seq) room.preview = message;
  }

  async loadMembers(roomId) {
    const members = await api.get(`/rooms/${roomId}/members`).catch(() => null);
    const room = this.rooms.get(roomId);
    if (!members || !room) return;
    room.members = new Map(members.map(member => [member.userId, member]));
    for (const member of members) if (member.displayName) this.#know({ id: member.userId, displayName: member.displayName });
    this.#emit('room', roomId);
    this.#emit('rooms');
    this.loadPresence(members.map(member => member.userId));
  }

  async loadPresence(userIds) {
    const ids = [...new Set(userIds)];
    for (let i = 0; i < ids.length; i += PRESENCE_BATCH) {
      const answer = await api.presence(ids.slice(i, i + PRESENCE_BATCH)).catch(() => []);
      for (const { userId, status } of answer) this.presence.set(userId, status);
    }
    this.#emit('presence');
  }

  /**
   * Opens a room: members, presence and the latest messages (or what came since they were loaded).
   * @return 'member', 'joinable' (a public room the user may join; `room` has it) or 'missing'
   */
  async open(roomId) {
    this.openId = roomId;
    if (!this.rooms.has(roomId)) {
      try {
        return { state: 'joinable', room: await api.get(`/rooms/${roomId}`) };
      } catch (error) {
        if (error.status === 404) return { state: 'missing' };
        throw error;
      }
    }
    const room = this.rooms.get(roomId);
    if (room.members) this.loadPresence([...room.members.keys()]);
    else this.loadMembers(roomId);
    if (this.logs.has(roomId)) await this.catchUp(roomId);
    else await this.#loadLatest(roomId);
    return { state: 'member', room };
  }

  async #loadLatest(roomId) {
    const messages = await api.get(`/rooms/${roomId}/messages?limit=${PAGE}`);
    this.logs.set(roomId, new Log(messages.length ? messages[0].seq : this.rooms.get(roomId).lastSeq + 1));
    this.#put(roomId, messages);
  }

  /** The page before the oldest message held (scrolling up). */
  async loadOlder(roomId) {
    const log = this.logs.get(roomId);
    if (!log || !log.hasOlder) return;
    this.#put(roomId, await api.get(`/rooms/${roomId}/messages?before=${log.first}&limit=${PAGE}`));
  }

  /** Everything after the last message held, page by page; one catch-up per room at a time. */
  catchUp(roomId) {
    const log = this.logs.get(roomId);
    if (!log) return Promise.resolve();
    if (log.catchingUp) {
      log.again = true;
      return log.catchingUp;
    }
    log.catchingUp = (async () => {
      do {
        log.again = false;
        for (let after = log.last, page; ; after = page[page.length - 1].seq) {
          page = await api.get(`/rooms/${roomId}/messages?after=${after}&limit=${CATCH_UP_PAGE}`);
          this.#put(roomId, page);
          if (page.length < CATCH_UP_PAGE) break;
        }
      } while (log.again);
    })().finally(() => { log.catchingUp = null; });
    return log.catchingUp;
  }

  async createRoom(name, topic, visibility) {
    const room = this.#putRoom({ ...(await api.post('/rooms', { name, visibility, ...(topic ? { topic } : {}) })), unreadCount: 0 });
    this.#emit('rooms');
    return room;
  }

  async join(roomId) {
    await api.post(`/rooms/${roomId}/members`, { userId: this.me.id });
    await this.loadRooms();
  }

  async leave(roomId) {
    await api.delete(`/rooms/${roomId}/members/${this.me.id}`);
    this.#removeRoom(roomId, 'left');
  }

  async openDm(userId) {
    const room = this.#putRoom(await api.post('/dms', { userId }));
    await this.loadMembers(room.id);
    return room;
  }

  /** Adds a member by exact username; the error says what went wrong. */
  async addMember(roomId, username) {
    const [user] = await api.get(`/users?username=${encodeURIComponent(username)}`);
    if (!user) throw new Error(`There is no user called “${username}”.`);
    this.#know(user);
    for (let attempt = 1; ; attempt++) {
      try {
        await api.post(`/rooms/${roomId}/members`, { userId: user.id });
        break;
      } catch (error) {
        if (error.status !== 404 || attempt === UNKNOWN_USER_RETRIES) throw error;
        await delay(attempt * 500);
      }
    }
    await this.loadMembers(roomId);
    return user;
  }

  async rename(displayName) {
    this.#user(await api.patch('/users/me', { displayName }));
  }

  // ---- messages ---------------------------------------------------------------------------------

  /** Queues a message; it stays in the outbox, sent again with the same clientMsgId, until its frame comes. */
  send(roomId, text) {
    const pending = { clientMsgId: uuid(), roomId, text, state: 'queued', error: null, attempt: 0, timer: 0 };
    // The others stop showing us as typing when the message arrives: the next keystroke says so again.
    this.#typingSent.delete(roomId);
    this.#outbox(roomId).push(pending);
    this.#emit('outbox', roomId);
    this.#flush(roomId);
  }

  retry(pending) {
    pending.state = 'queued';
    pending.attempt = 0;
    this.#emit('outbox', pending.roomId);
    this.#flush(pending.roomId);
  }

  discard(pending) {
    clearTimeout(pending.timer);
    this.outbox.set(pending.roomId, this.#outbox(pending.roomId).filter(p => p !== pending));
    this.#emit('outbox', pending.roomId);
  }

  async edit(roomId, messageId, text) {
    this.#put(roomId, [await api.patch(`/rooms/${roomId}/messages/${messageId}`, { text })]);
  }

  async remove(roomId, message) {
    await api.delete(`/rooms/${roomId}/messages/${message.id}`);
    this.#put(roomId, [{ ...message, text: null, deleted: true }]);
  }

  /** A typing signal, at most every couple of seconds (the gateway drops more anyway); not over SSE. */
  typed(roomId) {
    const now = Date.now();
    if (now - (this.#typingSent.get(roomId) || 0) < TYPING_EVERY_MS) return;
    if (this.connection.send({ type: 'typing', roomId })) this.#typingSent.set(roomId, now);
  }

  /** The user has seen the room up to `seq`: the unread count follows at once, the read marker shortly. */
  seen(roomId, seq) {
    const room = this.rooms.get(roomId);
    const log = this.logs.get(roomId);
    if (!room || !log || seq <= (room.readSeq || 0)) return;
    room.readSeq = seq;
    const unread = log.messages.filter(m => m.seq > seq && m.senderId !== this.me.id && !m.deleted).length;
    if (unread !== room.unreadCount) {
      room.unreadCount = unread;
      this.#emit('rooms');
    }
    clearTimeout(this.#readTimers.get(roomId));
    this.#readTimers.set(roomId, setTimeout(() => {
      api.put(`/rooms/${roomId}/read`, { seq: room.readSeq }).catch(() => {});
    }, READ_DELAY_MS));
  }

  #outbox(roomId) {
    if (!this.outbox.has(roomId)) this.outbox.set(roomId, []);
    return this.outbox.get(roomId);
  }

  /** Posts the room's unsent messages one at a time, in order. */
  async #flush(roomId) {
    const next = this.#outbox(roomId).find(p => ['queued', 'posting', 'waiting'].includes(p.state));
    if (!next || next.state !== 'queued') return;
    next.state = 'posting';
    this.#emit('outbox', roomId);
    try {
      await api.post(`/rooms/${roomId}/messages`, { text: next.text, clientMsgId: next.clientMsgId });
      if (next.state !== 'posting') return; // confirmed by its frame meanwhile
      next.state = 'posted';
      next.timer = setTimeout(() => this.catchUp(roomId).catch(() => {}), CONFIRM_AFTER_MS);
    } catch (error) {
      if (next.state !== 'posting') return;
      next.error = error.message;
      if (error.transient) {
        next.state = 'waiting';
        const wait = RETRY_MS[Math.min(next.attempt++, RETRY_MS.length - 1)];
        next.retryAt = Date.now() + wait;
        next.timer = setTimeout(() => { next.state = 'queued'; this.#flush(roomId); }, wait);
      } else {
        next.state = 'failed';
      }
    }
    this.#emit('outbox', roomId);
    this.#flush(roomId);
  }

  /** Back online: what waits for its next attempt is sent now. */
  #flushAll() {
    for (const [roomId, queue] of this.outbox) {
      for (const pending of queue) {
        if (pending.state === 'waiting') {
          clearTimeout(pending.timer);
          pending.state = 'queued';
        }
      }
      this.#flush(roomId);
    }
  }

  /** Messages from REST or frames into the room's log; own ones confirm their outbox entry. */
  #put(roomId, messages) {
    const room = this.rooms.get(roomId);
    const log = this.logs.get(roomId);
    if (!room) return;
    let confirmed = false;
    for (const message of messages) {
      const fresh = log ? log.put(message) : message.seq > room.lastSeq;
      if (fresh && message.seq > room.lastSeq && message.senderId !== this.me.id && !message.deleted) room.unreadCount++;
      room.lastSeq = Math.max(room.lastSeq, message.seq);
      this.#preview(room, message);
      if (message.senderId === this.me.id) confirmed = this.#confirm(roomId, message.clientMsgId) || confirmed;
      // Their message is here: they are no longer typing it.
      if (this.typing.get(roomId)?.delete(message.senderId)) this.#emit('typing', roomId);
    }
    if (!messages.length) return;
    this.#emit('messages', roomId);
    this.#emit('rooms');
    if (confirmed) this.#emit('outbox', roomId);
  }

  #confirm(roomId, clientMsgId) {
    const queue = this.#outbox(roomId);
    const pending = queue.find(p => p.clientMsgId === clientMsgId);
    if (!pending) return false;
    clearTimeout(pending.timer);
    pending.state = 'confirmed';
    this.outbox.set(roomId, queue.filter(p => p !== pending));
    this.#flush(roomId);
    return true;
  }

  // ---- frames -----------------------------------------------------------------------------------

  #frame(frame) {
    const data = frame.data;
    switch (frame.type) {
      case 'welcome': this.#recover(); break;
      case 'message.created': this.#message(data, true); break;
      case 'message.edited':
      case 'message.deleted': this.#message(data, false); break;
      case 'member.joined': this.#memberJoined(data); break;
      case 'member.left': this.#memberLeft(data); break;
      case 'room.created':
      case 'room.updated': this.#roomChanged(data); break;
      case 'room.deleted': this.#removeRoom(data.id, 'deleted'); break;
      case 'user.updated': this.#user(data); break;
      case 'user.deleted': this.#user({ ...data, displayName: 'Deleted user' }); break;
      case 'presence':
        this.presence.set(data.userId, data.status);
        this.#emit('presence');
        break;
      case 'typing': this.#typing(data.roomId, data.userId); break;
      case 'error': console.warn('The gateway refused a frame:', data.code, data.message); break;
    }
  }

  /**
   * After every (re)connect: what changed while away. Rooms, unread counts and memberships from GET /rooms,
   * the messages of every room held from `after=` its last one, presence of the open room. (The `resume`
   * frame will replace the per-room REST catch-up once the gateway has it.)
   */
  async #recover() {
    await this.loadRooms().catch(() => {});
    for (const roomId of this.logs.keys()) this.catchUp(roomId).catch(() => {});
    const open = this.rooms.get(this.openId);
    if (open && open.members) this.loadPresence([...open.members.keys()]);
    this.#flushAll();
  }

  #message(message, created) {
    const log = this.logs.get(message.roomId);
    if (!created && !(log && log.bySeq.has(message.seq))) {
      const room = this.rooms.get(message.roomId);
      if (room && room.preview && room.preview.seq === message.seq) this.#put(message.roomId, [message]);
      return;
    }
    const gap = log && message.seq > log.last + 1;
    this.#put(message.roomId, [message]);
    if (gap) this.catchUp(message.roomId).catch(() => {});
  }

  #memberJoined({ roomId, userId, role }) {
    if (userId === this.me.id) {
      if (!this.rooms.has(roomId)) this.loadRooms().catch(() => {});
      else this.catchUp(roomId).catch(() => {});
      return;
    }
    const room = this.rooms.get(roomId);
    if (!room || !room.members) return;
    room.members.set(userId, { userId, role, joinedAt: new Date().toISOString() });
    this.displayName(userId);
    this.loadPresence([userId]);
    this.#emit('room', roomId);
  }

  #memberLeft({ roomId, userId }) {
    if (userId === this.me.id) {
      this.#removeRoom(roomId, 'left');
      return;
    }
    const room = this.rooms.get(roomId);
    if (room && room.members && room.members.delete(userId)) this.#emit('room', roomId);
  }

  #roomChanged(data) {
    const room = this.rooms.get(data.id);
    if (!room) return;
    Object.assign(room, { name: data.name, topic: data.topic, visibility: data.visibility, ownerId: data.ownerId });
    this.#emit('rooms');
    this.#emit('room', data.id);
  }

  #removeRoom(roomId, reason) {
    if (!this.rooms.delete(roomId)) return;
    this.logs.delete(roomId);
    for (const pending of this.outbox.get(roomId) || []) clearTimeout(pending.timer);
    this.outbox.delete(roomId);
    this.#emit('rooms');
    this.#emit('removed', { roomId, reason });
  }

  #know(user) {
    this.users.set(user.id, { ...this.users.get(user.id), ...user });
  }

  #user(user) {
    this.#know(user);
    if (user.id === this.me.id) this.me = { ...this.me, ...user };
    this.#emit('users');
  }

  #typing(roomId, userId) {
    if (!this.typing.has(roomId)) this.typing.set(roomId, new Map());
    this.typing.get(roomId).set(userId, Date.now() + TYPING_SHOWN_MS);
    this.#emit('typing', roomId);
    setTimeout(() => {
      const typists = this.typing.get(roomId);
      if (typists && typists.get(userId) <= Date.now()) typists.delete(userId);
      this.#emit('typing', roomId);
    }, TYPING_SHOWN_MS + 50);
  }

  #emit(type, detail = null) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
