// Someone whose network drops comes back to every message sent meanwhile, in order, each once; what they
// wrote while offline waits in the outbox and is sent when they are back, once.

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
  await showsExactly(owner.page, ['before the drop', ...missed]);
  // Back online with nothing new after: only the catch-up that follows the reconnect can show them.
  await guest.context.setOffline(false);
  await connected(guest.page);
  await showsExactly(guest.page, ['before the drop', ...missed]);
});

test('what one writes while offline is sent once it is back, once', async () => {
  const { owner, guest } = await twoInARoom(browser());
  await guest.context.setOffline(true);
  await guest.page.locator('#connection[data-state="offline"]').waitFor();
  await send(guest.page, 'written offline');
  const pending = guest.page.locator('#pending .message').filter({ hasText: 'written offline' });
  await pending.locator('.state').filter({ hasText: 'Not sent yet' }).waitFor();

  await guest.context.setOffline(false);
  await connected(guest.page);
  await showsExactly(owner.page, ['written offline']);
  await showsExactly(guest.page, ['written offline']);
  await pending.waitFor({ state: 'detached' });
});
