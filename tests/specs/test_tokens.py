"""Token encoding is botocore's, byte for byte, plus Decimal for DynamoDB resources."""

from __future__ import annotations

from decimal import Decimal

import pytest
from botocore.paginate import TokenDecoder, TokenEncoder

from statewise.specs.tokens import decode_token, encode_token

TOKENS = [
    {"NextToken": "abc"},
    {"NextToken": "abc", "boto_truncate_amount": 3},
    {"Marker": None, "Other": "x"},
    {"ExclusiveStartKey": {"pk": {"S": "a"}, "sk": {"N": "1"}}},
    {"ExclusiveStartKey": {"pk": {"B": b"\x00\xff"}}},
]


@pytest.mark.parametrize("token", TOKENS)
def test_same_text_as_botocore(token):
    assert encode_token(token) == TokenEncoder().encode(token)


@pytest.mark.parametrize("token", TOKENS)
def test_decodes_botocore_tokens_and_botocore_decodes_ours(token):
    assert decode_token(TokenEncoder().encode(token)) == token
    assert TokenDecoder().decode(encode_token(token)) == token


def test_decimal_round_trip():
    token = {"ExclusiveStartKey": {"pk": "a", "n": Decimal("1.50")}}
    assert decode_token(encode_token(token)) == token


@pytest.mark.parametrize("text", ["not base64!", "bm90IGpzb24=", "WzFd"])
def test_undecodable_is_value_error(text):
    with pytest.raises(ValueError, match="token"):
        decode_token(text)
