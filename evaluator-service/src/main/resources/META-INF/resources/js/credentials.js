// The API password the dashboard sends with its POSTs (HTTP Basic, user kd). Kept in
// sessionStorage: it survives a reload but not the tab, and no other site can read it.

const KEY = 'kd.api.password';
const USER = 'kd';

/** Restores the password field from this tab's storage and keeps the storage up to date. */
export function setUpCredentials(input) {
  input.value = sessionStorage.getItem(KEY) ?? '';
  input.addEventListener('input', () => {
    if (input.value) sessionStorage.setItem(KEY, input.value);
    else sessionStorage.removeItem(KEY);
  });
}

/** The credentials to send: { user, password }, password empty when none was entered. */
export function apiCredentials() {
  return { user: USER, password: sessionStorage.getItem(KEY) ?? '' };
}
