// /stomp with @stomp/stompjs, the STOMP client of the JavaScript world, under Node (the ws package is its
// WebSocket): a member subscribes with a receipt and receives a message posted over REST as a MESSAGE
// frame; a non-member SUBSCRIBE is answered ERROR not_member. No browser: REST goes through the web
// client's /api proxy, STOMP to the same origin.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@stomp/stompjs';
import WebSocket from 'ws';
import { BASE_URL, PASSWORD, TIMEOUT, unique } from './support.mjs';

const STOMP_URL = `${BASE_URL.replace(/^http/, 'ws')}stomp`;
const POLL_INTERVAL = 200;

/** A promise that fails after TIMEOUT instead of hanging the file. */
function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: not within ${TIMEOUT} ms`)), TIMEOUT); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function api(method, path, token, body) {
  const response = await fetch(`${BASE_URL}api${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function account(prefix) {
  const username = unique(prefix);
  const created = await api('POST', '/users', null, { username, displayName: prefix, password: PASSWORD });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const token = await api('POST', '/auth/token', null, { username, password: PASSWORD });
  assert.equal(token.status, 200, JSON.stringify(token.body));
  return { id: created.body.id, token: token.body.accessToken };
}

/** chat-service learns users from user-service's events: retries until the answer is the one expected. */
async function until(request, status, what) {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const answer = await request();
    if (answer.status === status) {
      return answer;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    await new Promise(resolve => setTimeout(resolve, POLL_INTERVAL));
  }
}

/** A connected client; rejects if CONNECT is refused. */
function connect(token) {
  return within(new Promise((resolve, reject) => {
    const client = new Client({
      webSocketFactory: () => new WebSocket(STOMP_URL, ['v12.stomp', 'v11.stomp', 'v10.stomp']),
      connectHeaders: { Authorization: `Bearer ${token}` },
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      reconnectDelay: 0,
      onConnect: () => resolve(client),
      onStompError: frame => reject(new Error(frame.headers.message)),
      onWebSocketError: reject,
    });
    client.activate();
  }), 'CONNECTED');
}

test('a member subscribes with a receipt and receives a message posted over REST', async () => {
  const alice = await account('stompjs');
  const room = (await until(() => api('POST', '/rooms', alice.token, { name: unique('stompjs') }), 201, 'room')).body.id;
  const client = await connect(alice.token);
  try {
    const messages = [];
    let arrived;
    const messageArrived = new Promise(resolve => { arrived = resolve; });
    const receipt = unique('sub');
    const subscribed = new Promise(resolve => client.watchForReceipt(receipt, resolve));
    client.subscribe(`/topic/rooms.${room}`, message => {
      messages.push(message);
      if (message.headers['event-type'] === 'message.created') {
        arrived(message);
      }
    }, { receipt });
    const receiptFrame = await within(subscribed, 'RECEIPT for SUBSCRIBE');
    assert.equal(receiptFrame.headers['receipt-id'], receipt);

    const posted = await api('POST', `/rooms/${room}/messages`, alice.token, { text: 'over stompjs' });
    assert.equal(posted.status, 201);
    const message = await within(messageArrived, 'MESSAGE message.created');
    assert.equal(message.headers.destination, `/topic/rooms.${room}`);
    assert.equal(message.headers['content-type'], 'application/json');
    assert.equal(message.headers.seq, String(posted.body.seq));
    const envelope = JSON.parse(message.body);
    assert.equal(envelope.type, 'message.created');
    assert.equal(envelope.roomId, room);
    assert.equal(envelope.data.text, 'over stompjs');
  } finally {
    await client.deactivate();
  }
});

test('a non-member SUBSCRIBE is answered ERROR not_member', async () => {
  const owner = await account('stompown');
  const outsider = await account('stompout');
  const room = (await until(() => api('POST', '/rooms', owner.token, { name: unique('private'), visibility: 'private' }), 201, 'room')).body.id;
  const client = await connect(outsider.token);
  try {
    const error = within(new Promise(resolve => { client.onStompError = resolve; }), 'ERROR for SUBSCRIBE');
    client.subscribe(`/topic/rooms.${room}`, () => assert.fail('a non-member received a MESSAGE'));
    assert.equal((await error).headers.message, 'not_member');
  } finally {
    await client.deactivate();
  }
});
