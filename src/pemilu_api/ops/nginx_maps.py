"""The ``http {}``-level maps of a static export's nginx configuration.

nginx picks what to answer through maps from the request (method, target, Accept-Encoding,
validators, Origin) to the entry of the manifest, its file, its headers and the region picker's
redirect; ``nginx_conf.nginx_server`` uses the variables these maps set.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from pemilu_api.ops.manifest import HEADER_CASE, INTERNAL, NOT_EXPORTED, Manifest, ParamRule, Picker


def quote(value: str) -> str:
    """An nginx double-quoted string (no ``$``: nginx would read a variable)."""
    if "$" in value:
        raise ValueError(f"a literal with $ cannot be written into nginx config: {value!r}")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def header_name(lower: str) -> str:
    """A header name as the server spells it (lower-case in the manifest)."""
    return HEADER_CASE.get(lower, "-".join(part.capitalize() for part in lower.split("-")))


# Accept-Encoding admits gzip: a gzip, x-gzip or * coding whose q (if given) is a positive number.
_POSITIVE_Q = r"(?:0*[1-9][0-9]*(?:\.[0-9]*)?|0*\.[0-9]*[1-9][0-9]*|0+\.[0-9]*[1-9][0-9]*)"
_NO_Q = r"(?:^|,)\s*(?:x-gzip|gzip|\*)\s*(?:;(?:(?!\s*q\s*=)[^,;])*)*\s*(?:,|$)"
_WITH_Q = (
    r"(?:^|,)\s*(?:x-gzip|gzip|\*)\s*(?:;(?:(?!\s*q\s*=)[^,;])*)*"
    r";\s*q\s*=\s*" + _POSITIVE_Q + r"\s*(?:;(?:(?!\s*q\s*=)[^,;])*)*\s*(?:,|$)"
)
GZIP_PATTERNS = (_NO_Q, _WITH_Q)
# If-None-Match lists the ETag (weak comparison) or is "*": "ETAG|HEADER".
NOT_MODIFIED_PATTERNS = (
    r'^("[^"]+")\|(?:.*,)?\s*(?:W/)?\1\s*(?:,.*)?$',
    r'^"[^"]+"\|\s*\*\s*$',
)
# The request path, when it can be written into a JSON string as is (the problem's instance).
INSTANCE_PATTERN = r"^(?<pemilu_path>/[A-Za-z0-9._~/:@,;=+!*()-]*)(?:\?.*)?$"


def _map(source: str, variable: str, table: Mapping[str, str], default: str = '""') -> str:
    lines = [f'map "{source}" {variable} {{', f"    default {default};"]
    lines += [f"    {quote(k)} {quote(v)};" for k, v in table.items()]
    lines.append("}")
    return "\n".join(lines)


def _regex_map(
    source: str,
    variable: str,
    patterns: Sequence[tuple[str, str]],
    default: str,
    *,
    caseless: bool = False,
) -> str:
    lines = [f'map "{source}" {variable} {{', f"    default {default};"]
    tilde = "~*" if caseless else "~"
    for pattern, value in patterns:
        if not pattern:
            # An empty value (an absent argument) is matched as a string: a regex never sees it.
            lines.append(f'    "" {value};')
        elif '"' in pattern:
            lines.append(f"    '{tilde}{pattern}' {value};")
        else:
            lines.append(f'    "{tilde}{pattern}" {value};')
    lines.append("}")
    return "\n".join(lines)


def _group_key(group: int, names: Sequence[str]) -> str:
    """The nginx expression of a lenient request's key: its path and normalised parameters."""
    return "$uri?" + "&".join(f"{n}=$pemilu_g{group}_{n}" for n in names)


def _param_map(group: int, rule: ParamRule) -> str:
    """Normalise one query argument: each verified spelling to its value, absence to the default."""
    by_value: dict[str, list[str]] = {}
    for spelling, value in rule.spellings.items():
        if spelling:
            by_value.setdefault(value, []).append(re.escape(spelling))
    patterns = [("", quote(rule.default))] + [
        (f"^(?:{'|'.join(sorted(spellings))})$", quote(value))
        for value, spellings in sorted(by_value.items())
    ]
    return _regex_map(
        f"$arg_{rule.name}", f"$pemilu_g{group}_{rule.name}", patterns, quote(rule.fallback)
    )


