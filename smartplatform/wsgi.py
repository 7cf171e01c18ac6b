import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartplatform.settings")
application = get_wsgi_application()

# A web process loads what Django and the lemmatiser would otherwise load on the first
# request (the URLconf with every view and the API's schemas, about half a second; the
# dictionaries, about a second per language, and the search keys' folded dictionary, one or
# two seconds more) before it takes requests, so no visitor waits for them.
from django.urls import get_resolver  # noqa: E402 - needs the settings loaded above

from core import lemmas  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - imports the URLconf
lemmas.lemma("doprava", lemmas.CZECH)
lemmas.lemma("transport", lemmas.ENGLISH)
lemmas.search_key("doprava")
