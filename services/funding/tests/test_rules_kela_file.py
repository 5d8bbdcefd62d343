"""Reading Kela's rows and checking their subtotals, one block at a time."""

from decimal import Decimal

import pytest

from funding.rules.kela_file import BlockChecks, RowError, check_header, parse_row


def fields(line: str) -> list[str]:
    return line.split(";")


def test_a_published_row_reads_into_our_names() -> None:
    row = parse_row(fields("Kuukausi;2025;10;202510;005;Ansiopäiväraha;101-200;27;1706.49"))
    assert (row.period_type, row.year, row.month, row.municipality_code) == (
        "month",
        2025,
        10,
        "005",
    )
    assert (row.benefit, row.day_class) == ("earnings_related_allowance", "101-200")
    assert (row.recipients, row.municipal_share_eur) == (27, Decimal("1706.49"))
    total = parse_row(fields("Vuosikertymä;2025;12;202512;005;Yhteensä;Yhteensä;440;658269.53"))
    assert (total.period_type, total.benefit, total.day_class) == ("year_to_date", "total", "total")


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("Vuosi;2025;10;202510;005;Ansiopäiväraha;101-200;27;1706.49", "aikatyyppi"),
        ("Kuukausi;2025;13;202513;005;Ansiopäiväraha;101-200;27;1706.49", "kuukausi_nro"),
        ("Kuukausi;2025;10;202509;005;Ansiopäiväraha;101-200;27;1706.49", "vuosikuukausi"),
        ("Kuukausi;2025;10;202510;05;Ansiopäiväraha;101-200;27;1706.49", "kunta_nro"),
        ("Kuukausi;2025;10;202510;005;Sairauspäiväraha;101-200;27;1706.49", "etuus"),
        ("Kuukausi;2025;10;202510;005;Ansiopäiväraha;1-100;27;1706.49", "kertymaluokka"),
        ("Kuukausi;2025;10;202510;005;Ansiopäiväraha;101-200;-1;1706.49", "saajat"),
        ("Kuukausi;2025;10;202510;005;Ansiopäiväraha;101-200;27;1706,49", "kuntaosuus_eur"),
        ("Kuukausi;2025;10;202510;005;Ansiopäiväraha;101-200;27;1706.491", "kuntaosuus_eur"),
        ("Kuukausi;2025;10;202510;005;Ansiopäiväraha;101-200;27;NaN", "kuntaosuus_eur"),
        ("Kuukausi;2025;10;202510;005;Ansiopäiväraha;101-200;27", "line"),
    ],
)
def test_a_bad_field_is_named(line: str, column: str) -> None:
    with pytest.raises(RowError) as raised:
        parse_row(fields(line))
    assert raised.value.column == column


def test_the_header_must_be_kelas() -> None:
    check_header(
        fields(
            "aikatyyppi;vuosi;kuukausi_nro;vuosikuukausi;kunta_nro;etuus;kertymaluokka;saajat;kuntaosuus_eur"
        )
    )
    with pytest.raises(RowError):
        check_header(
            fields(
                "aikatyyppi;vuosi;kuukausi;vuosikuukausi;kunta_nro;etuus;kertymaluokka;saajat;kuntaosuus_eur"
            )
        )


BLOCK = """Kuukausi;2025;10;202510;009;Ansiopäiväraha;101-200;5;301.63
Kuukausi;2025;10;202510;009;Ansiopäiväraha;Yhteensä;5;301.63
Kuukausi;2025;10;202510;009;Peruspäiväraha;101-200;4;334.89
Kuukausi;2025;10;202510;009;Peruspäiväraha;201-300;1;148.84
Kuukausi;2025;10;202510;009;Peruspäiväraha;Yhteensä;5;483.73
Kuukausi;2025;10;202510;009;Yhteensä;101-200;9;636.52
Kuukausi;2025;10;202510;009;Yhteensä;201-300;1;148.84
Kuukausi;2025;10;202510;009;Yhteensä;Yhteensä;10;785.36""".splitlines()


def check(lines: list[str]) -> BlockChecks:
    checks = BlockChecks()
    for number, line in enumerate(lines, start=2):
        checks.add(parse_row(fields(line)), number)
    checks.finish()
    return checks


def test_a_block_that_adds_up_passes_and_recipients_are_not_summed() -> None:
    # The Yhteensä recipients (10) are not the classes' sum: people are in several classes.
    checks = check(BLOCK)
    assert checks.mismatches == []
    assert checks.day_class_groups == 3  # two benefits and the etuus Yhteensä
    assert checks.benefit_groups == 3  # two classes and the class Yhteensä


def test_two_cents_off_passes_three_do_not() -> None:
    within = [*BLOCK[:4], BLOCK[4].replace("483.73", "483.75"), *BLOCK[5:]]
    beyond = [*BLOCK[:4], BLOCK[4].replace("483.73", "483.76"), *BLOCK[5:]]
    # 483.75 against classes of 483.73, and 301.63 + 483.75 against 785.36: 0.02 each.
    assert check(within).mismatches == []
    mismatches = check(beyond).mismatches
    by_check = {m.check: m for m in mismatches}
    assert by_check["day_classes"].line == 6
    assert by_check["day_classes"].benefit == "basic_allowance"
    assert by_check["day_classes"].subtotal_eur == Decimal("483.76")
    assert by_check["day_classes"].parts_eur == Decimal("483.73")
    assert by_check["benefits"].day_class == "total"


def test_a_missing_subtotal_is_a_mismatch_without_a_line() -> None:
    mismatches = check([line for line in BLOCK if "Ansiopäiväraha;Yhteensä" not in line]).mismatches
    assert any(m.line is None and m.benefit == "earnings_related_allowance" for m in mismatches)


def test_a_block_split_in_two_or_a_cell_twice_is_a_bad_row() -> None:
    other = "Kuukausi;2025;10;202510;010;Peruspäiväraha;101-200;16;910.29"
    with pytest.raises(RowError, match="began at line 2"):
        check([*BLOCK[:2], other, BLOCK[2]])
    with pytest.raises(RowError, match="as line 2"):
        check([BLOCK[0], BLOCK[0]])
