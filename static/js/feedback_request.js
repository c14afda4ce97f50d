// On "Ask for feedback": say straight away when the chosen contact is not the
// person who made the decision. Without JavaScript the request page says it after saving.
(() => {
  document.addEventListener("DOMContentLoaded", () => {
    const holder = document.querySelector("[data-rb-decision-makers]");
    const warning = document.querySelector("[data-rb-not-decision-maker]");
    if (!holder || !warning) return;
    const deciders = new Set(holder.dataset.rbDecisionMakers.split(",").filter(Boolean));
    const radios = document.querySelectorAll("input[type='radio'][name='contact']");
    const update = () => {
      const chosen = Array.from(radios).find((radio) => radio.checked);
      warning.hidden = !chosen || deciders.has(chosen.value);
    };
    radios.forEach((radio) => radio.addEventListener("change", update));
    update();
  });
})();
