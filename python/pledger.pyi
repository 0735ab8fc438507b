"""Money figures and aid pledges from news text (Rust, exact decimals).

Rows are dicts with exactly the fields of the ``pledger`` CLI's CSV, in column order, with the
text exactly as found. Decimal fields are ``decimal.Decimal`` (``None`` when empty), offsets
are byte offsets into the UTF-8 text. The GIL is released while the text is read.
"""

import datetime
from decimal import Decimal
from typing import Final, Literal, TypedDict

__version__: Final[str]

FIGURE_COLUMNS: Final[tuple[str, ...]]
"""The fields of a figures row, in order (the CSV header of ``pledger figures``)."""
LEDGER_COLUMNS: Final[tuple[str, ...]]
"""The fields of a ledger row, in order (the CSV header of ``pledger ledger``)."""
BASE_COLUMNS: Final[tuple[str, ...]]
"""The fields ``ledger(..., base=...)`` adds after ``LEDGER_COLUMNS`` (as ``ledger --base``)."""

Qualifier = Literal["exact", "over", "under", "approx", "range"]

class FigureRow(TypedDict):
    doc: str
    kind: Literal["money", "quantity"]
    text: str
    value: Decimal
    unit: str
    qualifier: Qualifier
    high: Decimal | None
    start: int
    end: int
    rule: str

class _LedgerRow(TypedDict):
    doc: str
    donor: str
    recipient: str
    amount: Decimal | None
    currency: str
    qualifier: Qualifier | Literal[""]
    high: Decimal | None
    amount_text: str
    equivalents: str
    items: str
    instrument: str
    stage: Literal["pledge", "commitment", "disbursement"]
    cue: str
    sentence: str
    start: int
    end: int

class LedgerRow(_LedgerRow, total=False):
    """A ledger row; the fields after ``end`` are present only with ``base``."""

    base_amount: Decimal | None
    base_currency: str
    fx_rate: Decimal | None
    fx_date: str
    fx_policy: Literal["exact", "last_known", "missing", ""]
    date: str
    date_source: Literal["input", "text", "default", "none"]

class Document(TypedDict):
    id: str
    text: str
    date: str | None
    warnings: list[str]

class InputError(TypedDict):
    error: str
    path: str
    line: int | None
    message: str
    skipped: bool

DateLike = str | datetime.date

def figures(
    text: str,
    date: DateLike | None = None,
    *,
    doc: str = "",
    dollar: str = "USD",
    latent: bool = False,
) -> list[FigureRow]:
    """Every amount of money and counted quantity in ``text`` (``pledger figures``).

    ``date`` is checked (``YYYY-MM-DD...`` or a ``datetime.date``) but does not change the
    figures. ``doc`` fills the ``doc`` field; ``dollar`` is what a bare ``$`` means
    (``--dollar``); ``latent`` reads bare numbers as money of unknown currency ``XXX``.

    Raises ``ValueError`` for a malformed date or an unknown currency code.
    """

def ledger(
    text: str,
    date: DateLike | None = None,
    base: str | None = None,
    *,
    doc: str = "",
    dollar: str = "USD",
) -> list[LedgerRow]:
    """The commitments in ``text`` (``pledger ledger``).

    With ``base`` (an ISO 4217 code), the rows of ``pledger ledger --base``: the amount
    converted at the ECB reference rate of the document's date (``date`` as given, else a
    date written near the top of the text, else the latest rate), rounded half away from zero
    to the base currency's minor unit, with the rate, its date and policy, and the date used.

    Raises ``ValueError`` for a malformed date or an unknown currency code.
    """

def read_bytes(data: bytes, name: str) -> tuple[list[Document], list[InputError]]:
    """The documents in a file's contents, read as the CLI reads a file named ``name``.

    The kind comes from the extension of ``name``: ``.txt``/``.md`` (one document),
    ``.html``/``.htm`` (visible text, dated from ``<meta>``), ``.jsonl`` (one per line),
    ``.warc``/``.warc.gz`` (one per HTML response); anything else is plain text. Problems
    with the file, a line or a record are returned as errors; reading carries on.
    """
