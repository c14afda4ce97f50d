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
// {"saved_at": "10:42", "version": "..."}. A copy of the fields is kept in
// localStorage until the server confirms it, and restored if the page reloads
// with older text (for example after logging in again when the session had
// expired). The copy names the version it was typed over, so a copy older than
// another tab's save is shown beside it rather than saved over it.
//
// Every other edit page (a POST form carrying the loaded_version of a row that
// exists: a story, an application, call preparation...) and every create form
// (one carrying a one-time once_token: a new rejection, story, question,
// application, plan item...) keeps the same copy without saving it: it comes
// back, with a word saying so, after a reload, Back or a Save that met an ended
// session. A create form's copy is kept under the page's address.
//
// A copy goes once the server has the text: a form answered with a redirect was
// saved, and that answer names the address it was sent to in a short-lived
// cookie (accounts/middleware.py, SavedFormCookieMiddleware), read on the next page.
//
// base.html loads this script on every page; logging out clears the copies
// (rebound.js, and the Clear-Site-Data header).
(() => {
  const DELAY_MS = 800;
  const STORE_PREFIX = "rb-autosave:";
  // Copies kept by an older version of this script held the page's version
  // among the fields; they are not read back.
  const COPY_FORMAT = 2;

  const VERSION = "loaded_version";
  const ONCE = "once_token";
  const SAVED_COOKIE = "rb_saved";

  // The hidden loaded_version (accounts/concurrency.py) is kept beside the copy,
  // not in it: it names the saved text the copy was typed over, which is not
  // the same thing as a field the person typed in.
  const fieldsOf = (form) =>
    Array.from(form.elements).filter(
      (el) =>
        el.name &&
        el.name !== "csrfmiddlewaretoken" &&
        !el.name.endsWith(VERSION) &&
        !el.name.endsWith(ONCE) &&
        el.type !== "password" &&
        el.type !== "submit" &&
        el.type !== "button" &&
        el.type !== "file",
    );

  const versionOf = (form) => form.querySelector(`input[name$="${VERSION}"]`);

  // A field that no longer holds what the server sent: typed before this script
  // started (a slow connection), or put back by the browser after a reload or Back.
  const differsFromPage = (el) => {
    if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
    if (el.type === "select-multiple") return Array.from(el.options).some((o) => o.selected !== o.defaultSelected);
    if (el.type === "select-one") {
      // With no option marked selected, the browser shows the first.
      const marked = Array.from(el.options).findLastIndex((o) => o.defaultSelected);
      return el.selectedIndex !== Math.max(marked, 0);
    }
    return el.value !== el.defaultValue;
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

  // Where the form is sent. Not `form.action`: a field named "action" (a story's)
  // stands in its place.
  const actionOf = (form) => new URL(form.getAttribute("action") || location.href, location.href).href;
  const pathOf = (address) => new URL(address, location.href).pathname;

  // The form just saved (see the top of this file): its copies are no longer needed.
  const dropSavedCopies = () => {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith(`${SAVED_COOKIE}=`));
    if (!cookie) return;
    document.cookie = `${SAVED_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax`;
    let saved = null;
    try {
      saved = decodeURIComponent(cookie.slice(SAVED_COOKIE.length + 1));
      Object.keys(localStorage)
        .filter((key) => key.startsWith(STORE_PREFIX))
        .forEach((key) => {
          let copy = null;
          try {
            copy = JSON.parse(localStorage.getItem(key) || "null");
          } catch {
            copy = null;
          }
          if (copy && copy.action === saved) localStorage.removeItem(key);
        });
    } catch {
      // Storage disabled: there are no copies.
    }
  };

  // A create form's copy is kept under the page's address, and where the form is
  // sent when that is elsewhere (a page with several create forms).
  const createKey = (form) => {
    const page = location.pathname + location.search;
    const action = pathOf(actionOf(form));
    return action === location.pathname ? page : `${page} ${action}`;
  };

  // `create`: a form that makes something new, whose copy is kept under the page's address.
  const setUp = (form, create = false) => {
    // No URL: an edit page saved only by its button, of which this browser keeps a copy.
    const url = form.dataset.rbAutosave || null;
    const storeKey = STORE_PREFIX + (form.dataset.rbAutosaveKey || (create ? createKey(form) : actionOf(form)));
    let state = form.querySelector("[data-rb-saved-state]");
    let timer = null;
    let dirty = false;
    let saving = false;

    const say = (text) => {
      if (!state) {
        state = document.createElement("p");
        state.className = "rb-saved-state";
        state.setAttribute("aria-live", "polite");
        form.prepend(state);
      }
      state.textContent = text;
    };

    const version = versionOf(form);

    // `base`: the version of the saved text this copy was typed over.
    const keepCopy = (extra = {}) => {
      const copy = {
        format: COPY_FORMAT,
        values: snapshot(form),
        base: version ? version.value : null,
        action: pathOf(actionOf(form)),
        at: Date.now(),
        ...extra,
      };
      try {
        localStorage.setItem(storeKey, JSON.stringify(copy));
      } catch {
        // Storage full or disabled: the server copy still works.
      }
    };

    const kept = () => {
      try {
        return localStorage.getItem(storeKey) !== null;
      } catch {
        return false;
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
        if (version && data.version) version.value = data.version;
        if (unchanged) {
          dirty = false;
          dropCopy();
        } else {
          keepCopy();
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
      if (!url) return;
      clearTimeout(timer);
      timer = setTimeout(save, DELAY_MS);
    };

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    // The Save button posts everything itself: no beacon needed on the way out.
    form.addEventListener("submit", () => {
      clearTimeout(timer);
      if (!url && (dirty || kept())) keepCopy({ submitted: true });
      dirty = false;
    });

    // Leaving the page with unsaved text: one last try that outlives the tab.
    // FormData(form) carries the form's csrfmiddlewaretoken and the beacon sends
    // Origin, so Django's CSRF check lets it in (tests/test_no_lost_work_create_browser.py).
    window.addEventListener("pagehide", () => {
      if (url && dirty && navigator.sendBeacon) navigator.sendBeacon(url, new FormData(form));
    });

    // Text typed here before and never confirmed by the server comes back.
    let stored = null;
    try {
      stored = JSON.parse(localStorage.getItem(storeKey) || "null");
    } catch {
      stored = null;
    }
    if (!stored || stored.format !== COPY_FORMAT || !stored.values) stored = null;
    // Sent with the Save button, and the row has changed since the copy began:
    // that save went through (were it refused, the page would show the copy's text).
    if (stored && stored.submitted && version && stored.base !== version.value) stored = null;
    const typed = fieldsOf(form).some(differsFromPage);
    if (stored && !sameValues(stored.values, snapshot(form))) {
      restore(form, stored.values);
      // Sent with the version it was typed over: if the text was saved again
      // since (another tab), the save is refused and both texts are shown,
      // instead of one silently replacing the other.
      if (version && typeof stored.base === "string") version.value = stored.base;
      say(
        url
          ? "Restored notes that had not been saved yet. Saving them now."
          : "Restored what you typed here before, which was not saved (perhaps you had been logged out). Press Save to keep it.",
      );
      changed();
    } else if (typed) {
      if (version && stored && typeof stored.base === "string") version.value = stored.base;
      changed();
    } else if (stored && form.querySelector(".is-invalid, .invalid-feedback, .errorlist")) {
      // The form came back refused, with this text in it: the text is not saved yet.
      keepCopy();
    } else {
      dropCopy();
    }
  };

  document.addEventListener("DOMContentLoaded", () => {
    dropSavedCopies();
    document.querySelectorAll("form[data-rb-autosave]").forEach((form) => setUp(form));
    // Every edit page (its form carries the version of a row that exists) keeps
    // a copy of what is typed, so a reload, Back or a session that ended while
    // typing loses nothing.
    document.querySelectorAll('form[method="post" i]:not([data-rb-autosave])').forEach((form) => {
      const version = versionOf(form);
      if (version && version.value && version.value !== "new") setUp(form);
      else if (form.querySelector(`input[name$="${ONCE}"]`)) setUp(form, true);
    });
  });
})();
