// The one error presentation of every view: the alert box above the page.
import { ApiError } from './api.js';

const box = document.getElementById('error');

export function showError(e) {
  box.textContent = e instanceof ApiError ? e.message : 'Unexpected error: ' + e.message;
  box.hidden = false;
}

export function clearError() {
  box.hidden = true;
  box.textContent = '';
}
