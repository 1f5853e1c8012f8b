// Starts GOV.UK Frontend's components. Pages work without it: it only adds behaviour.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

// Suggest the reader's own language, from the browser's settings, with a link (never a redirect). The page is
// the same for every reader of its address, so a shared cache may keep it; without JavaScript the list of
// languages above does the same job.
function suggestLanguage() {
  const box = document.getElementById("language-suggestion");
  const links = document.querySelectorAll("#languages a[hreflang][data-suggestion]");
  if (!box || !links.length) return;
  const primary = (tag) => (tag || "").toLowerCase().split("-")[0];
  const page = primary(document.documentElement.lang);
  for (const wanted of navigator.languages || [navigator.language]) {
    if (primary(wanted) === page) return;
    const link = Array.from(links).find((a) => primary(a.hreflang) === primary(wanted));
    if (link) {
      const suggestion = document.createElement("a");
      suggestion.className = "govuk-link";
      suggestion.setAttribute("href", link.getAttribute("href"));
      suggestion.hreflang = link.hreflang;
      suggestion.lang = link.lang;
      suggestion.dir = link.dir;
      suggestion.textContent = link.dataset.suggestion;
      box.replaceChildren(suggestion);
      box.hidden = false;
      return;
    }
  }
}

suggestLanguage();
