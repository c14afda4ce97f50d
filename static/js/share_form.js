// On "Share something": show only the fields that apply to the chosen kind and
// way. Without JavaScript every field shows, each saying when it applies.
// A field with an error always stays in view, and hidden fields keep what was typed.
(() => {
  document.addEventListener("DOMContentLoaded", () => {
    const kind = document.getElementById("id_kind");
    const way = document.getElementById("id_way");
    if (!kind || !way) return;
    const applies = {
      rejection: () => kind.value === "rejection",
      plan: () => kind.value === "plan",
      include_salary: () => kind.value === "pipeline",
      include_notes: () => kind.value === "pipeline",
      invited_email: () => way.value === "invitation",
      expires_on: () => way.value === "link",
    };
    const update = () => {
      Object.entries(applies).forEach(([name, applied]) => {
        const holder = document.getElementById(`div_id_${name}`);
        if (!holder) return;
        holder.hidden = !applied() && !holder.querySelector(".is-invalid");
      });
    };
    kind.addEventListener("change", update);
    way.addEventListener("change", update);
    update();
  });
})();
