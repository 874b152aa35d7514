/* /docs: Swagger UI from the vendored bundle, reading /openapi.json (no CDN, no inline script). */
window.addEventListener("load", function () {
  "use strict";
  window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,  // the default asks validator.swagger.io: nothing leaves this server
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
