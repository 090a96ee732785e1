// The main screens as people see them, saved under $CHAT_SCREENSHOTS (web-tests/target/screenshots, or docs/screenshots): sign-in, rooms and messages, a phone,
// dark mode. Each is checked for what it must show before it is taken.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE_URL, TIMEOUT, addMember, createRoom, message, openRoom, person, screenshot, send, showsExactly, useBrowser } from './support.mjs';

const browser = useBrowser();

const CONVERSATION = [
  ['alice', 'Morning! The new onboarding flow is on staging: https://staging.example.com/onboarding'],
  ['bob', 'Nice. The second step feels long on a phone, can we split it?'],
  ['alice', 'Good idea. I will try two screens and share them here this afternoon.'],
  ['bob', 'Perfect, thanks!'],
];

test('sign-in, rooms and messages, phone size and dark mode', async () => {
  const signIn = await browser().newPage({ viewport: { width: 1280, height: 800 } });
  await signIn.goto(BASE_URL);
  await signIn.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: TIMEOUT });
  await screenshot(signIn, 'sign-in');
  await signIn.close();

  const alice = await person(browser(), 'Alice Martin');
  const bob = await person(browser(), 'Bob Chen');
  await createRoom(alice.page, 'general');
  await addMember(alice.page, bob.username);
  await createRoom(alice.page, 'design-review');
  await addMember(alice.page, bob.username);
  await openRoom(bob.page, 'design-review');
  for (const [who, text] of CONVERSATION) await send((who === 'alice' ? alice : bob).page, text);
  await showsExactly(alice.page, CONVERSATION.map(([, text]) => text));
  await openRoom(bob.page, 'general');
  await send(bob.page, 'Standup in 5 minutes?');
  await alice.page.getByRole('link', { name: /general, 1 unread/ }).waitFor();
  await screenshot(alice.page, 'rooms-and-messages');

  const phone = await person(browser(), 'Carol Diaz', { viewport: { width: 390, height: 780 } });
  const phoneRoom = await createRoom(phone.page, 'weekend-plans');
  assert.ok(phoneRoom);
  await send(phone.page, 'Who is in for a hike on Saturday?');
  await message(phone.page, 'Who is in for a hike on Saturday?');
  // One column: the room covers the list; the back link returns to it.
  assert.equal(await phone.page.getByRole('navigation', { name: 'Your rooms' }).isVisible(), false);
  await screenshot(phone.page, 'phone');

  const dark = await person(browser(), 'Dan Okafor', { colorScheme: 'dark' });
  await createRoom(dark.page, 'night-shift');
  await send(dark.page, 'Dark mode follows the system setting.');
  await message(dark.page, 'Dark mode follows the system setting.');
  const background = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(22, 24, 29)');
  await screenshot(dark.page, 'dark');
});
