/* magbot's web chat widget: one script tag, no framework, no build step.
 *
 *   <script src="https://faq.example/widget.js" defer></script>
 *
 * It mounts into #magbot if the page has one (or the element named by data-magbot-target), else it
 * adds a "Questions?" button that opens a panel. It talks to the service the script came from (or
 * data-magbot-url), keeps the conversation's state token and transcript in sessionStorage so a reload
 * continues it, and inserts every text from the bot with textContent, never as HTML. It lives in a
 * shadow root so the host page's styles and the widget's cannot disturb each other.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  const config = script ? script.dataset : {};
  const base = new URL(config.magbotUrl || ".", script ? script.src : location.href);
  if (!base.pathname.endsWith("/")) base.pathname += "/"; // "https://x/faq" means the service at /faq/
  const storageKey = "magbot:" + base.href;
  const maxEntries = 60; // transcript entries kept across reloads
  // A paste longer than this is sent as its opening and its ending (the question is usually last),
  // under the service's 64 KiB body limit; the service then reads it by its own rule and says so.
  const maxSend = 24000;
  // A phone number in an urgent reply (911, 116 123, 1-800-222-1222) becomes a tel: link.
  const phone = /(^|[^\w-])(\d{2,4}(?:[ -]\d{2,4}){0,3})(?![\w-])/g;
  const labels = { emergency: "Emergency", prompt: "Get medical advice soon" };

  /** Create an element with attributes and children; strings become text nodes, never markup. */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child != null) node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function load() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(storageKey));
      if (saved && Array.isArray(saved.log)) return saved;
    } catch (err) {
      /* storage blocked or damaged: start afresh */
    }
    return { state: null, log: [] };
  }

  let saved = load();
  let busy = false;

  function save() {
    saved.log = saved.log.slice(-maxEntries);
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(saved));
    } catch (err) {
      /* private mode or full: the conversation still works until a reload */
    }
  }

  /* -- the frame ------------------------------------------------------------------------------ */
  let host = document.querySelector(config.magbotTarget || "#magbot");
  const floating = !host;
  if (floating) host = document.body.appendChild(el("div", { class: "magbot-host" }));
  const root = host.attachShadow({ mode: "open" });
  const uid = "magbot-" + Math.random().toString(36).slice(2, 8);

  const log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Conversation",
    tabindex: "0" });
  const input = el("input", { id: uid + "-q", type: "text", autocomplete: "off",
    placeholder: "Ask a question", enterkeyhint: "send" });
  const send = el("button", { type: "submit", class: "send" }, "Send");
  const waiting = el("p", { class: "waiting", hidden: "", "aria-hidden": "true" }, "magbot is looking that up\u2026");
  const form = el("form", { class: "ask", onsubmit: (event) => { event.preventDefault(); ask(input.value); } },
    el("label", { for: input.id, class: "visually-hidden" }, "Your question"), input, send);
  const reset = el("button", { type: "button", class: "reset", onclick: startOver }, "Start over");
  const title = config.magbotTitle || "Questions and answers";
  const panel = el("section", { class: "panel", "aria-label": title },
    el("header", {}, el("h2", {}, title), reset), log, waiting, form);
  const frame = el("div", { class: floating ? "magbot floating" : "magbot", hidden: "" });
  const stylesheet = el("link", { rel: "stylesheet", href: new URL("widget.css", base).href });
  const reveal = () => {
    frame.removeAttribute("hidden");
    log.scrollTop = log.scrollHeight; // a restored conversation opens at its latest turn
  };
  /* The panel fits its place: an element with a height of its own is filled; otherwise the panel
   * takes the window's height below where it starts (at least 20rem), so the input and Send are on
   * screen on load, on a phone below the host page's heading as on a desktop. */
  const ownHeight = !floating && host.clientHeight > 0;
  function fit() {
    if (floating) return;
    if (ownHeight) {
      frame.style.setProperty("--magbot-height", host.clientHeight + "px");
      return;
    }
    const viewport = window.visualViewport ? window.visualViewport.height : window.innerHeight;
    const top = Math.max(0, host.getBoundingClientRect().top + window.scrollY);
    const below = viewport - top - 8;
    const least = 20 * parseFloat(getComputedStyle(document.documentElement).fontSize || "16");
    frame.style.setProperty("--magbot-height", Math.round(below >= least ? below : viewport - 16) + "px");
  }
  fit();
  window.addEventListener("resize", fit);
  stylesheet.addEventListener("load", reveal);
  stylesheet.addEventListener("error", reveal);
  root.append(stylesheet, frame);

  if (floating) {
    const openLabel = config.magbotOpen || "Questions? Ask here";
    const opener = el("button", { type: "button", class: "opener", "aria-expanded": "false",
      "aria-controls": uid + "-panel" }, openLabel);
    panel.id = uid + "-panel";
    panel.hidden = true;
    const toggle = (open) => {
      panel.hidden = !open;
      if (open) log.scrollTop = log.scrollHeight;
      opener.setAttribute("aria-expanded", String(open));
      opener.textContent = open ? "Close" : openLabel;
      (open ? input : opener).focus();
    };
    opener.addEventListener("click", () => toggle(panel.hidden));
    panel.addEventListener("keydown", (event) => { if (event.key === "Escape") toggle(false); });
    frame.append(panel, opener);
  } else {
    frame.append(panel);
  }

  /* -- rendering ------------------------------------------------------------------------------ */
  /** "emergency", "prompt" or null; replies from before triage levels mark emergencies as urgent. */
  function triageOf(reply) {
    return reply.triage !== undefined && reply.triage !== null ? reply.triage
      : reply.kind === "urgent" ? "emergency" : null;
  }

  function botMessage(reply) {
    const level = triageOf(reply);
    const message = el("div", { class: "msg bot kind-" + reply.kind + (level ? " triage-" + level : "") },
      el("span", { class: "visually-hidden" }, "magbot says: "));
    if (level) {
      message.setAttribute("role", "alert"); // said at once, not after whatever is being read
      message.append(el("p", { class: "badge" }, labels[level] || level));
    }
    if (reply.notice) message.append(el("p", { class: "notice" }, String(reply.notice)));
    message.append(el("p", { class: "text" }, ...(level ? withPhoneLinks(String(reply.text || ""))
      : [String(reply.text || "")])));
    if (reply.source) message.append(el("p", { class: "source" }, "From: " + reply.source));
    const questions = Array.isArray(reply.suggestions) ? reply.suggestions : [];
    if (questions.length) {
      const group = el("div", { class: "choices", role: "group",
        "aria-label": reply.kind === "clarify" ? "Which did you mean?" : "You could ask" });
      for (const question of questions) {
        group.append(el("button", { type: "button", class: "choice", onclick: () => ask(String(question)) },
          String(question)));
      }
      message.append(group);
    }
    if (reply.kind === "answer" && reply.reply_id) message.append(feedback(String(reply.reply_id)));
    if (reply.caveat) message.append(el("p", { class: "caveat" }, String(reply.caveat)));
    return message;
  }

  /** Text and tel: links for the phone numbers in it, as nodes (never markup). */
  function withPhoneLinks(text) {
    const parts = [];
    let at = 0;
    for (const match of text.matchAll(phone)) {
      const number = match[2];
      const digits = number.replace(/\D/g, "");
      if (digits.length < 3) continue;
      const start = match.index + match[1].length;
      parts.push(text.slice(at, start), el("a", { href: "tel:" + digits, class: "tel" }, number));
      at = start + number.length;
    }
    parts.push(text.slice(at));
    return parts.filter((part) => part !== "");
  }

  /** "Helpful? Yes / No" under an answer, sent once to the service's review log. */
  function feedback(replyId) {
    const row = el("p", { class: "feedback" }, "Helpful? ");
    const vote = async (verdict) => {
      row.replaceChildren("Thanks for telling us.");
      try {
        await call("v1/feedback", { reply_id: replyId, verdict });
      } catch (err) {
        /* the review log is off, or the service is gone: the answer stands either way */
      }
    };
    row.append(el("button", { type: "button", class: "vote", onclick: () => vote("yes") }, "Yes"), " ",
      el("button", { type: "button", class: "vote", onclick: () => vote("no") }, "No"));
    return row;
  }

  function render(entry) {
    if (entry.who === "user") {
      return el("div", { class: "msg user" }, el("span", { class: "visually-hidden" }, "You asked: "), entry.text);
    }
    if (entry.who === "error") return el("div", { class: "msg error", role: "alert" }, entry.text);
    return botMessage(entry.reply);
  }

  let lastQuestion = null;

  /** Show an entry; a reply is scrolled into view from its question down, so a long one is read
   * from its start. */
  function add(entry, keep = true) {
    if (keep) {
      saved.log.push(entry);
      save();
    }
    // Only the newest reply's buttons stay in the tab order; older ones still answer a click.
    for (const old of log.querySelectorAll(".choice, .vote")) old.tabIndex = -1;
    const node = log.appendChild(render(entry));
    if (entry.who === "user") lastQuestion = node;
    const top = (entry.who === "user" || !lastQuestion ? node : lastQuestion).offsetTop - 8;
    const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
    log.scrollTo({ top, behavior: still ? "auto" : "smooth" });
  }

  /* -- talking to the service ------------------------------------------------------------------ */
  async function call(path, body) {
    let response;
    try {
      response = await fetch(new URL(path, base), body === undefined ? {} : {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    } catch (err) {
      throw new Error("The chat service at " + base.origin + " could not be reached. It may be down, or not " +
        "allow this site. Please try again later.");
    }
    let data = null;
    try {
      data = await response.json();
    } catch (err) {
      /* not JSON: reported below */
    }
    if (!response.ok || !data) {
      const detail = data && data.error ? data.error : {};
      const error = new Error("The chat service answered with an error (" + response.status + ")" +
        (detail.message ? ": " + detail.message : "") + ". Please try again.");
      error.code = detail.code;
      throw error;
    }
    return data;
  }

  function setBusy(on) {
    busy = on;
    send.disabled = on;
    waiting.hidden = !on;
    if (on) log.setAttribute("aria-busy", "true");
    else log.removeAttribute("aria-busy");
  }

  async function ask(text) {
    let question = String(text).trim();
    if (!question || busy) return;
    if (question.length > maxSend) question = question.slice(0, maxSend / 2) + "\n\n" + question.slice(-maxSend / 2);
    setBusy(true);
    input.value = "";
    add({ who: "user", text: question });
    try {
      let reply;
      try {
        reply = await call("v1/ask", { text: question, state: saved.state });
      } catch (err) {
        if (err.code !== "invalid_state") throw err;
        saved.state = null; // the service was re-keyed or restarted with another secret: go on afresh
        reply = await call("v1/ask", { text: question, state: null });
      }
      saved.state = reply.state || null;
      delete reply.state;
      add({ who: "bot", reply });
    } catch (err) {
      add({ who: "error", text: err.message }, false);
      if (!input.value) input.value = question;
    } finally {
      setBusy(false);
    }
  }

  async function greet() {
    try {
      add({ who: "bot", reply: await call("v1/welcome") });
    } catch (err) {
      add({ who: "error", text: err.message }, false);
    }
  }

  function startOver() {
    saved = { state: null, log: [] };
    lastQuestion = null;
    save();
    log.replaceChildren();
    greet();
    input.focus();
  }

  if (saved.log.length) {
    for (const entry of saved.log) add(entry, false);
  } else {
    greet();
  }
})();
