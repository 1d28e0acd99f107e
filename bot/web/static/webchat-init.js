/* Starts the standard rasa-webchat client with the settings its README documents. */
(function () {
  "use strict";
  var data = document.currentScript.dataset;
  function start() {
    if (!window.WebChat) {
      return;
    }
    window.WebChat.default(
      {
        selector: "#rasa-webchat",
        socketUrl: data.socketUrl,
        socketPath: "/socket.io/",
        customData: { language: "en" },
        title: data.title,
        initPayload: "/greet",
        inputTextFieldHint: "Type your question",
        params: { storage: "local" },
      },
      null
    );
  }
  var mount = document.createElement("div");
  mount.id = "rasa-webchat";
  document.body.appendChild(mount);
  start();
})();
