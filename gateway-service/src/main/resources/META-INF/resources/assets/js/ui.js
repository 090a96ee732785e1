// Small DOM helpers shared by the views.

export const $ = id => document.getElementById(id);

/** h('li', {class: 'x', onclick: f}, child, …): an element; null/false attributes and children are left out. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children.flat().filter(child => child !== null && child !== undefined && child !== false));
  return element;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
const WEEK_MS = 6 * 24 * 3600 * 1000;

/** A <time>: the time today, the weekday this week, else the date; the full date as tooltip. */
export function time(iso, className = '') {
  const date = new Date(iso);
  const now = new Date();
  const text = date.toDateString() === now.toDateString() ? timeFormat.format(date)
    : now - date < WEEK_MS ? dayFormat.format(date) : dateFormat.format(date);
  return h('time', { datetime: iso, title: fullFormat.format(date), class: className || null }, text);
}

export function initials(name) {
  return (name || '?').split(/\s+/).filter(Boolean).slice(0, 2).map(word => [...word][0].toUpperCase()).join('');
}

/** A stable hue per user, for avatars. */
export function hue(id) {
  let hash = 0;
  for (const char of id || '') hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return hash;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g;

/** Message text with its links clickable; everything else stays text (never HTML). */
export function linkified(text) {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    fragment.append(text.slice(at, match.index), h('a', { href: match[0], target: '_blank', rel: 'noopener noreferrer' }, match[0]));
    at = match.index + match[0].length;
  }
  fragment.append(text.slice(at));
  return fragment;
}

export function toast(text, kind = 'info') {
  const item = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
  $('toasts').append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

/** Opens a modal dialog with its form reset; focus returns where it was when it closes. */
export function openDialog(dialog, focus) {
  const opener = document.activeElement;
  const form = dialog.querySelector('form');
  form.reset();
  clearErrors(form);
  dialog.addEventListener('close', () => opener && opener.focus && opener.focus(), { once: true });
  for (const button of dialog.querySelectorAll('[data-close]')) button.onclick = () => dialog.close();
  dialog.showModal();
  (focus || form.querySelector('input')).focus();
}

/** Asks before something that cannot be undone. */
export function confirm(title, text, ok) {
  const dialog = $('confirm-dialog');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = ok;
  dialog.returnValue = '';
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    openDialog(dialog, dialog.querySelector('button[value=cancel]'));
  });
}

export function clearErrors(form) {
  for (const element of form.querySelectorAll('.field-error, .form-error')) element.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

/** An API error next to the fields it names (`<input id="{prefix}{field}">`), else at the form's end. */
export function showError(form, error, prefix = '') {
  clearErrors(form);
  let placed = false;
  for (const { field, message } of error.violations || []) {
    const input = form.querySelector(`#${prefix}${field}`);
    const slot = input && form.querySelector(`#${prefix}${field}-error`);
    if (!slot) continue;
    slot.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    if (!placed) input.focus();
    placed = true;
  }
  const general = form.querySelector('.form-error');
  if (!placed && general) general.textContent = error.message;
  else if (!placed) toast(error.message, 'error');
}

/** Runs `work` with the form's submit button disabled; errors are shown in the form. @return whether it worked */
export async function submitting(form, work, prefix = '') {
  const button = form.querySelector('button:not([type=button])');
  button.disabled = true;
  clearErrors(form);
  try {
    await work();
    return true;
  } catch (error) {
    showError(form, error, prefix);
    return false;
  } finally {
    button.disabled = false;
  }
}
