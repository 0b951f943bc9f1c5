"""``POST /v1/feedback``: a reader's verdict on one reply, for the review log.

The body is ``{"reply_id": str, "verdict": "yes"|"no", "comment": optional str}``. Nothing else
from the client is trusted or kept: the id only has to have the form of one (replies are not
remembered, so any replica takes a verdict on any replica's reply; ``magbot review`` joins them),
and the comment is bounded and redacted. Without ``--review-log`` there is nowhere to keep a
verdict: 404 ``feedback_off``, so a widget can hide its buttons.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .reply_ids import is_reply_id
from .review_log import ReviewLog
from .review_records import COMMENT_CHARS, VERDICTS
from .server_errors import error_response, guarded, read_json_object

__all__ = ["feedback_route"]


def feedback_route(review_log: ReviewLog | None) -> Route:
    """The route; 204 when the verdict is queued, an error object otherwise."""

    @guarded
    async def feedback(request: Request) -> Response:
        if review_log is None:
            return error_response(404, "feedback_off", "feedback is not collected: the service runs without "
                                  "--review-log")
        payload = await read_json_object(request)
        if isinstance(payload, JSONResponse):
            return payload
        if set(payload) - {"reply_id", "verdict", "comment"}:
            return error_response(400, "unknown_fields",
                                  "unknown field(s): only 'reply_id', 'verdict' and 'comment' are read")
        if not is_reply_id(payload.get("reply_id")):
            return error_response(400, "invalid_reply_id", "'reply_id' must be the reply_id of a reply")
        verdict = payload.get("verdict")
        if verdict not in VERDICTS:
            return error_response(400, "invalid_verdict", "'verdict' must be \"yes\" or \"no\"")
        comment = payload.get("comment")
        if comment is not None and not isinstance(comment, str):
            return error_response(400, "invalid_comment", "'comment' must be a string")
        if comment is not None and len(comment) > COMMENT_CHARS:
            return error_response(413, "comment_too_long", f"'comment' must be at most {COMMENT_CHARS} characters")
        if comment is not None:
            comment = comment.encode("utf-8", "replace").decode("utf-8")
        review_log.feedback(payload["reply_id"], verdict, comment or None)
        return Response(status_code=204)

    return Route("/v1/feedback", feedback, methods=["POST"])
