"""Every URL pattern of the project, from the resolver, with its kwargs filled
from a world (tests/world.py).

Nothing here is a hand-written list of pages: a new URL is walked the day it is
added. When its kwargs cannot be worked out, `fill_kwargs` raises
`NoKwargs` and the access test for that URL fails, asking for an entry in
KWARG_MODELS or KWARG_VALUES below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.urls import URLPattern, URLResolver, get_resolver

from accounts.ownership import owned_models

# Left to their own tests: allauth (the accounts helper's), the admin, files.
SKIPPED_PREFIXES = ("admin/", "accounts/", "static/", "media/", "__")

# The REST API answers bearer tokens, not sessions: test_access.py walks its
# routes with tokens (its schema and docs pages are public, like any page).
API_PREFIX = "api/"
API_DOCS = ("api-v1:openapi-json", "api-v1:openapi-view", "api-v1:api-root")

# kwarg → model label, per URL name, when the name and route do not say it.
KWARG_MODELS: dict[tuple[str, str], str] = {}

# kwargs that are not ids of a person's rows.
KWARG_VALUES: dict[str, object] = {
    "area": "fit",
    "year": 2026,
    "month": 5,
    "day": 14,
}


class NoKwargs(Exception):
    pass


@dataclass(frozen=True)
class Route:
    name: str  # "applications:application_detail", "" when unnamed
    route: str  # "applications/<int:pk>/"
    pattern: URLPattern
    kwargs: tuple[str, ...]

    @property
    def callback(self):
        return self.pattern.callback

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None)

    @property
    def is_public(self) -> bool:
        """Marked with @login_not_required (or its class-based equivalent)."""
        return getattr(self.callback, "login_required", True) is False

    @property
    def is_api(self) -> bool:
        """A route of the REST API that reads or writes the person's data."""
        return self.route.startswith(API_PREFIX) and self.name not in API_DOCS

    def __str__(self) -> str:
        return self.name or self.route


def _kwarg_names(pattern) -> list[str]:
    converters = getattr(pattern, "converters", None)
    if converters is not None and hasattr(pattern, "_route"):
        return list(converters)
    regex = getattr(pattern, "regex", None)
    return list(regex.groupindex) if regex is not None else []


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str, outer_kwargs: list[str]) -> None:
        for entry in patterns:
            text = str(entry.pattern)
            full = prefix + text
            if full.startswith(SKIPPED_PREFIXES):
                continue
            kwargs = outer_kwargs + _kwarg_names(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, full, ns, kwargs)
            elif isinstance(entry, URLPattern):
                name = entry.name or ""
                if name and namespace:
                    name = f"{namespace}:{name}"
                routes.append(Route(name=name, route=full, pattern=entry, kwargs=tuple(kwargs)))

    walk(get_resolver().url_patterns, "", "", [])
    return routes


def route_id(route: Route) -> str:
    return str(route)


# Working out which model an id kwarg means.


