// Starts Swagger UI on the API's own OpenAPI document, with no remote validator badge;
// kept out of the HTML so a strict Content-Security-Policy holds.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
    validatorUrl: null });
});
