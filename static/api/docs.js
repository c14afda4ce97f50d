// Starts Swagger UI on the API docs page (templates/api/docs.html); a file, not an
// inline script, for the CSP.
(function () {
  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") return;
  SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    // Deep links put a link inside each operation's toggle button: nested controls that
    // a screen reader cannot reach (axe: nested-interactive).
    deepLinking: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
