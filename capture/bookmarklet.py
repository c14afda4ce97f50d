"""The bookmarklet offered in Settings.

Clicked on a job page, it gathers only what Rebound reads (the title, meta tags,
JSON-LD scripts and any microdata JobPosting), and opens Rebound's paste page
with them in the URL fragment. A fragment never leaves the browser except to
Rebound's own page script (static/js/capture.js), which puts it in the paste
form and sends it: no third party sees it, and Rebound's server only gets it
from the person's own signed-in browser.

Browsers run bookmarklets even on pages whose Content Security Policy forbids
scripts (Chrome and Firefox exempt them); where a site or browser does not,
nothing happens, and Settings says to use Paste instead.
"""

import json
from urllib.parse import quote

# Kept within what browsers accept in an address (Chromium: 2 MB).
MAX_CHARS = 1_500_000

SOURCE = """(function(){
var R=%(target)s,d=document,
q=d.querySelectorAll('title,meta,link[rel=canonical],script[type="application/ld+json"],[itemtype*="JobPosting"]'),
h='',i;
for(i=0;i<q.length;i++){h+=q[i].outerHTML+'\\n';}
h=h.slice(0,%(limit)d);
var u=R+'#'+encodeURIComponent(JSON.stringify({url:location.href,page:'<html><head>'+h+'</head></html>'}));
if(!window.open(u,'_blank')){location.href=u;}
})();"""


def bookmarklet_source(target: str) -> str:
    """The script, for `target` (the absolute address of Rebound's paste page)."""
    code = SOURCE % {"target": json.dumps(target), "limit": MAX_CHARS}
    return " ".join(line.strip() for line in code.splitlines())


def bookmarklet_href(target: str) -> str:
    return "javascript:" + quote(bookmarklet_source(target), safe="(){}[];,=+'!*:/?.<>@$&~-_|")
