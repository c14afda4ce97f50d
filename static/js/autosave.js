// Autosave for writing pages: nothing typed is lost if the tab closes or the
// session ends. The page works without this script (its form has a Save button).
//
// Markup:
//   <form method="post" data-rb-autosave="/url/of/json/endpoint/"
//         data-rb-autosave-key="a-key-unique-to-this-page">
//     ... fields, {% csrf_token %} ...
//     <p data-rb-saved-state aria-live="polite"></p>
//   </form>
//
// The endpoint takes the same POST fields as the form and answers JSON
// {"saved_at": "10:42"}. A copy of the fields is kept in localStorage until
// the server confirms it, and restored if the page reloads with older text
// (for example after logging in again when the session had expired).
(() => {
  const DELAY_MS = 800;
  const STORE_PREFIX = "rb-autosave:";

  // The hidden loaded_version is left out of the browser's copy: putting an old
  // version back into a reopened page made every later save look like a
  // conflict with another tab (issue 15). The page always carries the version
  // the server gave it, so a real conflict is still noticed.
  const fieldsOf = (form) =>
    Array.from(form.elements).filter(
      (el) =>
        el.name &&
        el.name !== "csrfmiddlewaretoken" &&
        !el.name.endsWith("loaded_version") &&
        el.type !== "submit" &&
        el.type !== "button" &&
        el.type !== "file",
    );

  // Logging out clears every draft kept in this browser, so the next person
  // to use it finds none of this person's text.
  const clearAll = () => {
    try {
      Object.keys(localStorage)
        .filter((key) => key.startsWith(STORE_PREFIX))
        .forEach((key) => localStorage.removeItem(key));
    } catch {
      // Storage disabled: nothing was kept.
    }
  };

  const valueOf = (el) => {
    if (el.type === "checkbox") return el.checked ? "on" : "";
    if (el.type === "radio") return el.checked ? el.value : null;
    return el.value;
  };

  const snapshot = (form) => {
    const values = {};
    fieldsOf(form).forEach((el, index) => {
      const value = valueOf(el);
      if (value === null) return;
      values[`${index}:${el.name}`] = value;
    });
    return values;
  };

  const restore = (form, values) => {
    fieldsOf(form).forEach((el, index) => {
      const key = `${index}:${el.name}`;
      if (el.type === "radio") {
        if (key in values) el.checked = values[key] === el.value;
        return;
      }
      if (!(key in values)) return;
      if (el.type === "checkbox") el.checked = values[key] === "on";
      else el.value = values[key];
    });
  };

  const sameValues = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  const setUp = (form) => {
    const url = form.dataset.rbAutosave;
    const storeKey = STORE_PREFIX + (form.dataset.rbAutosaveKey || form.action);
    const state = form.querySelector("[data-rb-saved-state]");
    let timer = null;
    let dirty = false;
    let saving = false;

    const say = (text) => {
      if (state) state.textContent = text;
    };

    const keepCopy = () => {
      try {
        localStorage.setItem(storeKey, JSON.stringify({ values: snapshot(form), at: Date.now() }));
      } catch {
        // Storage full or disabled: the server copy still works.
      }
    };

    const dropCopy = () => {
      try {
        localStorage.removeItem(storeKey);
      } catch {
        // Nothing to drop.
      }
    };

    const save = async () => {
      if (saving) {
        timer = setTimeout(save, DELAY_MS);
        return;
      }
      saving = true;
      const sent = snapshot(form);
      say("Saving…");
      try {
        const response = await fetch(url, {
          method: "POST",
          body: new FormData(form),
          headers: { Accept: "application/json", "X-Requested-With": "fetch" },
          credentials: "same-origin",
          redirect: "manual",
        });
        const json = response.ok && (response.headers.get("Content-Type") || "").includes("application/json");
        if (!json) {
          // A redirect here means the session ended: keep the local copy.
          if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
            say("Not saved: you have been logged out. Log in again and your notes will come back.");
          } else {
            const data = response.status === 400 ? await response.json().catch(() => null) : null;
            say(data && data.message ? data.message : "Not saved yet. Your notes are kept in this browser; Rebound will try again.");
          }
          return;
        }
        const data = await response.json();
        const unchanged = sameValues(sent, snapshot(form));
        // The page now holds the version just saved, so the next save is not
        // mistaken for one made over another tab's (accounts/concurrency.py).
        const version = form.querySelector('input[name$="loaded_version"]');
        if (version && data.version) version.value = data.version;
        if (unchanged) {
          dirty = false;
          dropCopy();
        }
        say(`Saved ${data.saved_at}`);
      } catch {
        say("Not saved yet: no connection. Your notes are kept in this browser; Rebound will try again.");
        timer = setTimeout(save, DELAY_MS * 10);
      } finally {
        saving = false;
      }
    };

    const changed = () => {
      dirty = true;
      keepCopy();
      clearTimeout(timer);
      timer = setTimeout(save, DELAY_MS);
    };

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    // The Save button posts everything itself: no beacon needed on the way out.
    form.addEventListener("submit", () => {
      clearTimeout(timer);
      dirty = false;
    });

    // Leaving the page with unsaved text: one last try that outlives the tab.
    window.addEventListener("pagehide", () => {
      if (dirty && navigator.sendBeacon) navigator.sendBeacon(url, new FormData(form));
    });

    // Text typed here before and never confirmed by the server comes back.
    let stored = null;
    try {
      stored = JSON.parse(localStorage.getItem(storeKey) || "null");
    } catch {
      stored = null;
    }
    if (stored && stored.values) {
      if (sameValues(stored.values, snapshot(form))) {
        dropCopy();
      } else {
        restore(form, stored.values);
        say("Restored notes that had not been saved yet. Saving them now.");
        changed();
      }
    }
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-rb-autosave]").forEach(setUp);
    document.querySelectorAll('form[action$="/accounts/logout/"]').forEach((form) => {
      form.addEventListener("submit", clearAll);
    });
  });
})();
