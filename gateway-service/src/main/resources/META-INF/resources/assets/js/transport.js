// The event stream from the gateway: WebSocket, else Server-Sent Events, else long-polling, whichever gets
// through. A transport opens one connection and reports its frames and its end; Connection decides when
// and how to connect again.

const FRAME_TYPES = ['welcome', 'message.created', 'message.edited', 'message.deleted', 'member.joined', 'member.left',
  'room.created', 'room.updated', 'room.deleted', 'user.updated', 'user.deleted', 'presence', 'typing', 'pong',
  'resumed', 'error'];
/** Close codes of the contract: the token expired (connect again with a fresh one), the user was deleted. */
export const TOKEN_EXPIRED = 4001;
export const USER_DELETED = 4003;
const ABNORMAL = 1006;

/** WebSocket: the token travels as a subprotocol, so it appears in no URL or access log. */
function webSocket(token, { frame, closed }) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/ws`,
    ['bearer-token-carrier', `quarkus-http-upgrade#Authorization#Bearer%20${encodeURIComponent(token)}`]);
  socket.onmessage = event => frame(JSON.parse(event.data));
  socket.onclose = event => closed(event.code);
  return {
    send: data => socket.readyState === WebSocket.OPEN && (socket.send(JSON.stringify(data)), true),
    close: () => { socket.onclose = null; socket.close(); },
  };
}

/** SSE: receive only (no typing signals); EventSource cannot set headers, so the token is a query parameter. */
function eventSource(token, { frame, closed }) {
  const source = new EventSource(`/events?access_token=${encodeURIComponent(token)}`);
  for (const type of FRAME_TYPES) source.addEventListener(type, event => frame(JSON.parse(event.data)));
  // EventSource would reconnect by itself, without the catch-up; Connection does both.
  source.onerror = () => { source.close(); closed(ABNORMAL); };
  return { send: () => false, close: () => source.close() };
}

/** Seconds the gateway may hold a poll open when nothing happens (the contract allows 1..30). */
const POLL_WAIT_S = 25;

/**
 * Long-polling (/poll): REST calls with the session's current token; each poll acknowledges what the
 * previous one returned. Client frames (typing, ping) are posted to the session.
 */
