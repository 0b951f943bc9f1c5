"""The HTTP service's fast JSON writing changes no byte: printable_json is json of printable_data,
and a state token is the same HMAC as before it was keyed once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from starlette.responses import JSONResponse

from bot.safe_text import printable_data, printable_json
from bot.state_tokens import StateSigner

# Any character, with the ones printable() removes or JSON escapes drawn often: lone surrogates
# (st.characters() never gives them), escapes, C1 and bidi controls, separators, backslashes.
SPECIAL = ["\ud800", "\udfff", "\x1b", "\x1b[31m", "\x00", "\x08", "\x0c", "\r", "\x7f", "\x85", "\u2028",
           "\u202e", "\u2066", "\\", "\\u", '"', "\t", "\n", "é"]
TEXT = st.lists(st.one_of(st.characters(), st.sampled_from(SPECIAL)), max_size=12).map("".join)
DATA = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4), max_leaves=20)


@given(DATA)
def test_printable_json_is_what_jsonresponse_wrote_of_printable_data(value: Any) -> None:
    assert printable_json(value) == JSONResponse(printable_data(value)).body


def test_escapes_and_controls_are_removed_on_the_way_out() -> None:
    assert json.loads(printable_json({"text": "\x1b[31mred\x1b[0m\u202e \ud800ok\n"})) == {"text": "red ok\n"}


def test_a_state_token_is_the_plain_hmac_of_its_payload() -> None:
    token = StateSigner(b"secret").dumps({"topic": "rda-women"})
    payload, mac = token.split(".")
    assert base64.urlsafe_b64decode(payload + "==") == b'{"topic":"rda-women"}'
    assert mac == hmac.new(b"secret", payload.encode(), hashlib.sha256).hexdigest()[:32]
    assert StateSigner(b"secret").loads(token) == {"topic": "rda-women"}
