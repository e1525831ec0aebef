// Starts Swagger UI (served from django-ninja's own files) with the settings the page carries
// in a data attribute: Doorstep's Content Security Policy allows no inline script at all.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var settings = JSON.parse(root.dataset.settings);
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  SwaggerUIBundle(settings);
})();
