"""The settings the type checker reads (the django-stubs plugin imports them to learn the
installed apps and models): the project's settings, with a stand-in secret key so that
`mypy` runs in any shell, `DEBUG` set or not. Never used to serve anything."""

import os

os.environ.setdefault("SECRET_KEY", "only-for-the-type-checker")

from .settings import *  # noqa: E402, F403
