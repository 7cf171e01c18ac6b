#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartplatform.settings")
    # manage.py is the developer's tool: development settings unless DEBUG is given.
    # Production sets DEBUG=0 explicitly (README, deployment); wsgi.py defaults to off.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
