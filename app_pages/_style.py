"""The high-contrast, large-font mode: the "version for the visually impaired" of official portals.

Kazakhstan's government portals (egov.kz and the ministries' sites) offer a version for the
visually impaired with light text on black, larger letters and clear focus. This module does the
same with one stylesheet injected into the page; the choice lives in the session, like the
language. Streamlit's theme options are per server, not per user, so CSS it is.
"""

from __future__ import annotations

from typing import Final

import streamlit as st

from app_pages._i18n import t

SESSION_KEY: Final = "high_contrast"
QUERY_KEY: Final = "contrast"

HIGH_CONTRAST_CSS: Final = """
<style>
html { font-size: 125%; }
.stApp, [data-testid="stAppViewContainer"], [data-testid="stHeader"],
[data-testid="stSidebar"], [data-testid="stSidebarContent"], [data-testid="stBottom"] {
  background: #000000 !important; color: #ffffff !important;
}
.stApp p, .stApp li, .stApp label, .stApp span, .stApp h1, .stApp h2, .stApp h3, .stApp h4,
.stApp h5, .stApp div[data-testid="stMarkdownContainer"], .stApp [data-testid="stCaptionContainer"],
.stApp [data-testid="stMetricValue"], .stApp [data-testid="stMetricLabel"] {
  color: #ffffff !important;
}
.stApp p, .stApp li, .stApp label, .stApp input, .stApp textarea, .stApp button {
  font-size: 1.15rem !important;
}
.stApp h1 { color: #ffff00 !important; }
.stApp a, .stApp a * { color: #ffff00 !important; text-decoration: underline !important; }
.stApp input, .stApp textarea, .stApp [data-baseweb="select"] > div,
.stApp [data-baseweb="input"], .stApp [data-baseweb="base-input"] {
  background: #000000 !important; color: #ffff00 !important; border: 2px solid #ffffff !important;
}
.stApp button {
  background: #000000 !important; color: #ffff00 !important; border: 2px solid #ffff00 !important;
}
.stApp button:disabled { color: #9a9a9a !important; border-color: #9a9a9a !important; }
.stApp [data-testid="stAlert"] *, .stApp [data-testid="stExpander"],
.stApp [data-testid="stVerticalBlockBorderWrapper"] {
  background: #000000 !important; color: #ffffff !important;
}
.stApp [data-testid="stAlertContainer"] { border: 3px solid #ffff00 !important; }
.stApp [data-testid="stExpander"], .stApp [data-testid="stVerticalBlockBorderWrapper"] {
  border: 2px solid #ffffff !important;
}
.stApp [data-testid="stCaptionContainer"], .stApp [data-testid="stCaptionContainer"] * {
  color: #ffffff !important; opacity: 1 !important;
}
.stApp *:focus-visible { outline: 3px solid #ffff00 !important; outline-offset: 2px !important; }
</style>
"""


def accessibility_switch(lang: str) -> bool:
    """The sidebar's switch; applies the high-contrast stylesheet when on."""
    enabled = st.toggle(
        t("sidebar.high_contrast", lang),
        value=st.query_params.get(QUERY_KEY) == "1",
        key=SESSION_KEY,
        help=t("sidebar.high_contrast_help", lang),
    )
    # Mirrored in the address (?contrast=1), like the language, so a reload keeps it.
    if enabled and st.query_params.get(QUERY_KEY) != "1":
        st.query_params[QUERY_KEY] = "1"
    elif not enabled and QUERY_KEY in st.query_params:
        del st.query_params[QUERY_KEY]
    if enabled:
        st.html(HIGH_CONTRAST_CSS)
    return bool(enabled)