function longPoll(token, { frame, closed }, session) {
  const aborted = new AbortController();
  let sessionId = null;
  let stopped = false;

  async function request(method, path, body, signal = aborted.signal) {
    const headers = { Authorization: `Bearer ${(await session.token()) || token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
    return response.status === 200 || response.status === 201 ? response.json() : null;
  }

  (async () => {
    try {
      const opened = await request('POST', '/poll');
      sessionId = opened.sessionId;
      let ack = opened.next ?? 0;
      for (const event of opened.events) frame(event);
      while (!stopped) {
        const page = await request('GET', `/poll/${encodeURIComponent(sessionId)}?ack=${ack}&wait=${POLL_WAIT_S}`);
        ack = page.next ?? ack + page.events.length;
        for (const event of page.events) if (!stopped) frame(event);
      }
    } catch (error) {
      if (!stopped) closed(error.status === 401 ? TOKEN_EXPIRED : ABNORMAL);
    }
  })();

  return {
    send: data => {
      if (!sessionId) return false;
      request('POST', `/poll/${encodeURIComponent(sessionId)}/frames`, data).catch(() => {});
      return true;
    },
    close: () => {
      stopped = true;
      aborted.abort();
      // Ends the session now rather than when the gateway notices it is no longer polled (presence, cap).
      if (sessionId) request('DELETE', `/poll/${encodeURIComponent(sessionId)}`, undefined, null).catch(() => {});
    },
  };
}

const TRANSPORTS = { ws: webSocket, sse: eventSource, poll: longPoll };
const NAMES = { ws: 'WebSocket', sse: 'Server-Sent Events', poll: 'long-polling' };
/** Attempts of a transport that never got a welcome before the next one is tried. */
const ATTEMPTS_BEFORE_FALLBACK = 2;
const WELCOME_TIMEOUT_MS = 10_000;
const PING_AFTER_MS = 20_000;
const DEAD_AFTER_MS = 35_000;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15_000];

/**
 * Stays connected while signed in: reconnects with backoff after any drop, right away after a token expiry,
 * never after the user's deletion; falls back from WebSocket to SSE, then to long-polling, when one never
 * gets through.
 * `forced` (the ?transport= flag) pins one transport. Status changes are 'status' events.
 */
export class Connection extends EventTarget {
  #session;
  #onFrame;
  #order;
  #index = 0;
  #current = null;
  #open = false;
  #generation = 0;
  #welcomed = new Set();
  #failures = 0;
  #attempt = 0;
  #timer = 0;
  #watchdog = 0;
  #lastFrameAt = 0;
  #stopped = true;
  status = { state: 'connecting', transport: null, retryAt: 0 };

  constructor(session, onFrame, forced) {
    super();
    this.#session = session;
    this.#onFrame = onFrame;
    this.#order = TRANSPORTS[forced] ? [forced] : Object.keys(TRANSPORTS);
    addEventListener('offline', () => this.#stopped || this.#offline());
    addEventListener('online', () => this.#stopped || this.#reconnectNow());
  }

  start() {
    this.#stopped = false;
    this.#reconnectNow();
  }

  stop() {
    this.#stopped = true;
    this.#drop();
  }

  /** Sends a client frame; false when the transport cannot (SSE) or is not connected. */
  send(frame) {
    return this.#open && this.#current.send(frame);
  }

  async #connect() {
    const generation = this.#generation;
    const token = await this.#session.token();
    if (this.#stopped || !token || generation !== this.#generation) return;
    const name = this.#order[this.#index];
    this.#setStatus('connecting', name);
    const transport = TRANSPORTS[name](token, {
      frame: frame => {
        if (transport !== this.#current) return;
        this.#lastFrameAt = Date.now();
        if (frame.type === 'welcome') this.#welcome(name);
        this.#onFrame(frame);
      },
      closed: code => transport === this.#current && this.#closed(code),
    }, this.#session);
    this.#current = transport;
    this.#lastFrameAt = Date.now();
    this.#watchdog = setInterval(() => this.#check(), 5000);
  }

  #welcome(name) {
    this.#open = true;
    this.#welcomed.add(name);
    this.#failures = 0;
    this.#attempt = 0;
    this.#setStatus('online', name);
  }

  /** No welcome in time, or a socket gone silent despite our ping: treat it as dropped. */
  #check() {
    const silence = Date.now() - this.#lastFrameAt;
    if (!this.#open) {
      if (silence > WELCOME_TIMEOUT_MS) this.#closed(ABNORMAL);
      return;
    }
    // SSE cannot ping: the browser notices a broken stream itself.
    if (silence > PING_AFTER_MS && this.#current.send({ type: 'ping' }) && silence > DEAD_AFTER_MS) this.#closed(ABNORMAL);
  }

  #closed(code) {
    const welcomed = this.#open;
    this.#drop();
    if (this.#stopped) return;
    if (code === USER_DELETED) {
      this.stop();
      this.#session.signOut('This account was deleted.');
      return;
    }
    const name = this.#order[this.#index];
    if (!welcomed && !this.#welcomed.has(name) && ++this.#failures >= ATTEMPTS_BEFORE_FALLBACK) {
      this.#index = (this.#index + 1) % this.#order.length;
      this.#failures = 0;
    }
    if (code === TOKEN_EXPIRED) {
      // At once: connecting asks the session for its token, which renews one that is (nearly) expired.
      this.#reconnectNow();
      return;
    }
    const base = BACKOFF_MS[Math.min(this.#attempt++, BACKOFF_MS.length - 1)];
    const delay = base / 2 + Math.random() * base / 2;
    this.#setStatus('waiting', name, Date.now() + delay);
    this.#timer = setTimeout(() => this.#connect(), delay);
  }

  #offline() {
    this.#drop();
    this.#setStatus('offline', null);
  }

  #reconnectNow() {
    this.#drop();
    this.#attempt = 0;
    this.#connect();
  }

  #drop() {
    this.#generation++;
    this.#open = false;
    clearTimeout(this.#timer);
    clearInterval(this.#watchdog);
    if (this.#current) this.#current.close();
    this.#current = null;
  }

  #setStatus(state, transport, retryAt = 0) {
    this.status = { state, transport, transportName: NAMES[transport] || '', retryAt };
    this.dispatchEvent(new Event('status'));
  }
}
