"""Pieces every page draws the same way: the region, a map, a table, a long solver run.

The region comes with why it cannot be used where it cannot. One place for these keeps the
app's promises in one place too: every map loads its scripts from the vendored copies (it works
offline) and reruns the app only for the events a page asks for; every table writes its figures
as the page's language does; a long run can be stopped without losing what it found.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Final, Generic, Protocol, TypeVar

import folium
import numpy as np
import pandas as pd
import streamlit as st
from pandas.api.types import is_bool_dtype, is_integer_dtype, is_numeric_dtype
from pandas.io.formats.style import Styler
from streamlit_folium import st_folium

from app_pages import _data
from app_pages._i18n import number, t
from catchments.messages import Language, format_decimal, read_decimal
from catchments.planning import ProgressCallback, SearchStop, SolveProgress
from catchments.service import RegionServices
from geo.maps import use_local_assets
from geo.package import Region, RegionDataError

T = TypeVar("T")
R = TypeVar("R")


# Streamlit writes its file uploader's button and limits in English whatever the page's
# language, and has no option for them; the page's words are put over them with CSS (as
# _style.py restyles the whole app), aimed at one uploader by the class its key gives it.
_UPLOADER_CSS: Final = """<style>
.st-key-{key} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] span {{
  font-size: 0 !important;
}}
.st-key-{key} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]
p::after {{ content: "{button}"; font-size: 0.875rem; }}
.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "{limit}"; font-size: 0.875rem;
}}
</style>"""


def file_uploader(
    label: str, types: Sequence[str], *, key: str, lang: str, help_text: str | None = None
) -> Any:
    """``st.file_uploader`` with its button and its size limit in the page's language.

    Returns what ``st.file_uploader`` returns: the uploaded file, or None.
    """
    upload = st.file_uploader(label, type=list(types), key=key, help=help_text)
    if lang != Language.EN:
        limit = t(
            "uploader.limit",
            lang,
            size=number(int(st.get_option("server.maxUploadSize")), lang),
            types=", ".join(kind.upper() for kind in types),
        )
        words = {"button": t("uploader.button", lang), "limit": limit}
        # The words go into CSS strings: quotes and backslashes escaped, nothing else to fear
        # in the catalog's own text.
        css = {name: re.sub(r'(["\\])', r"\\\1", text) for name, text in words.items()}
        st.html(_UPLOADER_CSS.format(key=key, **css))
    return upload


def decimal_input(
    container: Any,
    label: str,
    *,
    key: str,
    value: float,
    low: float,
    high: float,
    lang: str,
    help_text: str | None = None,
) -> float | None:
    """A number field that reads ``1,5`` as Kazakh and Russian write it; None (said) if wrong.

    ``st.number_input`` takes no locale and reads ``1,5`` as 15 (streamlit#5686); this is a
    text field read by :func:`catchments.messages.read_decimal`, in the page's language at
    first (``value``), with ``low`` to ``high`` checked and the problem shown under it.
    ``container`` is where it goes (``st``, a column, a form).
    """
    language = Language(lang)
    st.session_state.setdefault(key, format_decimal(value, language, 5, trim=True))
    typed = container.text_input(label, key=key, help=help_text)
    read = read_decimal(typed)
    if read is not None and low <= read <= high:
        return read
    bounds = {name: format_decimal(bound, language, 5, trim=True) for name, bound in
              (("low", low), ("high", high))}  # fmt: skip
    container.error(t("common.not_a_number", lang, typed=literal(typed), **bounds))
    return None


_DONE_MOST: Final = 1_000  # actions remembered; older ones cannot be clicked again by now
_done: OrderedDict[str, Any] = OrderedDict()
_doing: dict[str, threading.Lock] = {}
_done_guard = threading.Lock()


def done_once(token: str, action: Callable[[], R]) -> R:
    """Run ``action`` once for ``token`` in this server; a later call gets its result.

    A burst of clicks on a form's button gives a run per click, and Streamlit starts each at
    once, beside the run it stops. The stopped run's session state is cut off: what it writes
    there is lost. So an action that must happen once (recording a decision) is guarded and
    remembered here, in the process, by a token the page put in the session when the action
    became possible. An action that raises is not remembered: it may be tried again.
    """
    with _done_guard:
        lock = _doing.setdefault(token, threading.Lock())
    with lock:
        if token in _done:
            result: R = _done[token]
            return result
        result = action()
        with _done_guard:
            _done[token] = result
            while len(_done) > _DONE_MOST:
                old, _ = _done.popitem(last=False)
                _doing.pop(old, None)
        return result


def _loaded_or_stop(lang: str, load: Callable[[str], T]) -> tuple[str, T]:
    """The served region's path and what ``load`` makes of it, or its problems and a stop.

    One place for the page's answer to a region that cannot be used, whatever the page loads.
    """
    path = str(_data.region_path())
    try:
        return path, load(path)
    except RegionDataError as error:
        st.error(t("common.region_error", lang, path=path, error=error.text(lang)))
        st.stop()
        raise  # st.stop() ends the script run; this line is for the type checker


def region_or_stop(lang: str) -> tuple[str, Region]:
    """The served region's path and data, or its problems on the page and the page stopped."""
    return _loaded_or_stop(lang, _data.load_region)


def services_or_stop(lang: str) -> tuple[str, RegionServices]:
    """The served region's path and services, or its problems on the page and the page stopped."""
    return _loaded_or_stop(lang, _data.load_services)


def show_map(
    fmap: folium.Map,
    *,
    key: str,
    height: int,
    returned_objects: Sequence[str] = (),
    center: Any = None,
    zoom: int | None = None,
) -> dict[str, Any] | None:
    """Draw a folium map with its assets served locally.

    ``returned_objects`` lists the map events that rerun the app (none by default: panning and
    zooming never do).
    """
    state: dict[str, Any] | None = st_folium(
        use_local_assets(fmap, _data.vendor_url()),
        key=key,
        returned_objects=list(returned_objects),
        center=center,
        zoom=zoom,
        use_container_width=True,
        height=height,
    )
    return state


# Markdown's ASCII punctuation, and Streamlit's ":" (emoji shortcodes, colour directives) and "$"
# (LaTeX); CommonMark lets a backslash make any of them literal.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$:])")


def literal(text: str) -> str:
    """``text`` as it reads, inside ``st.markdown``: people's input may hold Markdown."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


MAX_DECIMALS = 2
"""The most decimals a table shows; the pages round their figures to fewer (posts in quarters)."""


def show_table(frame: pd.DataFrame, lang: str, *, by_row: bool = False, **options: Any) -> None:
    """``st.dataframe`` with the figures written as ``lang`` writes them (``1 724,7`` in ru).

    Streamlit's grid writes every number the English way. A pandas Styler's display values
    are what the grid shows while its cells keep their numbers, so a column still sorts by
    value, not as text. ``by_row``: see :func:`localized_figures`. ``options`` go to
    ``st.dataframe`` (``hide_index``, ``key``, ...).
    """
    st.dataframe(localized_figures(frame, lang, by_row=by_row), **options)


def localized_figures(
    frame: pd.DataFrame, lang: str, *, by_row: bool = False, signed: Sequence[str] = ()
) -> Styler:
    """``frame`` styled so each number column reads in ``lang``, with the decimals it needs.

    A column's decimals are the fewest (up to :data:`MAX_DECIMALS`) that show every value in
    it as rounded by the page, so ``108.6`` and ``97.0`` line up as ``108,6`` and ``97,0``.
    With ``by_row``, each row's instead: a table of measures, one a row (clinics, a share),
    writes a count as ``13``, not ``13,0`` beside a percentage. The ``signed`` columns are
    changes: ``+2 691`` and ``−13``, with the minus sign rather than a hyphen.
    """
    language = Language(lang)
    shown = frame.reset_index(drop=True)
    numbers = [
        column
        for column in frame.columns
        if is_numeric_dtype(frame[column]) and not is_bool_dtype(frame[column])
    ]
    if by_row:
        styler = shown.style
        for position in range(len(shown)):
            digits = _decimals(shown.iloc[position][numbers].astype(float))
            for column in numbers:
                styler = styler.format(
                    _figure_format(language, digits, signed=column in signed),
                    subset=pd.IndexSlice[[position], [column]],
                )
        return styler
    # Typed as pandas-stubs types Styler.format's dict (its values are invariant).
    formats: dict[Any, str | Callable[[object], str] | None] = {
        column: _figure_format(language, _decimals(frame[column]), signed=column in signed)
        for column in numbers
    }
    return shown.style.format(formats)


def figures_as_text(frame: pd.DataFrame, columns: Sequence[str], lang: str) -> pd.DataFrame:
    """``frame`` with ``columns`` written as :func:`localized_figures` shows them, as text.

    For a map's tooltips, which print a property as it is: ``109.4`` and ``1860`` on a Russian
    page beside tables that say ``109,4`` and ``1 860``.
    """
    language = Language(lang)
    return frame.assign(
        **{
            column: frame[column].map(_figure_format(language, _decimals(frame[column])))
            for column in columns
        }
    )


def _decimals(column: pd.Series) -> int:
    """The fewest decimals (up to :data:`MAX_DECIMALS`) that show every value of ``column``."""
    if is_integer_dtype(column):
        return 0
    values = [float(v) for v in column if not pd.isna(v) and math.isfinite(float(v))]
    for digits in range(MAX_DECIMALS):
        scale = 10.0**digits
        if all(math.isclose(v * scale, round(v * scale), abs_tol=1e-6) for v in values):
            return digits
    return MAX_DECIMALS


def _figure_format(
    language: Language, digits: int, *, signed: bool = False
) -> Callable[[object], str]:
    """A cell formatter: the number in ``language`` with ``digits`` decimals; empty if missing.

    ``signed``: a change, written ``+5`` or ``−5`` (and ``0`` unsigned).
    """

    def written(value: object) -> str:
        if not isinstance(value, int | float | np.integer | np.floating) or math.isnan(value):
            return ""  # None, NaN, pandas' NA
        number = float(value)
        if not signed:
            return format_decimal(number, language, digits)
        text = format_decimal(abs(number), language, digits)
        if round(abs(number), digits) == 0:  # shown as 0: no sign
            return text
        return ("+" if number > 0 else "\u2212") + text

    return written


class ProgressBar(Protocol):
    """What :class:`StoppableRun` draws on: ``st.progress``'s element, or a test's stand-in."""

    def progress(self, value: float, *, text: str) -> object:
        """Show ``value`` (0..1) with ``text``."""
        ...


class StoppableRun(Generic[R]):
    """A long solver run on a page: a progress bar, a stop that keeps its result, a rerun's end.

    Any click or changed input reruns the page. Streamlit starts the new run at once (its
    ``runner.fastReruns``) and raises a stop exception in the old one at its next call into
    Streamlit, here a progress update. Let through, it would drop what the search has found;
    it is held instead, the search is told to stop (it ends at its next step with its best
    plan), and it is raised again once the search has returned. The page keeps this object in
    its session state; if the rerun was its stop button's (:meth:`keep_when_stopped`), the new
    run waits for the result (:meth:`kept_result`), otherwise it is dropped.

    The class lives here, not in the page: a page script is executed anew on every run, so a
    class defined there is a new class each time, and an object of the last run's would fail
    ``isinstance`` in this one.
    """

    def __init__(self, bar: ProgressBar, describe: Callable[[SolveProgress], str]) -> None:
        self.bar, self.describe = bar, describe
        self.stop = SearchStop()
        self.interrupted: BaseException | None = None
        self.kept = False
        self.done = threading.Event()
        self.result: R | None = None

    def keep_when_stopped(self) -> None:
        """The stop button's callback (first thing in the new run): stop now, keep the result."""
        self.kept = True
        self.stop.request()

    def show(self, progress: SolveProgress) -> None:
        """Put ``progress`` on the bar, or end the search if Streamlit has moved on."""
        if self.interrupted is not None:
            return
        try:
            self.bar.progress(progress.fraction, text=self.describe(progress))
        except BaseException as rerun:  # Streamlit's stop or rerun: end the search, keep its plan
            self.interrupted = rerun
            self.stop.request()

    def run(self, search: Callable[[ProgressCallback, SearchStop], R]) -> R:
        """Run ``search(progress, stop)``; its result, or Streamlit's rerun raised again."""
        try:
            self.result = search(self.show, self.stop)
        finally:
            self.done.set()
        if self.interrupted is not None:
            raise self.interrupted
        return self.result

    def kept_result(self, waiting: str, *, timeout_s: float = 300.0) -> R | None:
        """The result, if the stop button ended the run; else None.

        Waited for under a spinner saying ``waiting``: the search stops within a step, and its
        result may take seconds more.
        """
        if not self.kept:
            return None
        if not self.done.is_set():
            with st.spinner(waiting):
                self.done.wait(timeout_s)
        return self.result
