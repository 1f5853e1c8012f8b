"""What the search page shows, prepared from a search (or its error) so the template stays simple."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from flask import get_template_attribute, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from panelrecords.errors import ValidationFailed
from panelrecords.filters import format_date, format_number
from panelrecords.languages import current_code, translate, without_language
from panelrecords.services import archive

# Where each parameter's error message links to on the page.
_ERROR_TARGETS = {"from": "#from-day", "to": "#to-day", "sort": "#sort"}
_PAGE_WINDOW = 2  # page links either side of the current page


def _clean_args(args) -> MultiDict:
    """The parameters a link should keep (dates as ISO, no page, nothing unknown)."""
    kept = MultiDict()
    if args.get("q", "").strip():
        kept.add("q", args.get("q", "").strip()[: archive.MAX_QUERY_CHARS])
    for param in archive.FACET_PARAMS:
        for value in dict.fromkeys(v.strip() for v in args.getlist(param) if v.strip()):
            kept.add(param, value)
    if args.get("sort") in archive.SORT_LABELS:
        kept.add("sort", args["sort"])
    return kept


def _date_parts(args, name: str, value: date | None) -> dict[str, str]:
    if value is not None:
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    raw = (args.get(name) or "").strip()
    if raw:
        parts = raw.split("-")
        return {
            "day": parts[2][:2] if len(parts) > 2 else "",
            "month": parts[1][:2] if len(parts) > 1 else "",
            "year": parts[0][:4],
        }
    return {part: (args.get(f"{name}-{part}") or "").strip()[:4] for part in ("day", "month", "year")}


@dataclass
class SearchView:
    q: str
    sort: str
    dates: dict[str, dict[str, str]]
    error: ValidationFailed | None = None
    total: int = 0
    page: int = 1
    pages: int = 1
    results: list[dict] = field(default_factory=list)
    facets: list[dict] = field(default_factory=list)
    selected: list[dict] = field(default_factory=list)
    suggestion: dict | None = None
    pagination: dict | None = None
    csv_href: str = ""
    searched: bool = False

    @property
    def error_summary(self) -> dict | None:
        if self.error is None:
            return None
        target = _ERROR_TARGETS.get(self.error.field or "", "#q")
        message = translate(self.error.message)
        return {"titleText": _("There is a problem"), "errorList": [{"text": message, "href": target}]}

    def error_for(self, name: str) -> dict | None:
        """The error message to show beside input ``name`` (errors about a link's parameters go by the box)."""
        if self.error is None:
            return None
        at = self.error.field if self.error.field in ("from", "to", "sort") else "q"
        return {"text": translate(self.error.message)} if at == name else None

    def date_field(self, name: str, legend: str) -> Markup:
        """The GOV.UK date input of a date filter (the same few variants on most pages: rendered once each)."""
        parts = self.dates[name]
        error = self.error_for(name)
        return _date_field(
            name, legend, parts["day"], parts["month"], parts["year"], error["text"] if error else "", current_code()
        )

    @property
    def sort_items(self) -> list[dict]:
        return [{"value": v, "text": translate(t), "selected": v == self.sort} for v, t in archive.SORT_LABELS.items()]

    @classmethod
    def failed(cls, args, error: ValidationFailed) -> SearchView:
        q = (args.get("q") or "")[: archive.MAX_QUERY_CHARS]
        sort = args.get("sort") if args.get("sort") in archive.SORT_LABELS else "relevance"
        dates = {name: _date_parts(args, name, None) for name in ("from", "to")}
        return cls(q=q, sort=sort, dates=dates, error=error)

    @classmethod
    def of(cls, args, found: archive.SearchPage) -> SearchView:
        request, result = found.request, found.result
        kept = _clean_args(args)
        if request.date_from:
            kept.add("from", request.date_from.isoformat())
        if request.date_to:
            kept.add("to", request.date_to.isoformat())
        view = cls(
            q=request.query,
            sort=request.sort,
            dates={
                "from": _date_parts(args, "from", request.date_from),
                "to": _date_parts(args, "to", request.date_to),
            },
            total=result.total,
            page=request.page,
            pages=result.pages,
            searched=bool(request.query or request.filters or request.date_from or request.date_to),
        )
        view.results = [
            {
                "href": _record_href(hit.kind, hit.public_id, hit.board),
                "title": hit.title,
                "snippet": hit.snippet,
                "kind": translate(archive.KIND_LABELS.get(hit.kind, hit.kind)),
                "date": format_date(hit.meeting_date) if hit.meeting_date else "",
                "public_id": hit.public_id,
            }
            for hit in result.hits
        ]
        view.facets = _facets(request.filters, result.facets)
        view.selected = [
            {
                "text": f"{translate(archive.FACET_TITLES[name])}: {_label(name, value)}",
                "href": _url(_without(kept, _param(name), value)),
            }
            for name, values in request.filters.items()
            for value in values
        ]
        for name, title in (("from", _("From %(date)s")), ("to", _("To %(date)s"))):
            chosen = getattr(request, f"date_{name}")
            if chosen:
                view.selected.append(
                    {"text": title % {"date": format_date(chosen)}, "href": _url(_without(kept, name))}
                )
        if result.suggestion:
            suggested = MultiDict(kept)
            suggested.setlist("q", [result.suggestion])
            view.suggestion = {"text": result.suggestion, "href": _url(suggested)}
        view.pagination = _pagination(kept, request.page, result.pages)
        # The CSV is data, the same for every reader: one address, without the page's language.
        view.csv_href = without_language(url_for("open_data.search_csv", **{key: kept.getlist(key) for key in kept}))
        return view


@lru_cache(maxsize=512)
def _date_field(name: str, legend: str, day: str, month: str, year: str, error: str, language: str) -> Markup:
    # ``language`` is part of the cache's key: the field's hint and labels are in the reader's language.
    macro = get_template_attribute("archive/_date_field.html", "date_field")
    return Markup(macro(name, legend, day, month, year, error))


def _label(name: str, value: str) -> str:
    """A facet value's label: fixed values (outcomes, kinds) in the reader's language, others as published."""
    from panelrecords.archive.published_labels import public_label

    return public_label(name, value, archive.label(name, value))


def _param(facet: str) -> str:
    return next(p for p, f in archive.FACET_PARAMS.items() if f == facet)


def _without(args: MultiDict, param: str, value: str | None = None) -> MultiDict:
    copy = MultiDict(args)
    if value is None:
        copy.poplist(param)
    else:
        copy.setlist(param, [v for v in copy.getlist(param) if v != value])
    return copy


def _url(args: MultiDict, page: int | None = None) -> str:
    params = {key: args.getlist(key) for key in args}
    if page and page > 1:
        params["page"] = [str(page)]
    return url_for("archive.search", **params)


def _record_href(kind: str, public_id: str, board: str | None) -> str:
    from flask import current_app

    if kind == "minutes" and board and "boards.minutes" in current_app.view_functions:
        return url_for("boards.minutes", acronym=board, public_id=public_id)
    if kind == "minutes":
        return url_for("archive.find", ref=public_id)
    return url_for("archive.decision", public_id=public_id)


def _facets(filters: dict[str, tuple[str, ...]], counts: dict[str, list[tuple[str, int]]]) -> list[dict]:
    shown = []
    for name, param in ((f, p) for p, f in archive.FACET_PARAMS.items()):
        chosen = filters.get(name, ())
        values = dict(counts.get(name, []))
        for value in chosen:
            values.setdefault(value, 0)
        if not values:
            continue
        order = sorted(values.items(), key=lambda item: (-item[1], archive.label(name, item[0])))
        if name == "year":
            order = sorted(values.items(), reverse=True)
        shown.append(
            {
                "param": param,
                "title": translate(archive.FACET_TITLES[name]),
                "open": bool(chosen),
                "items": [
                    {
                        "value": value,
                        "text": f"{_label(name, value)} ({format_number(count)})",
                        "checked": value in chosen,
                    }
                    for value, count in order
                ],
            }
        )
    return shown


def _pagination(kept: MultiDict, page: int, pages: int) -> dict | None:
    if pages <= 1:
        return None
    last = min(pages, archive.MAX_PAGE)
    numbers = sorted({1, last, *range(max(1, page - _PAGE_WINDOW), min(last, page + _PAGE_WINDOW) + 1)})
    items: list[dict] = []
    previous = None
    for number in numbers:
        if previous is not None and number - previous > 1:
            items.append({"ellipsis": True})
        items.append(
            {
                "number": format_number(number),
                "href": _url(kept, number),
                "current": number == page,
                "visuallyHiddenText": _("Page %(number)s", number=format_number(number)),
            }
        )
        previous = number
    pagination: dict = {"items": items, "landmarkLabel": _("Results pages")}
    if page > 1:
        pagination["previous"] = {
            "href": _url(kept, page - 1),
            "html": _('Previous<span class="govuk-visually-hidden"> page</span>'),
        }
    if page < last:
        pagination["next"] = {
            "href": _url(kept, page + 1),
            "html": _('Next<span class="govuk-visually-hidden"> page</span>'),
        }
    return pagination
