from django.conf import settings


def platform(request):
    return {"PLATFORM_NAME": "SMART platforma", "DEBUG": settings.DEBUG}
