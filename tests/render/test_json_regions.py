"""A region's JSON: its table row, its province's name, the elections and contests held there."""

from __future__ import annotations

from pemilu_api.domain.loader import load_dataset
from pemilu_api.render.json_regions import RegionContest, RegionLinks, RegionOut, region_out
from pemilu_api.render.urls import Link, Urls

DATA = load_dataset()
BASE = "https://pemilu.example"


def test_kebumen_is_written_out_whole() -> None:
    """Kebumen (33.05) in Pilkada 2020 and Pemilu 2024: each contest there, its links."""
    elections = [DATA.election("pilkada-2020"), DATA.election("pemilu-2024")]
    pemilu = elections[1]
    assert pemilu is not None
    offices = {c.id: c.office for c in pemilu.contests}
    bupati = next(c.office for e in elections if e for c in e.contests if c.id == "bupati")
    expected = RegionOut(
        code="33.05",
        level="kabupaten",
        name="Kabupaten Kebumen",
        province="33",
        province_name="Jawa Tengah",
        time_zone="Asia/Jakarta",
        elections=("pilkada-2020", "pemilu-2024"),
        contests=(
            RegionContest(election="pilkada-2020", id="bupati", office=bupati),
            *(
                RegionContest(election="pemilu-2024", id=contest, office=offices[contest])
                for contest in ("presiden", "dpr", "dpd", "dprd-provinsi", "dprd-kabupaten-kota")
            ),
        ),
        links=RegionLinks(
            self=f"{BASE}/v1/regions/33.05",
            province=f"{BASE}/v1/regions/33",
            calendar=Link(
                url=f"{BASE}/v1/regions/33.05/calendar.ics",
                webcal="webcal://pemilu.example/v1/regions/33.05/calendar.ics",
                https=f"{BASE}/v1/regions/33.05/calendar.ics",
            ),
        ),
    )
    held = (e for e in elections if e is not None)
    assert expected == region_out(DATA.regions["33.05"], DATA.regions["33"], held, Urls(BASE))


def test_a_province_is_its_own_province() -> None:
    """Jawa Tengah's province is itself, by name and link; no election, no contest."""
    document = region_out(DATA.regions["33"], DATA.regions["33"], [], Urls(BASE))
    assert ("33", "Jawa Tengah", (), ()) == (
        document.province,
        document.province_name,
        document.elections,
        document.contests,
    )
    assert f"{BASE}/v1/regions/33" == document.links.province == document.links.self
