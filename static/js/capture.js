// The bookmarklet (capture/bookmarklet.py) opens this page with the job page's
// details in the address fragment: put them in the paste form and send it.
// The fragment is never sent anywhere else, and it is cleared at once.
(() => {
  const hash = window.location.hash;
  if (hash.length < 2) return;
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
  window.opener = null;
  const form = document.querySelector("form[action$='/capture/posting/']");
  const failed = document.getElementById("rb-bookmarklet-failed");
  let sent;
  try {
    sent = JSON.parse(decodeURIComponent(hash.slice(1)));
  } catch {
    sent = null;
  }
  if (!form || !sent || typeof sent.page !== "string") {
    if (failed) failed.hidden = false;
    return;
  }
  form.querySelector("[name='url']").value = typeof sent.url === "string" ? sent.url : "";
  form.querySelector("[name='page']").value = sent.page;
  form.requestSubmit();
})();
