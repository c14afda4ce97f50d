// Small enhancements on top of pages that already work without JavaScript.
(() => {
  // Move focus to the first field with an error so keyboard and screen-reader
  // users land where the fix is needed.
  const focusFirstError = () => {
    const invalid = document.querySelector(".is-invalid, [aria-invalid='true']");
    if (invalid) {
      invalid.focus();
      return;
    }
    const summary = document.querySelector("[data-rb-error-summary]");
    if (summary) summary.focus();
  };

  // A link in the error summary puts the focus in its field, not only scrolls to it.
  const setUpErrorSummaryLinks = () => {
    document.querySelectorAll("[data-rb-error-summary] a[href^='#']").forEach((link) => {
      link.addEventListener("click", (event) => {
        const field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field) return;
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      });
    });
  };

  // Buttons marked data-rb-copy="#id" copy that element's text to the clipboard.
  const setUpCopyButtons = () => {
    document.querySelectorAll("[data-rb-copy]").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", async () => {
        const source = document.querySelector(button.dataset.rbCopy);
        if (!source) return;
        const text = "value" in source ? source.value : source.textContent;
        try {
          await navigator.clipboard.writeText(text);
          button.dataset.rbLabel ??= button.textContent;
          button.textContent = "Copied";
          setTimeout(() => { button.textContent = button.dataset.rbLabel; }, 2000);
        } catch {
          source.select?.();
        }
      });
    });
  };

  // Forms marked data-rb-confirm="message" ask before a destructive action.
  const setUpConfirm = () => {
    document.querySelectorAll("form[data-rb-confirm]").forEach((form) => {
      form.addEventListener("submit", (event) => {
        if (!window.confirm(form.dataset.rbConfirm)) event.preventDefault();
      });
    });
  };

  // Logging out clears the drafts autosave.js keeps in this browser, so the next
  // person at this computer finds none of this person's words. (The logout
  // answer also sends Clear-Site-Data, for browsers that honour it.)
  const setUpLogout = () => {
    document.querySelectorAll("form[data-rb-logout]").forEach((form) => {
      form.addEventListener("submit", () => {
        try {
          Object.keys(localStorage)
            .filter((key) => key.startsWith("rb-autosave:"))
            .forEach((key) => localStorage.removeItem(key));
        } catch {
          // Storage disabled: nothing was kept.
        }
      });
    });
  };

  // A form that creates something (it carries a one-time token) shows its button
  // as working once sent and ignores a second press or a second Enter. The server
  // saves it once anyway (accounts/once.py); after a while the button works again,
  // so an answer lost on the way can be retried safely.
  const SENDING_LABEL = "Saving…";
  const RETRY_AFTER_MS = 15000;
  const sendingButtons = (form) =>
    form.querySelectorAll("button[type='submit'], button:not([type]), input[type='submit']");
  const resetSending = (form) => {
    delete form.dataset.rbSending;
    form.removeAttribute("aria-busy");
    sendingButtons(form).forEach((button) => {
      button.classList.remove("disabled");
      button.removeAttribute("aria-disabled");
      if (button.dataset.rbSendLabel !== undefined) {
        button.textContent = button.dataset.rbSendLabel;
        delete button.dataset.rbSendLabel;
      }
    });
  };
  const setUpSubmitOnce = () => {
    const forms = [...document.querySelectorAll("form")].filter((form) =>
      form.querySelector("input[name='once_token']"),
    );
    forms.forEach((form) => {
      form.addEventListener("submit", (event) => {
        if (event.defaultPrevented) return;
        if (form.dataset.rbSending) {
          event.preventDefault();
          return;
        }
        form.dataset.rbSending = "true";
        form.setAttribute("aria-busy", "true");
        // Disabled only in look: a disabled button would drop its own name and value.
        const pressed = event.submitter || sendingButtons(form)[0];
        sendingButtons(form).forEach((button) => {
          button.classList.add("disabled");
          button.setAttribute("aria-disabled", "true");
        });
        if (pressed && pressed.tagName === "BUTTON") {
          pressed.dataset.rbSendLabel = pressed.textContent;
          pressed.textContent = SENDING_LABEL;
        }
        setTimeout(() => resetSending(form), RETRY_AFTER_MS);
      });
    });
    // Back to a page the browser kept in memory: its buttons work again.
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) forms.forEach(resetSending);
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    focusFirstError();
    setUpLogout();
    setUpErrorSummaryLinks();
    setUpCopyButtons();
    setUpConfirm();
    setUpSubmitOnce();
  });
})();
