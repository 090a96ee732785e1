// REST calls (user-service and chat-service through the gateway's /api routes, presence from the gateway
// itself) and the session that authorizes them.
// Tokens live in sessionStorage (this tab only); the access token is renewed before it expires.

const STORAGE_KEY = 'chat.session';
/** Renew this long before the access token expires (or at 80 % of a shorter lifetime). */
const RENEW_AHEAD_MS = 60_000;
const RENEW_RETRY_MS = 5_000;

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || (status ? `HTTP ${status}` : 'The server cannot be reached'));
    this.status = status;
    this.violations = (problem && problem.violations) || [];
  }

  /** Worth sending again unchanged: the network, a busy or restarting service, a rate limit. */
  get transient() {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

async function call(method, url, body, token) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, null);
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

class Session extends EventTarget {
  #tokens = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
  #renewal = null;
  #timer = 0;

  constructor() {
    super();
    if (this.#tokens) this.#scheduleRenewal();
  }

  get signedIn() {
    return this.#tokens !== null;
  }

  async signIn(username, password) {
    this.#store(await call('POST', '/api/auth/token', { username, password }));
  }

  async register(username, displayName, password) {
    await call('POST', '/api/users', { username, displayName, password });
    await this.signIn(username, password);
  }

  /** Ends the session here and at user-service; `reason` is shown on the sign-in screen. */
  async signOut(reason = '') {
    const tokens = this.#tokens;
    this.#store(null);
    if (tokens) await call('POST', '/api/auth/logout', { refreshToken: tokens.refreshToken }).catch(() => {});
    this.dispatchEvent(new CustomEvent('ended', { detail: reason }));
  }

  /** An access token valid for at least a while longer (renewed first if needed), or null when signed out. */
  async token() {
    if (this.#tokens && Date.now() > this.#tokens.expiresAt - this.#renewAhead() / 2) await this.renew().catch(() => {});
    return this.#tokens && this.#tokens.accessToken;
  }

  /** Rotates the refresh token; a refused one ends the session, a network failure is tried again later. */
  renew() {
    if (!this.#renewal) {
      const tokens = this.#tokens;
      this.#renewal = call('POST', '/api/auth/refresh', { refreshToken: tokens.refreshToken })
        .then(fresh => { if (this.#tokens === tokens) this.#store(fresh); })
        .catch(error => {
          if (error.status === 401) this.signOut('Your session has ended. Please sign in again.');
          else this.#schedule(RENEW_RETRY_MS);
          throw error;
        })
        .finally(() => { this.#renewal = null; });
    }
    return this.#renewal;
  }

  /** A REST call with the access token; a 401 renews the token once and repeats the call. */
  async request(method, url, body) {
    try {
      return await call(method, url, body, await this.token());
    } catch (error) {
      if (error.status !== 401 || !this.#tokens) throw error;
      await this.renew();
      return call(method, url, body, this.#tokens.accessToken);
    }
  }

  #store(answer) {
    this.#tokens = answer && {
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken,
      expiresAt: Date.now() + answer.expiresIn * 1000,
      lifetime: answer.expiresIn * 1000,
    };
    if (this.#tokens) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(this.#tokens));
    else sessionStorage.removeItem(STORAGE_KEY);
    if (this.#tokens) this.#scheduleRenewal();
    else clearTimeout(this.#timer);
  }

  #renewAhead() {
    return Math.min(RENEW_AHEAD_MS, this.#tokens.lifetime / 5);
  }

  #scheduleRenewal() {
    this.#schedule(this.#tokens.expiresAt - Date.now() - this.#renewAhead());
  }

  #schedule(delay) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.signedIn && this.renew().catch(() => {}), Math.max(delay, 1000));
  }
}

export const session = new Session();

export const api = {
  get: path => session.request('GET', `/api${path}`),
  post: (path, body = {}) => session.request('POST', `/api${path}`, body),
  put: (path, body) => session.request('PUT', `/api${path}`, body),
  patch: (path, body) => session.request('PATCH', `/api${path}`, body),
  delete: path => session.request('DELETE', `/api${path}`),
  presence: userIds => session.request('GET', `/presence?${userIds.map(id => `userId=${encodeURIComponent(id)}`).join('&')}`),
};
