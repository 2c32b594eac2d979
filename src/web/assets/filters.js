/* global document, window */
// Filter forms work as plain GET forms without this script. With it, empty fields stay out of the URL,
// so links stay short and the server applies its defaults. Nothing submits on its own: changing a
// control never moves the page under a keyboard user's feet; the Apply button does.
(function () {
  'use strict';
  for (const form of document.querySelectorAll('form.filters')) {
    form.addEventListener('submit', () => {
      for (const field of form.elements) {
        if (field.name && field.type !== 'checkbox' && field.value === '') field.disabled = true;
      }
    });
  }
  // A page restored by back/forward keeps its DOM, including fields disabled on the way out.
  window.addEventListener('pageshow', () => {
    for (const field of document.querySelectorAll('form.filters [disabled]')) field.disabled = false;
  });
})();
