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

// Idle sign-out (sakip.accounts.middleware): the server ends a session nobody used for a while.
// Typing and clicking are use too, so the page reports them (at most once a minute); shortly before
// the end the page asks the server how long is left (another tab may have been used), warns with a
// countdown, and when the time is up goes to the login page, which says why.
(() => {
  const body = document.body;
  if (!body || !body.dataset.idleSeconds) {
    return;
  }
  const timeout = Number(body.dataset.idleSeconds) * 1000;
  const warnBefore = Number(body.dataset.idleWarningSeconds) * 1000;
  const url = body.dataset.sessionUrl;
  const warning = document.getElementById("idle-warning");
  const countdown = warning && warning.querySelector("[data-idle-countdown]");
  const csrf = (() => {
    try {
      return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  })();
  let deadline = Date.now() + timeout;
  let lastReport = Date.now();
  let asking = false;
  let askedForDeadline = 0;

  const hideWarning = () => {
    if (warning) warning.hidden = true;
  };
  const signedOut = (loginUrl) => {
    const next = encodeURIComponent(window.location.pathname + window.location.search);
    window.location.assign(`${loginUrl || "/akun/masuk/?idle=1"}&next=${next}`);
  };
  const reportActivity = () => {
    lastReport = Date.now();
    fetch(url, { method: "POST", headers: { "X-CSRFToken": csrf }, credentials: "same-origin" })
      .then((response) => {
        if (response.status === 204) {
          deadline = Date.now() + timeout;
          hideWarning();
        }
      })
      .catch(() => {});
  };
  const askServer = () => {
    asking = true;
    askedForDeadline = deadline;
    fetch(url, {
      headers: { "X-Sakip-Passive": "1", Accept: "application/json" },
      credentials: "same-origin",
    })
      .then((response) => response.json().then((data) => ({ status: response.status, data })))
      .then(({ status, data }) => {
        if (status === 401 || data.seconds_left === 0) {
          signedOut(data.login_url);
          return;
        }
        if (data.seconds_left === null) {
          deadline = Infinity;
          return;
        }
        deadline = Date.now() + data.seconds_left * 1000;
        askedForDeadline = deadline > Date.now() + warnBefore ? 0 : deadline;
      })
      .catch(() => {})
      .finally(() => {
        asking = false;
      });
  };
  const onActivity = () => {
    if ((warning && !warning.hidden) || Date.now() - lastReport > 60000) {
      reportActivity();
    }
  };
  ["keydown", "pointerdown", "input"].forEach((type) =>
    document.addEventListener(type, onActivity, { passive: true }),
  );
  const stay = document.getElementById("idle-stay");
  if (stay) stay.addEventListener("click", reportActivity);

  window.setInterval(() => {
    const left = deadline - Date.now();
    if (left > warnBefore) {
      hideWarning();
      return;
    }
    if (!asking && askedForDeadline !== deadline) {
      askServer();
      return;
    }
    if (left <= 0 && !asking) {
      askServer();
      return;
    }
    if (warning && countdown && askedForDeadline === deadline) {
      const seconds = Math.max(0, Math.ceil(left / 1000));
      countdown.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
      warning.hidden = false;
    }
  }, 1000);
})();

// A link to a tab of a detail page ("…/indikator/7/#pane-files", the evidence of an indicator)
// opens that tab; the address follows the tab chosen, so a link copied from the bar opens it too.
(() => {
  const TAB_HASH = /^#pane-[a-z0-9-]+$/;
  const showTabOfHash = () => {
    const hash = window.location.hash;
    if (!TAB_HASH.test(hash) || !window.bootstrap) {
      return;
    }
    const trigger = document.querySelector(`[data-bs-toggle="tab"][data-bs-target="${hash}"]`);
    if (trigger) {
      window.bootstrap.Tab.getOrCreateInstance(trigger).show();
    }
  };
  document.addEventListener("shown.bs.tab", (event) => {
    const target = event.target.getAttribute("data-bs-target");
    if (target && TAB_HASH.test(target)) {
      window.history.replaceState(null, "", target);
    }
  });
  window.addEventListener("hashchange", showTabOfHash);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showTabOfHash);
  } else {
    showTabOfHash();
  }
})();
