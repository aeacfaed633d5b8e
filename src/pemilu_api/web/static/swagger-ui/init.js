// Starts Swagger UI on the API's own OpenAPI document, with no remote validator badge;
// kept out of the HTML so a strict Content-Security-Policy holds. No deep links: Swagger UI puts
// them as links inside each operation's toggle button (axe: nested-interactive).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: false,
    validatorUrl: null });
  // Swagger UI draws its "Servers" select without a label (axe: select-name); name it each time
  // it is drawn.
  var root = document.getElementById("swagger-ui");
  var label = function () {
    root.querySelectorAll(".servers select:not([aria-label])").forEach(function (select) {
      select.setAttribute("aria-label", "Server");
    });
  };
  new MutationObserver(label).observe(root, { childList: true, subtree: true });
  label();
});
