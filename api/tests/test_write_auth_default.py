"""Every operation that may change data is protected by the write authentication (a token
with the write scope, or a session with the CSRF token), also when its author forgot to
declare `auth=`. The check walks the routes ninja actually serves, not only the OpenAPI
declarations (security review, issue 10 item 2)."""

from __future__ import annotations

from ninja import Router

from accounts.api_auth import read_auth, write_auth
from api.api import READ_ONLY_CHANGES, PlatformAPI, api

SAFE = {"GET", "HEAD", "OPTIONS"}


def served_operations(platform_api):
    for bound in platform_api._get_bound_routers():
        for path, view in bound.path_operations.items():
            for operation in view.operations:
                yield "/" + f"{bound.prefix}{path}".strip("/"), operation


def test_every_changing_operation_uses_the_write_auth_unless_allow_listed():
    seen_allowed = set()
    for path, operation in served_operations(api):
        methods = set(operation.methods) - SAFE
        if not methods:
            continue
        key = (",".join(sorted(methods)), path)
        if key in READ_ONLY_CHANGES:
            seen_allowed.add(key)
            assert list(operation.auth_callbacks) == list(read_auth), key
            continue
        assert list(operation.auth_callbacks) == list(write_auth), key
    assert seen_allowed == set(READ_ONLY_CHANGES), "stale entries in READ_ONLY_CHANGES"


def test_an_operation_without_auth_gets_write_auth_for_changes_and_read_auth_for_reads():
    router = Router()

    @router.post("/forgot")
    def forgot(request):
        return {}

    @router.get("/reads")
    def reads(request):
        return {}

    demo = PlatformAPI(urls_namespace="demo-write-default", auth=read_auth)
    demo.add_router("/demo", router)
    auth = {path: list(op.auth_callbacks) for path, op in served_operations(demo)}
    assert auth["/demo/forgot"] == list(write_auth)
    assert auth["/demo/reads"] == list(read_auth)


def test_the_openapi_document_declares_the_write_auth_on_changes():
    schema = api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method.upper() in SAFE:
                continue
            security = operation.get("security")
            if (method.upper(), path.removeprefix("/api/v1")) in READ_ONLY_CHANGES:
                assert {} in security, path
            else:
                assert security and {} not in security, (method, path)
                assert {"TokenAuth": ["write"]} in security, (method, path)

