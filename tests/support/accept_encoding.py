"""Accept-Encoding headers as RFC 9110 allows them: codings with q-values and other parameters."""

from __future__ import annotations

from hypothesis import strategies as st

CODINGS = ["gzip", "GZIP", "x-gzip", "*", "deflate", "br", "identity", "gzipx", "zstd"]
PARAMS = ["", ";q=0", ";q=0.0", ";q=0.000", ";q=0.5", ";q=1", ";q=1.000", "; q = 0.001"]
PARAMS += [";level=1", ";q=abc", ";Q=0", ";Q=0.8", ";quality=0", ";level=1;q=0", ";q=0.2;level=1"]

codings = st.builds(
    lambda name, param, space: f"{space}{name}{param}",
    st.sampled_from(CODINGS),
    st.sampled_from(PARAMS),
    st.sampled_from(["", " ", "  "]),
)
accept_encodings = st.lists(codings, max_size=4).flatmap(
    lambda items: st.sampled_from([",", ", "]).map(lambda sep: sep.join(items))
)
