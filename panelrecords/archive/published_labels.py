"""Fixed labels of published values (outcomes, kinds of panel and record), in the reader's language.

A record's facts carry the English label it was published with; in English the page shows that label, as
published. In another language a value from the fixed lists below is shown translated; any other value (an
authority's own label) stays as published.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from panelrecords.archive.routes import bp
from panelrecords.languages import current_code

LABELS = {
    "outcome": {
        "agreed": _l("Agreed"),
        "agreed_with_conditions": _l("Agreed with conditions"),
        "deferred": _l("Deferred"),
        "refused": _l("Refused"),
    },
    "panel_kind": {
        "decision_to_assess": _l("Decision to assess"),
        "issue_plan": _l("Decision to issue a plan"),
        "placement": _l("Placement"),
        "resource_allocation": _l("Resource allocation"),
        "short_breaks": _l("Short breaks"),
        "other": _l("Other"),
    },
    "kind": {"decision": _l("Panel decision"), "minutes": _l("Board minutes")},
}


@bp.app_template_global("public_label")
def public_label(field: str, value: str | None, published: str | None = None) -> str:
    """The label of ``value``: as published in English, translated from the fixed list in another language."""
    fixed = LABELS.get(field, {}).get(value or "")
    if current_code() == "en" or fixed is None:
        return published or (str(fixed) if fixed is not None else "")
    return str(fixed)
