// Drag and drop on the board, on top of the Move buttons every card already has.
// Each column has one Move form; a card's Move button submits it to that card's
// URL. Dropping a card posts the same thing (the card's URL, the form's CSRF
// token) with the drop column as the stage; keyboard and touch users keep using
// the column's stage select and the card's Move button.
(() => {
  const board = document.querySelector("[data-board]");
  if (!board) return;
  const live = document.querySelector("[data-board-status]");
  let dragged = null;

  const announce = (text) => {
    if (live) live.textContent = text;
  };

  // A column's count includes the cards it links to in the list but does not
  // show, so a move adjusts the two counts rather than counting cards.
  const addToCount = (column, change) => {
    const count = column.querySelector("[data-count]");
    if (count) count.textContent = Math.max(0, Number(count.textContent) + change);
  };

  const move = async (card, column) => {
    const button = card.querySelector("button[formaction]");
    const form = column.querySelector("form.rb-move-form");
    const from = card.closest(".rb-board-column");
    if (from === column) return;
    const body = new FormData(form);
    body.set("to_status", column.dataset.status);
    const token = body.get("csrfmiddlewaretoken");
    card.classList.add("rb-board-card-moving");
    try {
      const response = await fetch(button.formAction, {
        method: "POST",
        body,
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
      // Its Move button now goes with its new column's form.
      button.setAttribute("form", form.id);
      // A move is news: the "no news for a while" hint no longer applies.
      card.querySelector("[data-quiet]")?.remove();
      addToCount(from, -1);
      addToCount(column, 1);
      announce(data.message);
    } catch (error) {
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
