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

  document.addEventListener("DOMContentLoaded", () => {
    focusFirstError();
    setUpLogout();
    setUpErrorSummaryLinks();
    setUpCopyButtons();
    setUpConfirm();
  });
})();
