// What the scenarios share: Debian's Chromium through playwright-core, people who register and use the
// client through its screens (labels and roles, as a person or a screen reader finds them), and waits for
// what the page shows. Every wait is a condition with a timeout; nothing sleeps.

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.CHAT_WEB_URL || 'http://localhost:8080/';
const SCREENSHOTS = process.env.CHAT_SCREENSHOTS;
/** Long enough for a busy two-core machine; a condition normally holds within a second. */
export const TIMEOUT = 30_000;
export const PASSWORD = 'browser-test-password';

/** One headless Chromium for the scenario file, started before its first test: call at its top level. */
export function useBrowser() {
  let browser;
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      // As root (CI) Chromium's sandbox cannot start.
      args: ['--no-sandbox'],
    });
  });
  after(async () => { await browser?.close(); });
  return () => browser;
}

export function unique(prefix) {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/** A person with a browser of their own (a context: separate storage, cookies, network). */
export async function person(browser, displayName, { transport, viewport, colorScheme } = {}) {
  const context = await browser.newContext({ viewport: viewport || { width: 1280, height: 800 }, colorScheme: colorScheme || 'light' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.on('pageerror', error => console.error(`[${displayName}] page error:`, error));
  const username = unique(displayName.toLowerCase().split(' ')[0]);
  await page.goto(transport ? `${BASE_URL}?transport=${transport}` : BASE_URL);
  const form = page.locator('#auth-form');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await form.getByLabel('Username', { exact: true }).fill(username);
  await form.getByLabel('Display name', { exact: true }).fill(displayName);
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await form.getByRole('button', { name: 'Create account' }).click();
  await connected(page);
  return { context, page, username, displayName };
}

/** The status line says the client holds a connection (with that transport, if given). */
export async function connected(page, transportName = '') {
  await page.locator('#connection[data-state="online"]').filter({ hasText: transportName }).waitFor();
}

export async function createRoom(page, name, visibility = 'public') {
  await page.getByRole('button', { name: 'New room' }).click();
  const dialog = page.getByRole('dialog', { name: 'New room' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel(visibility === 'public' ? /Public/ : /Private/).check();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await roomTitle(page, name);
  return page.url().split('#/rooms/')[1];
}

export async function roomTitle(page, title) {
  await page.locator('#room-title').filter({ hasText: title }).waitFor();
}

export async function openMembers(page) {
  const toggle = page.getByRole('button', { name: 'Members', exact: true });
  if (await toggle.getAttribute('aria-expanded') !== 'true') await toggle.click();
  return page.locator('#members');
}

export async function addMember(page, username) {
  const members = await openMembers(page);
  await members.getByLabel('Add a member by username').fill(username);
  await members.getByRole('button', { name: 'Add', exact: true }).click();
  await page.locator('.toast').filter({ hasText: 'was added' }).waitFor();
}

/** Opens a room from the rooms list. */
export async function openRoom(page, name) {
  await page.getByRole('navigation', { name: 'Your rooms' }).getByRole('link', { name: new RegExp(escape(name)) }).click();
  await roomTitle(page, name);
}

export async function send(page, text) {
  const composer = page.getByRole('textbox', { name: /^Message to/ });
  await composer.fill(text);
  await composer.press('Enter');
}

/** The room's confirmed messages, as their texts in the order shown (own pending ones are not in it). */
export function shownTexts(page) {
  return page.locator('#messages .message .text').allTextContents();
}

/** Waits until the timeline shows exactly these texts, in this order, each once. */
export async function showsExactly(page, texts) {
  await page.waitForFunction(expected => {
    const shown = [...document.querySelectorAll('#messages .message .text')].map(element => element.textContent);
    return JSON.stringify(shown) === JSON.stringify(expected);
  }, texts, { timeout: TIMEOUT });
}

/** Waits until a confirmed message with this text is shown, and returns it. */
export async function message(page, text) {
  const found = page.locator('#messages .message').filter({ has: page.locator('.text', { hasText: text }) });
  await found.waitFor();
  return found;
}

export async function screenshot(page, name) {
  if (!SCREENSHOTS) return;
  // Notices ("… was added") fade after a few seconds: not part of the screen.
  await page.waitForFunction(() => !document.querySelector('.toast'), null, { timeout: TIMEOUT });
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/**
 * Two people in one room, `owner` having created it and added `guest`, both with it open; each may use
 * a transport of its own.
 */
export async function twoInARoom(browser, { ownerTransport, guestTransport, room = unique('room') } = {}) {
  const owner = await person(browser, 'Alice Martin', { transport: ownerTransport });
  const guest = await person(browser, 'Bob Chen', { transport: guestTransport });
  await createRoom(owner.page, room);
  await addMember(owner.page, guest.username);
  await openRoom(guest.page, room);
  return { owner, guest, room };
}

/** Both directions of one room deliver messages, for the transport `guest` was forced onto. */
export async function deliversBothWays(browser, transport, transportName) {
  const { owner, guest } = await twoInARoom(browser, { guestTransport: transport });
  await connected(guest.page, transportName);
  await send(owner.page, `to ${transport}`);
  await message(guest.page, `to ${transport}`);
  await send(guest.page, `from ${transport}`);
  await message(owner.page, `from ${transport}`);
  await showsExactly(guest.page, [`to ${transport}`, `from ${transport}`]);
  await showsExactly(owner.page, [`to ${transport}`, `from ${transport}`]);
  return { owner, guest };
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
