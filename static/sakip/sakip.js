// e-SAKIP behaviour without inline scripts (CSP forbids them).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el instanceof HTMLSelectElement && el.classList.contains("sakip-autosubmit") && el.form) {
    el.form.submit();
  }
});

// Forms marked data-guard-unsaved remember that something was typed in them. Sending another
// form of the page (a delete, an acknowledgement) or leaving the page asks first, so typed input
// is never thrown away without a word. The form's own buttons send what is typed, so they pass.
const dirtyForms = new Set();
const markDirty = (event) => {
  const form = event.target && event.target.form;
  if (form && form.hasAttribute("data-guard-unsaved")) {
    dirtyForms.add(form);
  }
};
document.addEventListener("input", markDirty);
document.addEventListener("change", markDirty);
let leavingBySubmit = false;

// Buttons with data-confirm ask before a workflow action; the text names the consequence.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = event.submitter;
  const unsaved = [...dirtyForms].find((dirty) => dirty !== form);
  if (unsaved) {
    const warning = unsaved.dataset.guardUnsaved || document.documentElement.dataset.unsavedMessage;
    if (warning && !window.confirm(warning)) {
      event.preventDefault();
      return;
    }
  }
  const message = (button && button.dataset.confirm) || form.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
    return;
  }
  leavingBySubmit = true;
});

window.addEventListener("beforeunload", (event) => {
  if (dirtyForms.size && !leavingBySubmit) {
    event.preventDefault();
  }
});
