/* global window, document, CustomEvent */
// The colour scheme the visitor picked, remembered per browser: applied before the page paints (this
// script is loaded without defer, in the head), and the header's switch cycling auto (the OS decides),
// light and dark. Without scripts the switch stays hidden and the OS decides.
(function () {
  'use strict';
  const key = 'perx-theme';
  const themes = ['auto', 'light', 'dark'];
  const root = document.documentElement;

  function remembered() {
    try {
      const theme = window.localStorage.getItem(key);
      return themes.includes(theme) ? theme : 'auto';
    } catch {
      return 'auto'; // storage refused (private mode, a policy): the OS decides
    }
  }

  function apply(theme) {
    if (theme === 'auto') delete root.dataset.theme;
    else root.dataset.theme = theme;
    // Charts draw with the scheme's colours, so they are drawn again (charts.js).
    document.dispatchEvent(new CustomEvent('perx-theme'));
  }

  let theme = remembered();
  apply(theme);

  document.addEventListener('DOMContentLoaded', () => {
    const button = document.getElementById('theme-switch');
    if (!button) return;
    const show = () => {
      button.textContent = `Theme: ${theme}`;
      button.title = 'Colour scheme: auto follows the system; click for the next one';
    };
    show();
    button.hidden = false;
    button.addEventListener('click', () => {
      theme = themes[(themes.indexOf(theme) + 1) % themes.length];
      try {
        window.localStorage.setItem(key, theme);
      } catch {
        // Not remembered, but still applied to this page.
      }
      apply(theme);
      show();
    });
  });
})();
