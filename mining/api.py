"""Classification API: which key areas a text belongs to, and why."""

from __future__ import annotations

from ninja import Field, Router, Schema

from core.api import BODY, ApiError, InputSchema, replies

from .classify import classify
from .services import current_model

router = Router(tags=["mining"])


class ClassifyIn(InputSchema):
    text: str = Field(..., min_length=1, max_length=100_000)


class AreaScoreOut(Schema):
    code: str
    score: float
    terms: list[str]


class ClassifyOut(Schema):
    areas: list[AreaScoreOut]


@router.post("/classify", **replies(ClassifyOut, *BODY),
             summary="Classify a text into the 16 key areas (best first; NONE when none fits)")
def classify_text(request, payload: ClassifyIn):
    if not payload.text.strip():
        raise ApiError(400, "text: enter some text to classify")
    scores = classify(payload.text, current_model())
    return {"areas": [{"code": s.code, "score": round(s.score, 4), "terms": list(s.terms)}
                      for s in scores]}
