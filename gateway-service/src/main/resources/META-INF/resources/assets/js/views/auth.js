// Sign in, or create an account and sign in.

import { session } from '../api.js';
import { $, submitting } from '../ui.js';

const TEXT = {
  signIn: { title: 'Sign in to Chat', submit: 'Sign in', switchText: 'New here?', switchButton: 'Create an account' },
  register: { title: 'Create your account', submit: 'Create account', switchText: 'Have an account?', switchButton: 'Sign in' },
};

export function authView(onSignedIn) {
  const form = $('auth-form');
  let mode = 'signIn';

  function setMode(next) {
    mode = next;
    const text = TEXT[mode];
    $('auth-title').querySelector('span').textContent = text.title;
    $('auth-submit').textContent = text.submit;
    $('auth-switch-text').textContent = text.switchText;
    $('auth-switch').textContent = text.switchButton;
    form.querySelector('[data-register]').hidden = mode !== 'register';
    $('auth-password').autocomplete = mode === 'register' ? 'new-password' : 'current-password';
    form.classList.remove('tried');
  }

  $('auth-switch').onclick = () => {
    setMode(mode === 'signIn' ? 'register' : 'signIn');
    $('auth-username').focus();
  };

  form.onsubmit = async event => {
    event.preventDefault();
    form.classList.add('tried');
    if (!form.checkValidity()) {
      form.querySelector(':invalid').focus();
      return;
    }
    const username = $('auth-username').value.trim();
    const password = $('auth-password').value;
    const displayName = $('auth-displayName').value.trim() || username;
    const ok = await submitting(form, async () => {
      try {
        if (mode === 'register') await session.register(username, displayName, password);
        else await session.signIn(username, password);
      } catch (error) {
        if (error.status === 401) error.message = 'Wrong username or password.';
        throw error;
      }
    }, 'auth-');
    if (ok) {
      $('auth-password').value = '';
      onSignedIn();
    }
  };

  return {
    show(message) {
      setMode('signIn');
      $('auth').hidden = false;
      $('auth-message').hidden = !message;
      $('auth-message').textContent = message || '';
      $('auth-username').focus();
    },
    hide() {
      $('auth').hidden = true;
    },
  };
}