def _norm(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("ses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _model_named(word: str, app_label: str):
    """Owned model whose name is `word`, or `app` + `word`, or ends with `word`."""
    word = _norm(word)
    if not word:
        return None
    models_ = [o.model for o in owned_models()]
    for model in models_:
        if model._meta.model_name == word:
            return model
    for model in models_:
        if model._meta.model_name == _norm(app_label) + word:
            return model
    for candidates in (
        [m for m in models_ if m._meta.app_label == app_label],
        models_,
    ):
        for matches in (
            [m for m in candidates if m._meta.model_name.endswith(word)],
            [m for m in candidates if m._meta.model_name.startswith(word)],
        ):
            # Among several, a model with its own page is the one a URL names.
            with_page = [m for m in matches if hasattr(m, "get_absolute_url")]
            for found in (matches, with_page):
                if len(found) == 1:
                    return found[0]
    return None


def model_for_kwarg(route: Route, kwarg: str):
    from django.apps import apps

    override = KWARG_MODELS.get((route.name, kwarg))
    if override:
        return apps.get_model(override)
    app_label = route.name.split(":")[0] if ":" in route.name else ""
    match = re.fullmatch(r"(\w+?)_(pk|id)", kwarg)
    if match:
        return _model_named(match.group(1), app_label)
    if kwarg not in ("pk", "id"):
        return None
    # The path segment before the id: "companies/<int:pk>/" is a company.
    before = route.route.split(f":{kwarg}>")[0].rsplit("<", 1)[0].rstrip("/")
    segment = before.rsplit("/", 1)[-1] if before else ""
    model = _model_named(_singular(segment), app_label)
    if model is not None:
        return model
    view_class = route.view_class
    model = getattr(view_class, "model", None) if view_class else None
    if model is not None:
        return model
    short = route.name.split(":")[-1].split("_")
    for size in range(len(short) - 1, 0, -1):
        model = _model_named("".join(short[:size]), app_label)
        if model is not None:
            return model
    return None


def fill_kwargs(route: Route, world) -> dict[str, object]:
    """kwargs that point at `world`'s own rows, or NoKwargs saying what is missing."""
    values: dict[str, object] = {}
    for kwarg in route.kwargs:
        if kwarg in KWARG_VALUES:
            values[kwarg] = KWARG_VALUES[kwarg]
            continue
        if route.name == "applications:trash_restore" and kwarg == "pk":
            values[kwarg] = world.trashed_application.pk
            continue
        if route.name in LINK_ROUTES and kwarg == "token":
            values[kwarg] = share_link_for(world)
            continue
        if kwarg == "token" and hasattr(world.person, "calendar_token"):
            values[kwarg] = world.person.calendar_token
            continue
        model = model_for_kwarg(route, kwarg)
        if model is None:
            raise NoKwargs(
                f"{route} ({route.route}): cannot tell what `{kwarg}` is. Add it to "
                "KWARG_MODELS or KWARG_VALUES in tests/urlwalk.py."
            )
        obj = world.first(model)
        if obj is None:
            raise NoKwargs(f"{route}: the world has no {model._meta.label} for `{kwarg}`.")
        values[kwarg] = obj.pk
    return values


# A private link's pages: the shared page, and the coach's ratings and comment through it.
LINK_ROUTES = ("sharing:link_view", "sharing:link_rate", "sharing:link_comment")


def share_link_for(world) -> str:
    """A private link to the world's shared rejection (only its hash is stored,
    so the walk makes a link of its own to know the token)."""
    from sharing.models import Share
    from sharing.services import share_create

    share = world.first(Share)
    _, token = share_create(
        owner=world.person, kind=Share.Kind.REJECTION, way=Share.Way.LINK, rejection=share.rejection
    )
    return token


# Forms in a page, as a browser would submit them.


@dataclass
class FormField:
    name: str
    kind: str  # input type, "textarea" or "select"
    value: str = ""
    checked: bool = False
    options: tuple[str, ...] = ()
    selected: tuple[str, ...] = ()
    multiple: bool = False


@dataclass
class HtmlForm:
    action: str
    method: str
    enctype: str
    fields: list[FormField]

    def default_data(self) -> dict[str, list[str]]:
        """What pressing the submit button without changing anything would send."""
        data: dict[str, list[str]] = {}
        for f in self.fields:
            if f.kind in ("submit", "button", "reset", "image", "file"):
                continue
            if f.kind in ("checkbox", "radio"):
                if f.checked:
                    data.setdefault(f.name, []).append(f.value or "on")
                continue
            if f.kind == "select":
                chosen = list(f.selected) or ([] if f.multiple or not f.options else [f.options[0]])
                data.setdefault(f.name, []).extend(chosen)
                continue
            data.setdefault(f.name, []).append(f.value)
        return data

    @property
    def visible_fields(self) -> list[FormField]:
        return [
            f
            for f in self.fields
            if f.kind not in ("hidden", "submit", "button", "reset", "image")
            and f.name != "csrfmiddlewaretoken"
        ]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: FormField | None = None
        self._option: dict | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = HtmlForm(
                action=a.get("action", ""),
                method=a.get("method", "get").lower(),
                enctype=a.get("enctype", ""),
                fields=[],
            )
            self.forms.append(self._form)
            return
        if self._form is None or (tag != "option" and "disabled" in a):
            return
        if tag == "input" and a.get("name"):
            self._form.fields.append(
                FormField(
                    name=a["name"],
                    kind=a.get("type", "text").lower(),
                    value=a.get("value", ""),
                    checked="checked" in a,
                )
            )
        elif tag == "button" and a.get("name"):
            self._form.fields.append(
                FormField(name=a["name"], kind="submit", value=a.get("value", ""))
            )
        elif tag == "textarea" and a.get("name"):
            self._textarea = FormField(name=a["name"], kind="textarea")
            self._form.fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = FormField(name=a["name"], kind="select", multiple="multiple" in a)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option["text"] += data

    def _close_option(self):
        if self._option is not None and self._select is not None:
            value = self._option["value"]
            if value is None:
                value = self._option["text"].strip()
            self._select.options += (value,)
            if self._option["selected"]:
                self._select.selected += (value,)
        self._option = None

    def handle_endtag(self, tag):
        if tag == "option":
            self._close_option()
        elif tag == "select":
            self._close_option()
            self._select = None
        elif tag == "textarea":
            if self._textarea is not None and self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]
            self._textarea = None
        elif tag == "form":
            self._form = None


def parse_forms(html: str) -> list[HtmlForm]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def forms_posting_to(html: str, path: str) -> list[HtmlForm]:
    """The page's POST forms whose action is the page itself."""
    return [
        form
        for form in parse_forms(html)
        if form.method == "post" and form.action in ("", path, path.split("?")[0])
    ]
