// The board, enhanced. Without this script every card already moves through its
// own "Move to…" buttons (one shared form, a button per stage). With it:
// - choosing a stage moves the card in place, without reloading the page;
// - a card can be dragged to a column with a mouse, or by its handle on a touch screen;
// - the handle also moves the card with the keyboard: Space to pick it up, the
//   arrow keys to choose a column, Space to drop it, Escape to cancel;
// every step is announced in the board's live region.
(() => {
  const board = document.querySelector("[data-board]");
  const form = document.getElementById("board-move");
  if (!board || !form) return;
  const live = document.querySelector("[data-board-status]");
  const statusBox = document.querySelector("[data-board-status-box]");
  const statusClose = document.querySelector("[data-board-status-close]");
  const closedLane = board.querySelector("[data-closed-lane]");
  const columns = () => Array.from(board.querySelectorAll(".rb-board-column"));
  const columnOf = (card) => card.closest(".rb-board-column");
  const titleOf = (card) => card.querySelector("[data-card-title]").textContent.trim();

  // The status box stays in view while the board scrolls. What it says is read
  // out (a live region); an offer of the next step is a clear button in it.
  let lastHandle = null; // where the focus goes back to when the box is dismissed
  const offerLink = (offer, card) => {
    const link = document.createElement("a");
    link.href = offer.url;
    link.className = "btn btn-sm btn-primary";
    link.textContent = offer.text;
    const whose = document.createElement("span");
    whose.className = "visually-hidden";
    whose.textContent = ` for ${titleOf(card)}`;
    link.append(whose);
    return link;
  };
  const announce = (text, offer, card) => {
    if (!live) return;
    live.textContent = text;
    statusBox?.classList.remove("rb-board-status-offer");
    if (offer && offer.url && card) {
      live.append(" ", offerLink(offer, card));
      statusBox?.classList.add("rb-board-status-offer");
    }
    if (statusClose) statusClose.hidden = !text;
  };
  // The offer also stays on the card itself, one Tab away from its handle and
  // its Move to…, until the card moves again.
  const offerOnCard = (card, offer) => {
    card.querySelector("[data-card-offer]")?.remove();
    if (!offer || !offer.url) return;
    const row = document.createElement("p");
    row.className = "mb-0 mt-2";
    row.dataset.cardOffer = "";
    row.append(offerLink(offer, card));
    card.querySelector(".card-body").append(row);
  };
  if (statusClose) {
    statusClose.hidden = true;
    statusClose.addEventListener("click", () => {
      announce("");
      (lastHandle?.isConnected ? lastHandle : board.querySelector(".rb-grab"))?.focus();
    });
  }

  // A column's count includes the cards it links to in the list but does not
  // show, so a move adjusts the counts rather than counting cards. Every place
  // that shows a stage's count (its column, the row of stages above the board
  // on a phone, the closed lane's summary and total) says data-count-of.
  const addToCount = (column, change) => {
    const keys = [column.dataset.status];
    if (column.closest("[data-closed-lane]")) keys.push("closed");
    for (const key of keys) {
      document.querySelectorAll(`[data-count-of="${key}"]`).forEach((count) => {
        count.textContent = Math.max(0, Number(count.textContent) + change);
      });
    }
  };

  const move = async (card, column) => {
    const from = columnOf(card);
    if (!column || from === column) return;
    const status = column.dataset.status;
    const button = card.querySelector(`.rb-move-menu button[value="${status}"]`);
    const body = new FormData(form);
    body.set("to_status", status);
    card.classList.add("rb-board-card-moving");
    try {
      const response = await fetch(button.formAction, {
        method: "POST",
        body,
        headers: { Accept: "application/json", "X-CSRFToken": body.get("csrfmiddlewaretoken") },
        credentials: "same-origin",
      });
      const data = response.headers.get("Content-Type")?.includes("json") ? await response.json() : {};
      if (!response.ok || !data.ok) throw new Error(data.error || "That move did not go through.");
      if (data.redirect) {
        // Rejected: the loop's first step, recording what happened, comes next.
        window.location.assign(data.redirect);
        return;
      }
      // A move from the card's own menu keeps the focus on the card, whose
      // chosen button is about to be hidden.
      const fromMenu = Boolean(document.activeElement?.closest(".rb-move-menu"));
      column.querySelector("[data-list]").prepend(card);
      // Its menu now offers every stage but the new one.
      card.querySelectorAll(".rb-move-menu button").forEach((b) => {
        b.hidden = b.value === status;
      });
      card.querySelector("details.rb-move")?.removeAttribute("open");
      if (fromMenu) card.querySelector(".rb-move > summary").focus();
      // A move is news: the "no news for a while" hint no longer applies.
      card.querySelector("[data-quiet]")?.remove();
      addToCount(from, -1);
      addToCount(column, 1);
      lastHandle = card.querySelector(".rb-grab");
      offerOnCard(card, data.offer);
      announce(data.message, data.offer, card);
    } catch (error) {
      const reason = error instanceof TypeError ? "That move did not go through." : error.message;
      announce(`${reason} Try again, or open the card and change its status there.`);
    } finally {
      card.classList.remove("rb-board-card-moving");
    }
  };

  // The stage buttons: move in place instead of reloading the board.
  form.addEventListener("submit", (event) => {
    const button = event.submitter;
    const card = button?.closest("[data-application]");
    const column = card && board.querySelector(`.rb-board-column[data-status="${button.value}"]`);
    if (!column) return; // not shown on this board: let the form go
    event.preventDefault();
    move(card, column);
  });

  const help = document.querySelector("[data-drag-help]");
  if (help) help.hidden = false;

  // Carrying a card (pointer or keyboard) shows every column as a drop target,
  // including the closed stages, opened for the while.
  let closedWasOpen = false;
  const startCarrying = () => {
    board.classList.add("rb-board-dragging");
    if (closedLane) {
      closedWasOpen = closedLane.open;
      closedLane.open = true;
    }
  };
  const stopCarrying = (target) => {
    board.classList.remove("rb-board-dragging");
    columns().forEach((c) => c.classList.remove("rb-board-column-over"));
    // The closed lane stays open only when the card went into it.
    if (closedLane && !closedLane.contains(target)) closedLane.open = closedWasOpen;
  };
  const highlight = (column) => {
    columns().forEach((c) => c.classList.toggle("rb-board-column-over", c === column));
  };

  // Pointer dragging. A mouse drags the card from anywhere but its links and
  // buttons; a finger drags it by its handle, so swiping still scrolls the board.
  const interactive = "a, button:not(.rb-grab), summary, input, select, textarea, label";
  let drag = null;
  // The column under the pointer, looking past the card being carried.
  const columnAt = (x, y) => {
    const under = document.elementsFromPoint(x, y).find((el) => !drag.card.contains(el));
    return under?.closest(".rb-board-column") || null;
  };

  const onPointerMove = (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.started) {
      if (Math.hypot(dx, dy) < 6) return;
      drag.started = true;
      drag.card.classList.add("rb-board-card-dragging");
      startCarrying();
    }
    event.preventDefault();
    // The card follows the pointer, also when the board or the page has scrolled.
    const sx = board.scrollLeft - drag.scrollLeft;
    const sy = window.scrollY - drag.scrollY;
    drag.card.style.transform = `translate(${dx + sx}px, ${dy + sy}px)`;
    drag.over = columnAt(event.clientX, event.clientY);
    highlight(drag.over);
    // Near the board's edge, scroll it so far columns can be reached.
    const edge = board.getBoundingClientRect();
    if (event.clientX > edge.right - 40) board.scrollLeft += 20;
    else if (event.clientX < edge.left + 40) board.scrollLeft -= 20;
    // Near the window's top or bottom, scroll the page: on a wide screen the
    // closed lane is under the columns.
    if (event.clientY > window.innerHeight - 40) window.scrollBy(0, 20);
    else if (event.clientY < 40) window.scrollBy(0, -20);
  };

  const endDrag = (event, cancelled) => {
    if (!drag || event.pointerId !== drag.id) return;
    const { card, started, over } = drag;
    drag = null;
    document.removeEventListener("pointermove", onPointerMove);
    document.removeEventListener("pointerup", onPointerUp);
    document.removeEventListener("pointercancel", onPointerCancel);
    if (!started) return;
    card.classList.remove("rb-board-card-dragging");
    card.style.transform = "";
    const target = cancelled ? null : over;
    stopCarrying(target);
    if (target) move(card, target);
  };
  const onPointerUp = (event) => endDrag(event, false);
  const onPointerCancel = (event) => endDrag(event, true);

  board.addEventListener("pointerdown", (event) => {
    const card = event.target.closest("[data-application]");
    if (!card || drag || event.button !== 0) return;
    const onHandle = Boolean(event.target.closest(".rb-grab"));
    if (!onHandle && (event.pointerType !== "mouse" || event.target.closest(interactive))) return;
    if (!onHandle) event.preventDefault(); // no text selection while dragging
    drag = {
      id: event.pointerId,
      card,
      x: event.clientX,
      y: event.clientY,
      scrollLeft: board.scrollLeft,
      scrollY: window.scrollY,
      started: false,
      over: null,
    };
    document.addEventListener("pointermove", onPointerMove, { passive: false });
    document.addEventListener("pointerup", onPointerUp);
    document.addEventListener("pointercancel", onPointerCancel);
  });
  // The keyboard: each card's handle.
  let carried = null; // { card, handle, index }
  const dropKeyboard = (commit) => {
    if (!carried) return;
    const { card, handle, index } = carried;
    carried = null;
    const target = commit ? columns()[index] : null;
    const moving = Boolean(target && target !== columnOf(card));
    card.classList.remove("rb-board-card-picked");
    handle.setAttribute("aria-pressed", "false");
    stopCarrying(moving ? target : null);
    if (moving) {
      move(card, target).then(() => handle.focus());
    } else {
      announce(`${titleOf(card)} stays in ${columnOf(card).dataset.label}.`);
    }
  };

  board.querySelectorAll("[data-application]").forEach((card) => {
    const handle = document.createElement("button");
    handle.type = "button";
    handle.className = "btn btn-sm btn-outline-secondary rb-grab";
    handle.setAttribute("aria-pressed", "false");
    handle.setAttribute("aria-describedby", "board-help");
    handle.innerHTML = '<span aria-hidden="true">⠿</span><span class="visually-hidden"></span>';
    handle.querySelector(".visually-hidden").textContent = `Drag ${titleOf(card)}`;
    // On the card's last row, beside Move to…, so the title has the card's width.
    card.querySelector("details.rb-move").before(handle);

    handle.addEventListener("keydown", (event) => {
      const keys = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"];
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        if (carried && carried.card === card) {
          dropKeyboard(true);
          return;
        }
        dropKeyboard(false);
        const index = columns().indexOf(columnOf(card));
        carried = { card, handle, index };
        card.classList.add("rb-board-card-picked");
        handle.setAttribute("aria-pressed", "true");
        startCarrying();
        highlight(columns()[index]);
        announce(
          `Picked up ${titleOf(card)} in ${columnOf(card).dataset.label}. ` +
            "Use the arrow keys to choose a column, Space to drop it there, Escape to cancel.",
        );
      } else if (carried && carried.card === card && keys.includes(event.key)) {
        event.preventDefault();
        const all = columns();
        const step = event.key === "ArrowLeft" || event.key === "ArrowUp" ? -1 : 1;
        carried.index = (carried.index + step + all.length) % all.length;
        const column = all[carried.index];
        highlight(column);
        column.scrollIntoView({ block: "nearest", inline: "nearest" });
        announce(`Over ${column.dataset.label}. Space to drop ${titleOf(card)} here.`);
      } else if (carried && carried.card === card && event.key === "Escape") {
        event.preventDefault();
        dropKeyboard(false);
      }
    });
    handle.addEventListener("blur", () => {
      if (carried && carried.card === card) dropKeyboard(false);
    });
  });
})();
