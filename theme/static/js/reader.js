// Reading tools on an article page: 字号 (remembered across pages), 打印, 复制链接, and
// 分享 where the browser can share (the Web Share API; the button stays hidden elsewhere).
// The saved size is applied before first paint by the inline script in base.html
// (dangjian/site/reading_tools.py); this file, loaded with defer, only wires up the buttons.
(function () {
  "use strict";
  var root = document.documentElement;
  var tools = document.querySelector(".reading-tools");
  if (!tools) return;
  var status = tools.querySelector(".tools-status");
  var sizeButtons = tools.querySelectorAll("[data-font-size]");

  function showSize(size) {
    sizeButtons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.fontSize === size));
    });
  }

  function say(message) {
    status.textContent = message;
  }

  showSize(root.dataset.fontSize || "medium");
  sizeButtons.forEach(function (button) {
    button.addEventListener("click", function () {
      var size = button.dataset.fontSize;
      root.dataset.fontSize = size;
      showSize(size);
      try {
        localStorage.setItem("font-size", size);
      } catch (error) {
        // Private browsing may refuse storage: the size still applies on this page.
      }
    });
  });

  tools.querySelector("[data-action=print]").addEventListener("click", function () {
    window.print();
  });

  var copy = tools.querySelector("[data-action=copy-link]");
  copy.addEventListener("click", function () {
    var url = new URL(copy.dataset.url || "", location.href).href;
    if (!navigator.clipboard) {
      say("请复制地址栏中的网址");
      return;
    }
    navigator.clipboard.writeText(url).then(
      function () { say("链接已复制"); },
      function () { say("无法复制，请复制地址栏中的网址"); }
    );
  });

  var share = tools.querySelector("[data-action=share]");
  if (share && typeof navigator.share === "function") {
    share.hidden = false;
    share.addEventListener("click", function () {
      var title = document.querySelector("h1");
      navigator
        .share({
          title: title ? title.textContent.trim() : document.title,
          url: new URL(copy.dataset.url || "", location.href).href,
        })
        .catch(function (error) {
          // The reader closing the share sheet is no failure.
          if (error && error.name !== "AbortError") say("无法分享，请复制链接");
        });
    });
  }
})();
