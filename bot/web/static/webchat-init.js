/* Starts the standard rasa-webchat client with the settings its README documents. */
(function () {
  "use strict";
  var data = document.currentScript.dataset;
  function start(mount) {
    if (!window.WebChat) {
      mount.textContent = "The chat could not load. Please call the clinic.";
      return;
    }
    // selfMount(props, element): with null it would add its own #rasaWebchatPro div instead.
    window.WebChat.default(
      {
        socketUrl: data.socketUrl,
        socketPath: "/socket.io/",
        customData: { language: "en" },
        title: data.title,
        initPayload: "/greet",
        inputTextFieldHint: "Type your question",
        params: { storage: "local" },
      },
      mount
    );
  }
  var mount = document.createElement("div");
  mount.id = "rasa-webchat";
  document.body.appendChild(mount);
  start(mount);
})();
