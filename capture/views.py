import re
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from .extract import Posting, clean_line, extract_posting, safe_url
from .forms import PostingPasteForm
from .prefill import posting_keep


@require_http_methods(["GET", "POST"])
def posting_paste(request: HttpRequest) -> HttpResponse:
    """Read a pasted job page, then open the add form filled in from it.

    Nothing is saved here: the person checks the form and saves it themselves."""
    form = PostingPasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        posting = extract_posting(form.cleaned_data["page"], form.cleaned_data["url"])
        if posting.title or posting.description or posting.url:
            key = posting_keep(request, posting)
            return redirect(
                reverse("applications:application_create") + "?" + urlencode({"posting": key})
            )
        form.add_error(
            "page",
            "Rebound found nothing to read in this. Paste the page's text, or its HTML "
            "from the page source, or fill in the form yourself.",
        )
    context = {"form": form, "shared_nothing": request.GET.get("shared") == "nothing"}
    return render(request, "capture/posting_paste.html", context)


SHARED_LINK = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)


@require_GET
def share(request: HttpRequest) -> HttpResponse:
    """Where a phone's Share menu sends a job link (the manifest's share_target).

    Apps share the link as `url`, or inside `text` with a line of their own
    words; the title, when there is one, is usually the job's. The add form
    opens with what was shared, for the person to finish and save."""
    title = request.GET.get("title", "")[:1000]
    text = request.GET.get("text", "")[:5000]
    url = safe_url(request.GET.get("url", ""))
    if not url:
        found = SHARED_LINK.search(text)
        url = safe_url(found.group(0).rstrip(".,;)")) if found else ""
    title = clean_line(title)
    if not url and not title:
        # Said on the paste page itself: a GET leaves nothing behind in the session.
        return redirect(reverse("capture:posting_paste") + "?shared=nothing")
    posting = Posting(title=title, url=url, found_in="shared link")
    key = posting_keep(request, posting)
    return redirect(reverse("applications:application_create") + "?" + urlencode({"posting": key}))
