// The routine player: a countdown per step, cue text, optional spoken cues
// (speechSynthesis) and an optional cadence metronome (WebAudio, scheduled ahead).
// Time is measured from the clock, not counted by timers, so a throttled tab keeps
// time. A screen wake lock is asked for while playing, where the browser offers it.
// ?speed=N (1-100) plays N times faster (used by tests). What is recorded is what was
// done: the time spent on the steps (paused time left out, a skipped step's rest not
// counted) and the steps played to their end, never the routine's own length.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("routine-data").textContent);
  var steps = data.timeline;
  var speed = Math.min(100, Math.max(1, Number(new URLSearchParams(location.search).get("speed")) || 1));
  var el = function (id) { return document.getElementById(id); };
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var index = 0, stepEnds = 0, leftMs = steps.length ? steps[0].seconds * 1000 : 0;
  var playing = false, tick = null, wakeLock = null, finished = false;
  var spentMs = 0, stepsDone = 0;  // in the routine's time (speed taken out)

  function clock(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function speak(text) {
    if (!el("speak").checked || !("speechSynthesis" in window)) return;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
  }

  function show() {
    var step = steps[index];
    el("progress").textContent = "Step " + (index + 1) + " of " + steps.length;
    el("now").textContent = step.label;
    el("clock").textContent = clock(leftMs);
    var cues = el("cues");
    cues.textContent = "";
    step.cues.forEach(function (c) {
      var li = document.createElement("li");
      li.textContent = c;
      cues.appendChild(li);
    });
    var following = steps[index + 1];
    el("next").textContent = following ? "Next: " + following.label : "Last step";
    document.getElementById("player").dataset.phase = step.phase;
  }

  function announce() {
    var step = steps[index];
    speak(step.label + ". " + step.cues.join(". "));
  }

  // -- metronome: beats scheduled 0.2 s ahead on the audio clock ------------------
  var audio = null, nextBeat = 0, beatTimer = null;
  function beat(at) {
    var osc = audio.createOscillator(), gain = audio.createGain();
    osc.frequency.value = 1000;
    gain.gain.setValueAtTime(0.25, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.05);
    osc.connect(gain).connect(audio.destination);
    osc.start(at);
    osc.stop(at + 0.06);
  }
  function schedule() {
    var spm = Math.min(220, Math.max(120, Number(el("spm").value) || 170));
    while (nextBeat < audio.currentTime + 0.2) {
      beat(nextBeat);
      nextBeat += 60 / spm;
    }
  }
  function metronome(on) {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    if (on && playing && el("metronome").checked) {
      audio = audio || new Ctx();
      audio.resume();
      if (!beatTimer) {
        nextBeat = audio.currentTime + 0.05;
        beatTimer = setInterval(schedule, 50);
      }
    } else if (beatTimer) {
      clearInterval(beatTimer);
      beatTimer = null;
    }
  }

  // -- wake lock ---------------------------------------------------------------
  function keepAwake(on) {
    if (on && "wakeLock" in navigator && !wakeLock) {
      navigator.wakeLock.request("screen").then(function (lock) { wakeLock = lock; }, function () {});
    } else if (!on && wakeLock) {
      wakeLock.release();
      wakeLock = null;
    }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && playing) { wakeLock = null; keepAwake(true); }
  });

  // Leaving the current step with `leftAtLeave` ms of it not done.
  function leave(leftAtLeave, skipped) {
    spentMs += Math.max(0, steps[index].seconds * 1000 - leftAtLeave);
    if (!skipped) stepsDone += 1;
  }

  function advance() {
    index += 1;
    if (index >= steps.length) { finish(); return; }
    leftMs = steps[index].seconds * 1000;
    stepEnds = Date.now() + leftMs / speed;
    show();
    announce();
  }

  function update() {
    var now = Date.now();
    while (playing && now >= stepEnds) {
      var overshoot = now - stepEnds;
      leave(0, false);
      advance();
      if (!playing) return;
      stepEnds -= overshoot;
    }
    leftMs = (stepEnds - now) * speed;
    el("clock").textContent = clock(leftMs);
  }

  function play() {
    if (finished) return;
    playing = true;
    stepEnds = Date.now() + leftMs / speed;
    tick = setInterval(update, Math.max(20, 250 / speed));
    var hadFocus = document.activeElement === el("start");
    el("start").disabled = true;
    el("pause").disabled = false;
    el("skip").disabled = false;
    if (hadFocus) el("pause").focus(); // keyboard users keep their place: Start -> Pause
    if (index === 0 && leftMs === steps[0].seconds * 1000) announce();
    keepAwake(true);
    metronome(true);
  }

  function pause() {
    playing = false;
    clearInterval(tick);
    leftMs = Math.max(0, (stepEnds - Date.now()) * speed);
    el("start").disabled = false;
    el("start").textContent = "Resume";
    var hadFocus = document.activeElement === el("pause");
    el("pause").disabled = true;
    if (hadFocus) el("start").focus();
    keepAwake(false);
    metronome(false);
  }

  function finish() {
    playing = false;
    finished = true;
    clearInterval(tick);
    metronome(false);
    keepAwake(false);
    el("clock").textContent = "0:00";
    el("now").textContent = "Done";
    el("cues").textContent = "";
    el("next").textContent = "";
    // the routine is over: no button is left that does nothing (no disabled "Resume")
    ["start", "pause", "skip"].forEach(function (id) { el(id).hidden = true; });
    speak("Done. Well done.");
    var done = el("done");
    done.hidden = false;
    done.tabIndex = -1;
    done.focus();
    done.textContent = "Done. Recording it…";
    fetch("/api/routines/" + encodeURIComponent(data.name) + "/done", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify({ seconds_done: Math.round(spentMs) / 1000, steps_done: stepsDone }),
      credentials: "same-origin"
    }).then(function (r) { return r.json(); }).then(function (body) {
      done.textContent = body.message || (body.error && body.error.message) || "Done.";
    }, function () {
      done.textContent = "Done, but it could not be recorded: is backstride still running?";
    });
  }

  el("start").addEventListener("click", play);
  el("pause").addEventListener("click", pause);
  el("skip").addEventListener("click", function () {
    if (!playing) return;
    leave(Math.max(0, (stepEnds - Date.now()) * speed), true);
    advance();
  });
  el("metronome").addEventListener("change", function () { metronome(el("metronome").checked); });
  if (steps.length) show();
})();
