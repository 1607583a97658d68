// e-SAKIP behaviour without inline scripts (CSP forbids them).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el instanceof HTMLSelectElement && el.classList.contains("sakip-autosubmit") && el.form) {
    el.form.submit();
  }
});
// Buttons with data-confirm ask before a workflow action; the text names the consequence.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const message = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
