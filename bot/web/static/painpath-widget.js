/*!
 * PainPath chat widget (Apache-2.0). One script tag talks to Rasa's Socket.IO channel.
 * Bot text is added as DOM text nodes and links, never as HTML, so message text cannot run code.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.PainPathWidget) {
    return;
  }

  var data = script.dataset;
  var settings = {
    serverUrl: data.serverUrl || "http://localhost:5005",
    socketPath: data.socketPath || "/socket.io/",
    title: data.title || "Clinic assistant",
    primaryColor: data.primaryColor || "#0b5cad",
    greeting: data.greeting || "",
    notice: data.notice || "General information only, not medical advice. In an emergency, call 911.",
    launcherLabel: data.launcherLabel || "Chat with us",
  };
  var assetBase = new URL(".", script.src).href;
  var storagePrefix = "painpath:" + settings.serverUrl + ":";
  var MAX_HISTORY = 200;
  var TYPING_TIMEOUT_MS = 30000;
  var URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
  var TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

  // ---- storage: localStorage when allowed, memory otherwise ----
  var memoryStore = {};
  function readStored(key, fallback) {
    var raw;
    try {
      raw = window.localStorage.getItem(storagePrefix + key);
    } catch (error) {
      raw = memoryStore[key];
    }
    if (raw === null || raw === undefined) {
      return fallback;
    }
    try {
      return JSON.parse(raw);
    } catch (error) {
      return fallback;
    }
  }
  function writeStored(key, value) {
    var raw = JSON.stringify(value);
    try {
      window.localStorage.setItem(storagePrefix + key, raw);
    } catch (error) {
      memoryStore[key] = raw;
    }
  }
  function removeStored(key) {
    try {
      window.localStorage.removeItem(storagePrefix + key);
    } catch (error) {
      delete memoryStore[key];
    }
  }

  // ---- colours: pick readable text for the clinic's colour (WCAG 4.5:1) ----
  function luminance(hex) {
    var match = /^#?([0-9a-f]{6})$/i.exec(hex);
    if (!match) {
      return null;
    }
    var value = parseInt(match[1], 16);
    var channels = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map(function (c) {
      var s = c / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  }
  function contrast(l1, l2) {
    return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  }
  function paletteFor(primary) {
    var dark = "#1b1b1b";
    var l = luminance(primary);
    if (l === null) {
      primary = "#0b5cad";
      l = luminance(primary);
    }
    var onPrimary = contrast(l, 1) >= contrast(l, luminance(dark)) ? "#ffffff" : dark;
    var ink = contrast(l, 1) >= 4.5 ? primary : dark;
    return { primary: primary, onPrimary: onPrimary, ink: ink };
  }

  // ---- DOM helpers ----
  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }
  function appendLinkedText(parent, text) {
    var last = 0;
    text.replace(URL_PATTERN, function (found, offset) {
      var url = found.replace(TRAILING_PUNCTUATION, "");
      if (offset > last) {
        parent.appendChild(document.createTextNode(text.slice(last, offset)));
      }
      var link = element("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url);
      parent.appendChild(link);
      last = offset + url.length;
      return found;
    });
    if (last < text.length) {
      parent.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  // ---- build the widget ----
  var palette = paletteFor(settings.primaryColor);
  var root = element("div", { class: "pp-root" });
  root.style.setProperty("--pp-primary", palette.primary);
  root.style.setProperty("--pp-on-primary", palette.onPrimary);
  root.style.setProperty("--pp-ink", palette.ink);

  var launcher = element(
    "button",
    { type: "button", class: "pp-launcher", "aria-expanded": "false", "aria-controls": "pp-dialog" },
    settings.launcherLabel
  );
  var dialog = element("section", {
    id: "pp-dialog",
    class: "pp-dialog",
    role: "dialog",
    "aria-modal": "true",
    "aria-labelledby": "pp-title",
    "aria-describedby": "pp-notice",
  });
  dialog.hidden = true;

  var header = element("div", { class: "pp-header" });
  var title = element("h2", { id: "pp-title", class: "pp-title" }, settings.title);
  var restart = element("button", { type: "button", class: "pp-icon-button pp-restart" }, "Start over");
  var close = element("button", { type: "button", class: "pp-icon-button pp-close", "aria-label": "Close chat" }, "\u00d7");
  header.appendChild(title);
  header.appendChild(restart);
  header.appendChild(close);

  var notice = element("p", { id: "pp-notice", class: "pp-notice" }, settings.notice);
  var log = element("div", {
    class: "pp-log",
    role: "log",
    "aria-live": "polite",
    "aria-relevant": "additions",
    "aria-label": "Conversation",
    tabindex: "0",
  });
  var typing = element("div", { class: "pp-typing", "aria-hidden": "true" });
  typing.appendChild(element("span", { class: "pp-dot" }));
  typing.appendChild(element("span", { class: "pp-dot" }));
  typing.appendChild(element("span", { class: "pp-dot" }));
  typing.hidden = true;
  var status = element("p", { class: "pp-status", role: "status" });

  var form = element("form", { class: "pp-form" });
  var label = element("label", { for: "pp-input", class: "pp-visually-hidden" }, "Type your message");
  var input = element("input", {
    id: "pp-input",
    class: "pp-input",
    type: "text",
    autocomplete: "off",
    maxlength: "1000",
    placeholder: "Type your question",
  });
  var send = element("button", { type: "submit", class: "pp-send" }, "Send");
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);

  dialog.appendChild(header);
  dialog.appendChild(notice);
  dialog.appendChild(log);
  dialog.appendChild(typing);
  dialog.appendChild(status);
  dialog.appendChild(form);
  root.appendChild(dialog);
  root.appendChild(launcher);

  // ---- conversation state ----
  var history = readStored("history", []);
  if (!Array.isArray(history)) {
    history = [];
  }
  var sessionId = readStored("session", null);
  var socket = null;
  var sessionConfirmed = false;
  var outbox = [];
  var typingTimer = null;

  function removeQuickReplies() {
    Array.prototype.forEach.call(log.querySelectorAll(".pp-quick-replies"), function (group) {
      group.parentNode.removeChild(group);
    });
  }
  function renderQuickReplies(buttons) {
    var group = element("div", { class: "pp-quick-replies", role: "group", "aria-label": "Suggested replies" });
    buttons.forEach(function (button) {
      var choice = element("button", { type: "button", class: "pp-quick-reply" }, button.title);
      choice.addEventListener("click", function () {
        sendToBot(button.payload, button.title);
      });
      group.appendChild(choice);
    });
    log.appendChild(group);
  }
  function render(entry, isLatest) {
    var bubble = element("div", { class: "pp-message pp-from-" + entry.from });
    var who = element("span", { class: "pp-visually-hidden" }, entry.from === "user" ? "You said: " : "Assistant: ");
    bubble.appendChild(who);
    if (entry.from === "bot") {
      appendLinkedText(bubble, entry.text);
    } else {
      bubble.appendChild(document.createTextNode(entry.text));
    }
    log.appendChild(bubble);
    if (isLatest && entry.buttons && entry.buttons.length) {
      renderQuickReplies(entry.buttons);
    }
    log.scrollTop = log.scrollHeight;
  }
  function remember(entry) {
    history.push(entry);
    if (history.length > MAX_HISTORY) {
      history = history.slice(history.length - MAX_HISTORY);
    }
    writeStored("history", history);
    removeQuickReplies();
    render(entry, true);
  }
  function renderHistory() {
    log.textContent = "";
    history.forEach(function (entry, index) {
      render(entry, index === history.length - 1);
    });
  }
  function setTyping(on) {
    typing.hidden = !on;
    window.clearTimeout(typingTimer);
    if (on) {
      typingTimer = window.setTimeout(function () {
        typing.hidden = true;
      }, TYPING_TIMEOUT_MS);
    }
  }
  function showStatus(text) {
    status.textContent = text;
  }

  // ---- talking to Rasa ----
  function flush() {
    while (socket && sessionConfirmed && outbox.length) {
      socket.emit("user_uttered", { message: outbox.shift(), session_id: sessionId });
    }
  }
  function sendToBot(payload, shownText) {
    var text = String(payload || "").trim();
    if (!text) {
      return;
    }
    remember({ from: "user", text: String(shownText || text) });
    outbox.push(text);
    setTyping(true);
    connect();
    flush();
  }
  function botButtons(message) {
    var raw = message.quick_replies || message.buttons || [];
    return raw
      .filter(function (b) {
        return b && (b.title || b.payload);
      })
      .map(function (b) {
        return { title: String(b.title || b.payload), payload: String(b.payload || b.title) };
      });
  }
  function onBotUttered(message) {
    setTyping(false);
    showStatus("");
    message = message || {};
    var text = typeof message.text === "string" ? message.text : "";
    var attachment = message.attachment && message.attachment.payload;
    if (attachment && attachment.src) {
      text = (text ? text + "\n" : "") + attachment.src;
    }
    var buttons = botButtons(message);
    if (text || buttons.length) {
      remember({ from: "bot", text: text, buttons: buttons });
    }
  }
  function newSessionId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID().replace(/-/g, "");
    }
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }
  function openSocket() {
    socket = window.io(settings.serverUrl, { path: settings.socketPath, transports: ["websocket", "polling"] });
    socket.on("connect", function () {
      sessionConfirmed = false;
      socket.emit("session_request", { session_id: sessionId });
    });
    socket.on("session_confirm", function (confirmed) {
      var id = confirmed && typeof confirmed === "object" ? confirmed.session_id : confirmed;
      sessionId = id || sessionId;
      writeStored("session", sessionId);
      sessionConfirmed = true;
      showStatus("");
      flush();
    });
    socket.on("bot_uttered", onBotUttered);
    socket.on("connect_error", function () {
      setTyping(false);
      showStatus("The assistant cannot be reached right now. Please try again later.");
    });
  }
  function connect() {
    if (socket) {
      return;
    }
    if (!sessionId) {
      sessionId = newSessionId();
    }
    if (window.io) {
      openSocket();
      return;
    }
    socket = { emit: function () {} };
    var loader = element("script", { src: assetBase + "vendor/socket.io.min.js" });
    loader.onload = openSocket;
    loader.onerror = function () {
      socket = null;
      showStatus("The chat could not load. Please try again later.");
    };
    document.head.appendChild(loader);
  }

  // ---- opening, closing, keyboard ----
  var FOCUSABLE = "button:not([disabled]), input:not([disabled]), a[href], [tabindex='0']";
  function focusables() {
    return Array.prototype.filter.call(dialog.querySelectorAll(FOCUSABLE), function (node) {
      return node.offsetParent !== null || node === document.activeElement;
    });
  }
  function keepFocusInside(event) {
    // Tab from the last control goes to the first, Shift+Tab from the first to the last.
    if (event.key !== "Tab") {
      return;
    }
    var nodes = focusables();
    if (!nodes.length) {
      return;
    }
    var first = nodes[0];
    var last = nodes[nodes.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }
  function bringFocusBack(event) {
    if (!dialog.hidden && !root.contains(event.target)) {
      input.focus();
    }
  }
  function open() {
    dialog.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    root.classList.add("pp-open");
    document.documentElement.classList.add("pp-page-locked");
    document.addEventListener("focusin", bringFocusBack);
    if (!history.length && settings.greeting) {
      remember({ from: "bot", text: settings.greeting, buttons: [] });
    }
    connect();
    input.focus();
  }
  function closeDialog() {
    document.removeEventListener("focusin", bringFocusBack);
    dialog.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    root.classList.remove("pp-open");
    document.documentElement.classList.remove("pp-page-locked");
    launcher.focus();
  }
  function startOver() {
    history = [];
    removeStored("history");
    removeStored("session");
    if (socket && socket.disconnect) {
      socket.disconnect();
    }
    socket = null;
    sessionId = null;
    sessionConfirmed = false;
    outbox = [];
    setTyping(false);
    renderHistory();
    if (settings.greeting) {
      remember({ from: "bot", text: settings.greeting, buttons: [] });
    }
    connect();
    input.focus();
  }

  launcher.addEventListener("click", function () {
    if (dialog.hidden) {
      open();
    } else {
      closeDialog();
    }
  });
  close.addEventListener("click", closeDialog);
  restart.addEventListener("click", startOver);
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      closeDialog();
      return;
    }
    keepFocusInside(event);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    sendToBot(text, text);
  });

  var stylesheet = element("link", { rel: "stylesheet", href: assetBase + "painpath-widget.css" });
  document.head.appendChild(stylesheet);
  function mount() {
    document.body.appendChild(root);
    renderHistory();
  }
  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
  window.PainPathWidget = { open: open, close: closeDialog };
})();
