// Someone whose network drops comes back to every message sent meanwhile, in order, each once; what they
// wrote while offline is sent when they are back, once.

import { test } from 'node:test';
import { connected, send, showsExactly, twoInARoom, useBrowser } from './support.mjs';

const browser = useBrowser();

test('messages sent while one is offline all show once it is back, in order, exactly once', async () => {
  const { owner, guest } = await twoInARoom(browser());
  await send(owner.page, 'before the drop');
  await showsExactly(guest.page, ['before the drop']);

  await guest.context.setOffline(true);
  await guest.page.locator('#connection[data-state="offline"]').waitFor();
  const missed = Array.from({ length: 8 }, (_, i) => `while away ${i + 1}`);
  for (const text of missed) await send(owner.page, text);
  await send(guest.page, 'written offline');
  await guest.page.locator('#pending .message').filter({ hasText: 'written offline' }).waitFor();
  await showsExactly(owner.page, ['before the drop', ...missed]);

  await guest.context.setOffline(false);
  await connected(guest.page);
  const all = ['before the drop', ...missed, 'written offline'];
  await showsExactly(guest.page, all);
  await showsExactly(owner.page, all);
  await guest.page.locator('#pending .message').waitFor({ state: 'detached' });
});
