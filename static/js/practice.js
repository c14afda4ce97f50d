// Practising out loud: a countdown timer, an in-browser recorder and the
// browser's own speech recognition where it runs on the device.
// The page works without this file (the rating form and the transcript box are
// plain HTML); this only adds the timer, recording and speaking as text. A recording leaves the
// browser only when the person asks for it as text: it is converted here to
// 16 kHz mono WAV (Web Audio API) and sent with the rating to Rebound's own
// server, whose task worker deletes it as soon as the text exists.
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

  const SAMPLE_RATE = 16000;

  // A recording (any format the browser can play) as 16 kHz mono 16-bit PCM WAV.
  const toWav = async (blob) => {
    const bytes = await blob.arrayBuffer();
    const decoded = await new OfflineAudioContext(1, 1, SAMPLE_RATE).decodeAudioData(bytes);
    const length = Math.max(1, Math.ceil(decoded.duration * SAMPLE_RATE));
    const offline = new OfflineAudioContext(1, length, SAMPLE_RATE);
    const source = offline.createBufferSource();
    source.buffer = decoded;
    source.connect(offline.destination);
    source.start();
    const samples = (await offline.startRendering()).getChannelData(0);
    const buffer = new ArrayBuffer(44 + samples.length * 2);
    const view = new DataView(buffer);
    const text = (offset, value) => {
      for (let i = 0; i < value.length; i += 1) view.setUint8(offset + i, value.charCodeAt(i));
    };
    text(0, "RIFF");
    view.setUint32(4, 36 + samples.length * 2, true);
    text(8, "WAVE");
    text(12, "fmt ");
    view.setUint32(16, 16, true);
    view.setUint16(20, 1, true); // PCM
    view.setUint16(22, 1, true); // mono
    view.setUint32(24, SAMPLE_RATE, true);
    view.setUint32(28, SAMPLE_RATE * 2, true);
    view.setUint16(32, 2, true);
    view.setUint16(34, 16, true);
    text(36, "data");
    view.setUint32(40, samples.length * 2, true);
    samples.forEach((sample, i) => {
      const clamped = Math.max(-1, Math.min(1, sample));
      view.setInt16(44 + i * 2, clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff, true);
    });
    return { wav: new Blob([buffer], { type: "audio/wav" }), seconds: decoded.duration };
  };

  // With "Turn my recording into text" ticked, saving the rating sends the
  // latest recording with it, as WAV in the form's file field. The server's
  // task worker turns it into text; the answer's page shows "Listening…" until then.
  const setUpSending = (root, latestRecording, status) => {
    const form = document.querySelector("[data-rb-attempt-form]");
    const field = form?.querySelector("[data-rb-audio-field]");
    const choice = root.querySelector("[data-rb-send-choice]");
    const tick = root.querySelector("[data-rb-send-recording]");
    const secondsField = document.querySelector("[data-rb-seconds-taken]");
    const maxSeconds = parseInt(root.dataset.rbMaxSeconds, 10) || 600;
    if (!("rbTranscribe" in root.dataset) || !form || !field || !tick) return () => {};
    let sending = false;
    form.addEventListener("submit", async (event) => {
      const recording = latestRecording();
      if (sending || !recording || !tick.checked) return;
      event.preventDefault();
      sending = true;
      status.textContent = "Getting your recording ready to send.";
      try {
        const { wav, seconds } = await toWav(recording);
        if (seconds > maxSeconds) {
          status.textContent = `This recording is longer than ${Math.floor(maxSeconds / 60)} minutes, so Rebound cannot turn it into text. Record a shorter answer, or type it.`;
          sending = false;
          return;
        }
        const files = new DataTransfer();
        files.items.add(new File([wav], "answer.wav", { type: "audio/wav" }));
        field.files = files.files;
        if (secondsField && !secondsField.value && seconds >= 1) {
          secondsField.value = String(Math.round(seconds));
        }
      } catch {
        status.textContent =
          "Rebound could not read that recording, so only your rating and any text are saved.";
      }
      form.requestSubmit();
    });
    return (ready) => {
      choice.hidden = !ready;
    };
  };

  // On an answer's page while the worker listens: ask every few seconds, and
  // show the text and its measures once they are there.
  const setUpListening = () => {
    const root = document.querySelector("[data-rb-listening]");
    if (!root) return;
    const url = root.dataset.rbStatusUrl;
    const started = Date.now();
    const ask = async () => {
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (response.ok && !(await response.json()).listening) {
          window.location.reload();
          return;
        }
      } catch {
        // A dropped connection: try again on the next turn.
      }
      if (Date.now() - started < 15 * 60 * 1000) setTimeout(ask, 2000);
    };
    setTimeout(ask, 1000);
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
    let recording = null;
    let stopTimer = null;
    const maxSeconds = parseInt(root.dataset.rbMaxSeconds, 10) || 600;
    const showTranscribe = setUpSending(root, () => recording, status);

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
        recording = blob;
        showTranscribe(true);
        url = URL.createObjectURL(blob);
        audio.src = url;
        audio.hidden = false;
        save.href = url;
        save.hidden = false;
        status.textContent = "Recording stopped. Play it back below.";
      });
      recorder.start();
      recording = null;
      showTranscribe(false);
      // Answers are short: stop at the length the server accepts.
      clearTimeout(stopTimer);
      stopTimer = setTimeout(() => {
        if (recorder && recorder.state !== "inactive") stopButton.click();
      }, maxSeconds * 1000);
      startButton.disabled = true;
      stopButton.disabled = false;
      status.textContent = "Recording.";
    });

    stopButton.addEventListener("click", () => {
      clearTimeout(stopTimer);
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

  // The browser's own speech recognition, used only in its on-device mode (the
  // Web Speech API's SpeechRecognition.available() with processLocally, then
  // recognition.processLocally = true). Without that mode most browsers send
  // the voice to their maker's servers, so then this route is not offered and
  // there is no fallback to it. The text goes into the answer's box, where the
  // person can change it; the recording, if any, is then not sent.
  const setUpOnDevice = () => {
    const root = document.querySelector("[data-rb-on-device]");
    const box = document.querySelector("[data-rb-attempt-form] textarea[name=transcript]");
    if (!root || !box) return;
    const status = root.querySelector("[data-rb-on-device-status]");
    const otherRoutes = root.querySelector("[data-rb-on-device-else]");
    const startButton = root.querySelector("[data-rb-on-device-start]");
    const stopButton = root.querySelector("[data-rb-on-device-stop]");
    const installButton = root.querySelector("[data-rb-on-device-install]");
    const sendTick = document.querySelector("[data-rb-send-recording]");
    const secondsField = document.querySelector("[data-rb-seconds-taken]");
    const recorder = document.querySelector("[data-rb-recorder]");
    const maxSeconds = parseInt(recorder?.dataset.rbMaxSeconds, 10) || 600;
    const lang = document.documentElement.lang || "en";
    const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;

    const say = (text, { offered = false } = {}) => {
      status.textContent = text;
      otherRoutes.hidden = offered;
    };
    const show = (button, visible) => {
      button.hidden = !visible;
    };

    if (
      !Recognition ||
      typeof Recognition.available !== "function" ||
      !("processLocally" in Recognition.prototype)
    ) {
      say(
        "Not offered in this browser: it cannot promise to keep your voice on this device, and most browsers send speech to their maker's servers to turn it into text."
      );
      return;
    }

    let checks = 0;
    const check = async () => {
      let state;
      try {
        state = await Recognition.available({ langs: [lang], processLocally: true });
      } catch {
        state = "unknown";
      }
      show(startButton, state === "available");
      show(installButton, state === "downloadable");
      if (state === "available") {
        say(
          "This browser can turn what you say into text on this device. Your voice stays here: nothing is sent to Rebound or anyone else.",
          { offered: true }
        );
      } else if (state === "downloadable") {
        say(
          "Not offered yet: this browser can turn speech into text on this device once it has downloaded its English speech files. The download comes from the browser's maker; no voice is sent."
        );
      } else if (state === "downloading") {
        say(
          "Not offered yet: this browser is downloading its English speech files. Rebound will offer it here when the download is done."
        );
        checks += 1;
        if (checks < 120) setTimeout(check, 5000);
      } else if (state === "unavailable") {
        say(
          "Not offered in this browser: it cannot turn English speech into text on this device, and Rebound does not use speech recognition that sends your voice elsewhere."
        );
      } else {
        say(
          "Not offered in this browser: it did not say whether it can turn speech into text on this device."
        );
      }
    };

    installButton.addEventListener("click", async () => {
      installButton.disabled = true;
      say("Downloading the speech files. This can take a few minutes.");
      let installed = false;
      try {
        installed = await Recognition.install({ langs: [lang] });
      } catch {
        installed = false;
      }
      installButton.disabled = false;
      if (installed) {
        checks = 0;
        await check();
      } else {
        say(
          "The speech files did not download, so transcribing on this device is not offered. You can try again later."
        );
      }
    });

    let recognition = null;
    let stopTimer = null;
    const settle = () => {
      clearTimeout(stopTimer);
      recognition = null;
      box.readOnly = false;
      show(stopButton, false);
      show(startButton, true);
    };
    startButton.addEventListener("click", () => {
      const listening = new Recognition();
      listening.processLocally = true;
      if (listening.processLocally !== true) {
        say("Not offered in this browser: it would not promise to keep your voice on this device.");
        show(startButton, false);
        return;
      }
      listening.lang = lang;
      listening.continuous = true;
      listening.interimResults = true;
      const before = box.value.trim();
      const startedAt = Date.now();
      let heard = "";
      let problem = "";

      listening.addEventListener("result", (event) => {
        const parts = [];
        for (let i = 0; i < event.results.length; i += 1) {
          const part = event.results[i][0]?.transcript?.trim();
          if (part) parts.push(part);
        }
        heard = parts.join(" ");
        box.value = [before, heard].filter(Boolean).join(" ");
      });
      listening.addEventListener("error", (event) => {
        if (event.error === "not-allowed") {
          problem =
            "Rebound could not use your microphone. Check that this site may use it, then try again.";
        } else if (event.error === "no-speech") {
          problem = "No speech was heard. Try again, a little closer to the microphone.";
        } else if (event.error !== "aborted") {
          problem =
            "This browser stopped turning speech into text on this device. Nothing was sent anywhere. You can try again, or type your answer.";
        }
      });
      listening.addEventListener("end", () => {
        settle();
        startButton.textContent = "Transcribe again";
        if (heard) {
          // This answer has its text: its recording, if any, is not sent.
          const recorded = sendTick && !sendTick.closest("[data-rb-send-choice]")?.hidden;
          if (sendTick) sendTick.checked = false;
          const seconds = Math.round((Date.now() - startedAt) / 1000);
          if (secondsField && !secondsField.value && seconds >= 1) {
            secondsField.value = String(seconds);
          }
          say(
            `Done. Your words are in the box below: change anything misheard, then save your rating.${recorded ? " Your recording will not be sent." : ""}`,
            { offered: true }
          );
        } else {
          say(problem || "No words were heard, so the box is as it was.", { offered: true });
        }
      });

      recognition = listening;
      box.readOnly = true;
      show(startButton, false);
      show(stopButton, true);
      say("Listening on this device. Speak your answer, then press Stop transcribing.", {
        offered: true,
      });
      stopTimer = setTimeout(() => recognition?.stop(), maxSeconds * 1000);
      try {
        listening.start();
      } catch {
        settle();
        say("This browser could not start listening. You can try again, or type your answer.", {
          offered: true,
        });
      }
    });

    stopButton.addEventListener("click", () => {
      recognition?.stop();
    });

    check();
  };

  document.addEventListener("DOMContentLoaded", () => {
    setUpTimer();
    setUpRecorder();
    setUpOnDevice();
    setUpListening();
  });
})();
