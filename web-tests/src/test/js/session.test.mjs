// Sessions longer than an access token: the system under test issues tokens for 30 s (WebStack), so the
// client must renew them (/auth/refresh) before they expire and go on as if nothing happened.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TIMEOUT, message, send, showsExactly, twoInARoom, useBrowser } from './support.mjs';

const browser = useBrowser();

const accessToken = page => page.evaluate(() => JSON.parse(sessionStorage.getItem('chat.session')).accessToken);

test('the access token is renewed before it expires, and the conversation goes on', async () => {
  const { owner, guest } = await twoInARoom(browser());
  const first = await accessToken(guest.page);
  await guest.page.waitForFunction(token => JSON.parse(sessionStorage.getItem('chat.session')).accessToken !== token,
    first, { timeout: 60_000 + TIMEOUT });
  assert.notEqual(await accessToken(guest.page), first);

  await send(owner.page, 'after the renewal');
  await message(guest.page, 'after the renewal');
  await send(guest.page, 'still here');
  await showsExactly(owner.page, ['after the renewal', 'still here']);
});
