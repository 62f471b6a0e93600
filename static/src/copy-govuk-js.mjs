// Copies GOV.UK Frontend's script into static/ without its source-map comment: the map
// is not shipped, and Django's manifest storage fails on a reference to a missing file.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";

const source = "node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js";
const script = readFileSync(source, "utf8").replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
mkdirSync("static/govuk", { recursive: true });
writeFileSync("static/govuk/govuk-frontend.min.js", script);
