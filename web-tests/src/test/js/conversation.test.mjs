// Two people in two browsers: messages both ways, typing, presence, edits and deletions, a direct message
// with its unread count.

import { test } from 'node:test';
import { BASE_URL, PASSWORD, addMember, connected, createRoom, message, openMembers, openRoom, person, roomTitle, send, showsExactly, twoInARoom, unique, useBrowser } from './support.mjs';

const browser = useBrowser();

test('two people exchange messages and see each other typing and online', async () => {
  const { owner, guest } = await twoInARoom(browser());
  await send(owner.page, 'Hello Bob');
  await message(guest.page, 'Hello Bob');
  await send(guest.page, 'Hi Alice!');
  await showsExactly(owner.page, ['Hello Bob', 'Hi Alice!']);
  await showsExactly(guest.page, ['Hello Bob', 'Hi Alice!']);

  // At a person's pace: the gateway drops typing signals less than a second apart.
  await guest.page.getByRole('textbox', { name: /^Message to/ }).pressSequentially('I am writing a longer answer', { delay: 100 });
  await owner.page.locator('#typing').filter({ hasText: 'Bob Chen is typing…' }).waitFor();

  const members = await openMembers(owner.page);
  const bob = members.locator('.member').filter({ hasText: 'Bob Chen' });
  await bob.locator('.dot.online').waitFor();
  await guest.context.close();
  await bob.locator('.dot.offline').waitFor();
});

test('edits and deletions show on the other side', async () => {
  const { owner, guest } = await twoInARoom(browser());
  await send(owner.page, 'first draft');
  await send(owner.page, 'to be removed');
  await showsExactly(guest.page, ['first draft', 'to be removed']);

  const draft = await message(owner.page, 'first draft');
  await draft.hover();
  await draft.getByRole('button', { name: 'Edit message' }).click();
  const editor = owner.page.getByRole('textbox', { name: 'Edit your message' });
  await editor.fill('final text');
  await editor.press('Enter');
  const edited = await message(guest.page, 'final text');
  await edited.locator('.edited').waitFor();

  const doomed = await message(owner.page, 'to be removed');
  await doomed.hover();
  await doomed.getByRole('button', { name: 'Delete message' }).click();
  await owner.page.getByRole('dialog', { name: 'Delete message?' }).getByRole('button', { name: 'Delete' }).click();
  await guest.page.locator('#messages .message.deleted').filter({ hasText: 'This message was deleted.' }).waitFor();
  await showsExactly(guest.page, ['final text', 'This message was deleted.']);
});

test('a direct message from the member list arrives with an unread count that reading clears', async () => {
  const { owner, guest } = await twoInARoom(browser());
  const members = await openMembers(owner.page);
  await members.getByRole('button', { name: 'Message Bob Chen' }).click();
  await roomTitle(owner.page, 'Bob Chen');
  await send(owner.page, 'Just between us');

  const rooms = guest.page.getByRole('navigation', { name: 'Your rooms' });
  const dm = rooms.getByRole('link', { name: 'Alice Martin, online, 1 unread' });
  const markerMoved = guest.page.waitForResponse(response => /\/api\/rooms\/[^/]+\/read$/.test(new URL(response.url()).pathname)
    && response.request().method() === 'PUT' && response.status() === 204);
  await dm.click();
  await roomTitle(guest.page, 'Alice Martin');
  await message(guest.page, 'Just between us');
  await rooms.getByRole('link', { name: 'Alice Martin, online', exact: true }).waitFor();

  // The read marker moved on the server too: a fresh page (no room open) lists it without unread messages.
  await markerMoved;
  await guest.page.goto(BASE_URL);
  await connected(guest.page);
  await rooms.getByRole('link', { name: 'Alice Martin, online', exact: true }).waitFor();
});

test('a private room, and a public one joined through its invite link', async () => {
  const alice = await person(browser(), 'Alice Martin');
  const bob = await person(browser(), 'Bob Chen');
  const name = unique('open');
  const roomId = await createRoom(alice.page, name, 'public');
  const link = await (await openMembers(alice.page)).getByLabel('Invite link').inputValue();
  await bob.page.goto(link);
  await connected(bob.page);
  await bob.page.getByRole('button', { name: 'Join room' }).click();
  await roomTitle(bob.page, name);
  await send(bob.page, `joined ${roomId}`);
  await message(alice.page, `joined ${roomId}`);

  const secret = unique('secret');
  await createRoom(alice.page, secret, 'private');
  await addMember(alice.page, bob.username);
  await bob.page.getByRole('navigation', { name: 'Your rooms' }).getByRole('link', { name: new RegExp(secret) }).waitFor();
});

test('a new display name shows on the other side at once; signing out and in again', async () => {
  const { owner, guest, room } = await twoInARoom(browser());
  await send(guest.page, 'who am I?');
  const seen = await message(owner.page, 'who am I?');

  await guest.page.locator('#me').click();
  const profile = guest.page.getByRole('dialog', { name: 'Your profile' });
  await profile.getByLabel('Display name').fill('Robert Chen');
  await profile.getByRole('button', { name: 'Save' }).click();
  await seen.locator('.author').filter({ hasText: 'Robert Chen' }).waitFor();

  await guest.page.locator('#me').click();
  await profile.getByRole('button', { name: 'Sign out' }).click();
  const form = guest.page.locator('#auth-form');
  await form.getByLabel('Username', { exact: true }).fill(guest.username);
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await connected(guest.page);
  await openRoom(guest.page, room);
  await showsExactly(guest.page, ['who am I?']);
});
