from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .extract import extract_posting
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
    return render(request, "capture/posting_paste.html", {"form": form})
