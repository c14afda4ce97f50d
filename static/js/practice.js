// Practising out loud: a countdown timer and an in-browser recorder.
// The page works without this file (the rating form is plain HTML); this only adds
// the timer and recording. Recordings never leave the browser.
(() => {
  const clock = (seconds) => {
    const s = Math.max(0, seconds);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  };

  const spoken = (seconds) => {
    if (seconds % 60 === 0) {
      const minutes = seconds / 60;
      return minutes === 1 ? "one minute" : `${minutes} minutes`;
    }
    return `${seconds} seconds`;
  };

  // The visible clock updates every second but is not a live region; only a few
  // moments are announced politely, so a screen reader is not interrupted
  // every second.
  const setUpTimer = () => {
    const root = document.querySelector("[data-rb-timer]");
    if (!root) return;
    const total = parseInt(root.dataset.seconds, 10) || 120;
    const display = root.querySelector("[data-rb-timer-display]");
    const status = root.querySelector("[data-rb-timer-status]");
    const startButton = root.querySelector("[data-rb-timer-start]");
    const resetButton = root.querySelector("[data-rb-timer-reset]");
    const secondsField = document.querySelector("[data-rb-seconds-taken]");
    const fallback = document.querySelector("[data-rb-timer-fallback]");

    let remaining = total;
    let elapsed = 0;
    let ticking = null;
    const announced = new Set();

    const announce = (text) => {
      status.textContent = text;
    };
    const render = () => {
      display.textContent = clock(remaining);
      root.classList.toggle("rb-timer-low", remaining <= 30 && remaining > 0);
      root.classList.toggle("rb-timer-up", remaining <= 0);
      if (secondsField) secondsField.value = elapsed ? String(elapsed) : "";
    };
    const stop = () => {
      clearInterval(ticking);
      ticking = null;
    };
    const tick = () => {
      elapsed += 1;
      remaining = total - elapsed;
      render();
      if (remaining === 60 && total > 60 && !announced.has(60)) {
        announced.add(60);
        announce("One minute left.");
      } else if (remaining === 0) {
        stop();
        startButton.textContent = "Start the timer";
        announce("Time is up. Finish your sentence, then rate your answer.");
      }
    };

    startButton.addEventListener("click", () => {
      if (ticking) {
        stop();
        startButton.textContent = "Carry on";
        announce("Timer paused.");
        return;
      }
      if (remaining <= 0) {
        elapsed = 0;
        remaining = total;
        announced.clear();
        render();
      }
      ticking = setInterval(tick, 1000);
      startButton.textContent = "Pause";
      announce(`Timer started: ${spoken(remaining)}.`);
    });
    resetButton.addEventListener("click", () => {
      stop();
      elapsed = 0;
      remaining = total;
      announced.clear();
      startButton.textContent = "Start the timer";
      render();
      announce(`Timer reset to ${spoken(total)}.`);
    });

    render();
    root.hidden = false;
    if (fallback) fallback.hidden = true;
  };

  const setUpRecorder = () => {
    const root = document.querySelector("[data-rb-recorder]");
    if (!root || !window.MediaRecorder || !navigator.mediaDevices?.getUserMedia) return;
    const startButton = root.querySelector("[data-rb-recorder-start]");
    const stopButton = root.querySelector("[data-rb-recorder-stop]");
    const status = root.querySelector("[data-rb-recorder-status]");
    const audio = root.querySelector("[data-rb-recorder-audio]");
    const save = root.querySelector("[data-rb-recorder-save]");
    let recorder = null;
    let chunks = [];
    let url = null;

    startButton.addEventListener("click", async () => {
      let stream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      } catch {
        status.textContent =
          "Rebound could not use your microphone. Check that this site may use it, then try again.";
        return;
      }
      chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.addEventListener("dataavailable", (event) => {
        if (event.data.size) chunks.push(event.data);
      });
      recorder.addEventListener("stop", () => {
        stream.getTracks().forEach((track) => track.stop());
        if (url) URL.revokeObjectURL(url);
        const blob = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
        url = URL.createObjectURL(blob);
        audio.src = url;
        audio.hidden = false;
        save.href = url;
        save.hidden = false;
        status.textContent = "Recording stopped. Play it back below.";
      });
      recorder.start();
      startButton.disabled = true;
      stopButton.disabled = false;
      status.textContent = "Recording.";
    });

    stopButton.addEventListener("click", () => {
      if (recorder && recorder.state !== "inactive") recorder.stop();
      startButton.disabled = false;
      startButton.textContent = "Record again";
      stopButton.disabled = true;
    });

    window.addEventListener("pagehide", () => {
      if (url) URL.revokeObjectURL(url);
    });
    root.hidden = false;
  };

  document.addEventListener("DOMContentLoaded", () => {
    setUpTimer();
    setUpRecorder();
  });
})();
