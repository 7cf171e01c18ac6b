"""The API follows the workflow too: the editors withdraw a submission with their write
token (POST …/withdraw), a reviewer may not, and nothing is left to withdraw afterwards."""

from __future__ import annotations

from accounts.services import create_api_token
from core import workflow


def test_withdraw_through_the_api(client, reviewed, editor, moderator):
    record = reviewed.make(editor)
    workflow.submit(editor, reviewed.workflow, record)
    base = {"strategy": "/api/v1/strategies", "intention": "/api/v1/intentions"}[reviewed.name]
    url = f"{base}/{record.pk}/withdraw"
    _token, theirs = create_api_token(moderator, "review")
    refused = client.post(url, HTTP_AUTHORIZATION=f"Bearer {theirs}")
    assert refused.status_code == 403
    _token, key = create_api_token(editor, "GIS")
    response = client.post(url, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200, response.content
    assert response.json()[reviewed.state_field] == "draft"
    assert reviewed.state(record) == "draft"
    again = client.post(url, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert again.status_code == 400 and again.json()["detail"]
