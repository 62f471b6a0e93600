// Progressive enhancement only: every page works without JavaScript.
// Loaded as a module (no inline script), so it runs only where GOV.UK Frontend is supported.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
