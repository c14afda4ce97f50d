// Follow the system's light or dark setting; loaded in <head> so the page never flashes.
(() => {
  const query = window.matchMedia("(prefers-color-scheme: dark)");
  const apply = () => {
    document.documentElement.setAttribute("data-bs-theme", query.matches ? "dark" : "light");
  };
  apply();
  query.addEventListener("change", apply);
  // Paper is white: print in the light theme, then go back to the system's.
  window.addEventListener("beforeprint", () => {
    document.documentElement.setAttribute("data-bs-theme", "light");
  });
  window.addEventListener("afterprint", apply);
})();
