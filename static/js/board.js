// Drag and drop on the board, on top of the Move form every card already has.
// Dropping a card posts that same form (same URL, same CSRF token); keyboard
// and touch users keep using the form itself.
(() => {
  const board = document.querySelector("[data-board]");
  if (!board) return;
  const live = document.querySelector("[data-board-status]");
  let dragged = null;

  const announce = (text) => {
    if (live) live.textContent = text;
  };

  const updateCounts = () => {
    document.querySelectorAll(".rb-board-column").forEach((column) => {
      const count = column.querySelector("[data-count]");
      if (count) count.textContent = column.querySelectorAll("[data-application]").length;
    });
  };

  const move = async (card, column) => {
    const form = card.querySelector("form.rb-move-form");
    const select = form.querySelector("select[name='to_status']");
    const status = column.dataset.status;
    // The select offers the next stage, so "already here" is the card's column.
    if (card.closest(".rb-board-column") === column) return;
    const previous = select.value;
    select.value = status;
    const token = form.querySelector("input[name='csrfmiddlewaretoken']").value;
    card.classList.add("rb-board-card-moving");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json", "X-CSRFToken": token },
        credentials: "same-origin",
      });
      const data = response.headers.get("Content-Type")?.includes("json") ? await response.json() : {};
      if (!response.ok || !data.ok) throw new Error(data.error || "That move did not go through.");
      if (data.redirect) {
        window.location.assign(data.redirect);
        return;
      }
      column.querySelector("[data-list]").prepend(card);
      // A move is news: the "no news for a while" hint no longer applies.
      card.querySelector("[data-quiet]")?.remove();
      updateCounts();
      announce(data.message);
    } catch (error) {
      select.value = previous;
      const reason = error instanceof TypeError ? "That move did not go through." : error.message;
      announce(`${reason} Try the Move button on the card.`);
    } finally {
      card.classList.remove("rb-board-card-moving");
    }
  };

  board.closest("main").querySelectorAll("[data-application]").forEach((card) => {
    card.draggable = true;
    card.addEventListener("dragstart", (event) => {
      dragged = card;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.dataset.application);
      card.classList.add("rb-board-card-dragging");
    });
    card.addEventListener("dragend", () => {
      card.classList.remove("rb-board-card-dragging");
      dragged = null;
    });
  });

  document.querySelectorAll(".rb-board-column").forEach((column) => {
    column.addEventListener("dragover", (event) => {
      if (!dragged) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      column.classList.add("rb-board-column-over");
    });
    column.addEventListener("dragleave", (event) => {
      if (!column.contains(event.relatedTarget)) column.classList.remove("rb-board-column-over");
    });
    column.addEventListener("drop", (event) => {
      event.preventDefault();
      column.classList.remove("rb-board-column-over");
      if (dragged) move(dragged, column);
    });
  });
})();