def _request_tables(manifest: Manifest) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Request key -> "entry|path" (the entry's index): for strict routes, and each lenient group."""
    strict: dict[str, str] = {}
    lenient: list[dict[str, str]] = [{} for _ in manifest.groups]
    for index, entry in enumerate(manifest.entries):
        if entry.group is None:
            strict[f"{entry.path}?{urlencode(entry.query)}"] = f"{index}|{entry.path}"
        else:
            names = [rule.name for rule in manifest.groups[entry.group].params]
            key = "&".join(f"{n}={entry.values[n]}" for n in names)
            lenient[entry.group][f"{entry.path}?{key}"] = f"{index}|{entry.path}"
    return strict, lenient


def _entry_choice_maps(manifest: Manifest) -> list[str]:
    """Which exported entry answers a request: ``$pemilu_entry`` (its index, "" when none)."""
    strict, lenient = _request_tables(manifest)
    # nginx matches map strings case-insensitively: each table gives "entry|path", and the
    # entry is only taken when the request's path is that path exactly (a backreference).
    out = [_map("$uri?$args", "$pemilu_strict", strict)]
    chain = "$pemilu_strict"
    for index, group in enumerate(manifest.groups):
        out.append(f"# Lenient routes: {', '.join(group.routes)}")
        out += [_param_map(index, rule) for rule in group.params]
        names = [rule.name for rule in group.params]
        out.append(_map(_group_key(index, names), f"$pemilu_g{index}", lenient[index]))
        out.append(
            f'map {chain} $pemilu_c{index} {{\n    default {chain};\n    "" $pemilu_g{index};\n}}'
        )
        chain = f"$pemilu_c{index}"
    out.append(f"map {chain} $pemilu_match {{\n    default {chain};\n}}")
    out.append(
        _regex_map(
            "$pemilu_match|$uri",
            "$pemilu_entry",
            [(r"^(?<pemilu_e>[^|]+)\|(?<pemilu_u>[^|]*)\|\k<pemilu_u>$", "$pemilu_e")],
            '""',
        )
    )
    return out


def _entry_header_maps(manifest: Manifest) -> list[str]:
    """Each entry's file, validators, content type and the headers that vary between entries."""
    by_entry = {str(i): e for i, e in enumerate(manifest.entries)}
    out = [
        # Entries with the same body share a file: a feed and its plain=true variant.
        _map("$pemilu_entry", "$pemilu_file", {i: e.file for i, e in by_entry.items()}),
        _map("$pemilu_entry", "$pemilu_etag_identity", {i: e.etag for i, e in by_entry.items()}),
        _map(
            "$pemilu_entry",
            "$pemilu_etag_gzip",
            {i: e.gzip_etag for i, e in by_entry.items() if e.gzip_etag},
        ),
        _map(
            "$pemilu_entry",
            "$pemilu_last_modified",
            {i: e.last_modified for i, e in by_entry.items()},
        ),
        _map(
            "$pemilu_entry",
            "$pemilu_content_type",
            {i: e.content_type for i, e in by_entry.items()},
        ),
        # A 304 carries no Content-Type (as the server sends it).
        _regex_map(
            "$status|$pemilu_content_type",
            "$pemilu_content_type_200",
            [("^304", '""')],
            "$pemilu_content_type",
        ),
    ]
    for index, (name, varying) in enumerate(varying_headers(manifest)[1].items()):
        out.append(f"# {header_name(name)}")
        out.append(
            _map("$pemilu_entry", f"$pemilu_h{index}", varying.exceptions, quote(varying.usual))
        )
    return out


def _negotiation_maps() -> list[str]:
    """Gzip or identity, the ETag that goes with it, 304 or not, and the internal location."""
    return [
        _regex_map(
            "$http_accept_encoding",
            "$pemilu_accepts_gzip",
            [(p, "1") for p in GZIP_PATTERNS],
            "0",
            caseless=True,
        ),
        _regex_map("$pemilu_accepts_gzip$pemilu_etag_gzip", "$pemilu_gzip", [("^1.", "1")], "0"),
        "map $pemilu_gzip $pemilu_etag {\n    default $pemilu_etag_identity;\n"
        "    1 $pemilu_etag_gzip;\n}",
        _regex_map(
            "$pemilu_etag|$http_if_none_match",
            "$pemilu_not_modified",
            [(p, "1") for p in NOT_MODIFIED_PATTERNS],
            "0",
        ),
        _regex_map(
            "$pemilu_gzip:$pemilu_file",
            "$pemilu_target",
            [
                ("^.:$", f'"{INTERNAL}/missing"'),
                ("^1:(?<pemilu_f>.+)$", f'"{INTERNAL}/gzip/$pemilu_f"'),
                ("^0:(?<pemilu_f>.+)$", f'"{INTERNAL}/identity/$pemilu_f"'),
            ],
            f'"{INTERNAL}/missing"',
        ),
    ]


def _method_and_cors_maps(manifest: Manifest) -> list[str]:
    """Methods other than GET/HEAD, CORS preflights, and the CORS headers (only with an Origin)."""
    out = [
        _regex_map(
            "$request_method:$pemilu_entry$pemilu_pick",
            "$pemilu_bad_method",
            [("^(?:GET|HEAD):", "0"), ("^[A-Z]+:.", "1")],
            "0",
        ),
        _regex_map(
            "$request_method|$http_origin|$http_access_control_request_method",
            "$pemilu_preflight",
            [(r"^OPTIONS\|.+\|(?:GET|HEAD)$", "1")],
            "0",
        ),
    ]
    for index, (name, value) in enumerate(sorted(manifest.cors.items())):
        out.append(f"# {header_name(name)} (only when the request has an Origin)")
        out.append(_map("$http_origin", f"$pemilu_cors{index}", {"": ""}, quote(value)))
    return out


def _picker_maps(manifest: Manifest) -> list[str]:
    """The region picker's redirect: ``$pemilu_pick`` (the page, "" when none) and its query."""
    picker = manifest.picker
    if picker is None:
        return ['map "" $pemilu_pick {\n    default "";\n}']
    # Each field read as the server reads it: "" when empty or absent, "!" when no region's code.
    codes = {"": "", **picker.codes}
    provinces = {code: picker.provinces[code] for code in sorted(set(picker.codes.values()))}
    page = picker.target("$pemilu_pick_c")
    path = re.escape(picker.path)
    fields = "$uri|$pemilu_pick_code|$pemilu_pick_code_in|$pemilu_pick_province|$pemilu_pick_of"
    # In the server's order: an unknown code or province is a 404 (the page itself then answers
    # it: not exported); the code wins when it lies in the province or no province is chosen;
    # else the chosen region's province.
    pick = [
        (f"^{path}\\|!", '""'),
        (f"^{path}\\|[^|]*\\|[^|]*\\|!", '""'),
        (f"^{path}\\|(?<pemilu_pick_c>[^|]+)\\|[^|]*\\|\\|", f'"{page}"'),
        (
            f"^{path}\\|(?<pemilu_pick_c>[^|]+)\\|(?<pemilu_pick_p>[^|]+)\\|\\k<pemilu_pick_p>\\|",
            f'"{page}"',
        ),
        (f"^{path}\\|[^|]*\\|[^|]*\\|[^|]+\\|(?<pemilu_pick_c>[^|]+)$", f'"{page}"'),
    ]
    out = [
        "# The region picker's form: the page it leads to.",
        _map("$arg_code", "$pemilu_pick_code", codes, quote(NOT_EXPORTED)),
        _map("$arg_province", "$pemilu_pick_province", codes, quote(NOT_EXPORTED)),
        _map("$pemilu_pick_code", "$pemilu_pick_code_in", provinces),
        _map("$pemilu_pick_province", "$pemilu_pick_of", provinces),
        _regex_map(fields, "$pemilu_pick", pick, '""'),
    ]
    kept = _kept_parameter(manifest, picker)
    if kept is None:
        out.append('map "" $pemilu_pick_query {\n    default "";\n}')
    else:
        variable, rule = kept
        out.append(
            f'map {variable} $pemilu_pick_query {{\n    default "?{rule.name}={variable}";\n'
            f'    {quote(rule.default)} "";\n    {quote(NOT_EXPORTED)} "";\n}}'
        )
    return out


def _kept_parameter(manifest: Manifest, picker: Picker) -> tuple[str, ParamRule] | None:
    """The normalised variable and rule of the parameter the picker's redirect keeps."""
    for index, group in enumerate(manifest.groups):
        if picker.path in group.routes:
            for rule in group.params:
                if rule.name == picker.keep:
                    return f"$pemilu_g{index}_{rule.name}", rule
    return None


def _instance_map() -> str:
    """The problem document's instance member, when the request path can be written as is."""
    return _regex_map(
        "$request_uri",
        "$pemilu_instance",
        [
            (
                INSTANCE_PATTERN.replace("pemilu_path", "pemilu_p"),
                '",\\"instance\\":\\"$pemilu_p\\""',
            )
        ],
        '""',
    )


def nginx_maps(manifest: Manifest) -> str:
    """The http-level maps: request -> entry, entry -> file, validators and headers."""
    out = [
        "# Generated by `pemilu-api export`: which entry answers a request, and its headers.",
        "map_hash_max_size 262144;",
        "map_hash_bucket_size 256;",
        *_entry_choice_maps(manifest),
        *_entry_header_maps(manifest),
        *_negotiation_maps(),
        *_picker_maps(manifest),
        *_method_and_cors_maps(manifest),
        _instance_map(),
    ]
    return "\n\n".join(out) + "\n"


@dataclass(frozen=True)
class Varying:
    """A header whose value depends on the entry: the most common value, and the exceptions."""

    usual: str
    exceptions: dict[str, str]


def varying_headers(manifest: Manifest) -> tuple[dict[str, str], dict[str, Varying]]:
    """Headers equal on every entry (constant) and those that vary (a usual value and exceptions)."""
    names = sorted({n for e in manifest.entries for n in e.headers})
    constant: dict[str, str] = {}
    varying: dict[str, Varying] = {}
    for name in names:
        values = {str(i): e.headers.get(name, "") for i, e in enumerate(manifest.entries)}
        counts = Counter(values.values())
        usual = counts.most_common(1)[0][0]
        if len(counts) == 1:
            constant[name] = usual
        else:
            varying[name] = Varying(usual, {f: v for f, v in values.items() if v != usual})
    return constant, varying
