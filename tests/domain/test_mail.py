"""The address a report may be e-mailed to: one plain address, checked alike on both ends."""

from __future__ import annotations

import pytest

from domain.mail import MAX_ADDRESS, BadAddress, check_address


@pytest.mark.parametrize(
    ("value", "clean"),
    [
        ("it@client.example.cn", "it@client.example.cn"),
        ("  Li.Na+reports@Client.Example.CN \n", "Li.Na+reports@client.example.cn"),
        ("o'brien@ex-ample.co.uk", "o'brien@ex-ample.co.uk"),
    ],
)
def test_good_addresses(value: str, clean: str) -> None:
    assert check_address(value) == clean


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "text"),
        (42, "text"),
        ("no-at-sign", "needs a name"),
        ("@client.cn", "needs a name"),
        ("it@", "needs a name"),
        ("it@localhost", "domain"),
        ("it@client..cn", "domain"),
        ("it@-client.cn", "domain"),
        ("it@1.2.3.4", "domain"),
        ("a..b@client.cn", "before the @"),
        (".ab@client.cn", "before the @"),
        ("Li Na <it@client.cn>", "one plain address"),
        ("a@client.cn, b@client.cn", "one plain address"),
        ("a@client.cn;b@client.cn", "one plain address"),
        ("a@client.cn\r\nBcc: x@evil.example", "one plain address"),
        ("x" * 65 + "@client.cn", "before the @"),
        ("a@" + "b" * MAX_ADDRESS + ".cn", "longer than"),
    ],
)
def test_bad_addresses_say_why(value: object, why: str) -> None:
    with pytest.raises(BadAddress, match="(?i)" + why) as raised:
        check_address(value)
    assert raised.value.field == "address" and raised.value.message.context == "Mail"
