"""The coverage matrix as a pure function: cells, gaps and the counts per row and column."""

from partners.rules.coverage import ServiceReach, coverage_matrix


def test_a_cell_without_a_service_is_a_gap() -> None:
    matrix = coverage_matrix(
        ["young_people", "employers"],
        ["005", "010"],
        [
            ServiceReach(2, ["young_people"], ["005", "010"]),
            ServiceReach(1, ["young_people", "employers"], ["005"]),
        ],
    )
    assert matrix.cells[("young_people", "005")] == [1, 2]
    assert matrix.cells[("young_people", "010")] == [2]
    assert matrix.cells[("employers", "005")] == [1]
    assert matrix.gaps == [("employers", "010")]
    young, employers = matrix.rows
    assert (young.key, len(young.services), young.covered, young.gaps) == ("young_people", 2, 2, 0)
    assert (len(employers.services), employers.covered, employers.gaps) == (1, 1, 1)
    alajarvi, alavus = matrix.columns
    assert (len(alajarvi.services), alajarvi.covered, alajarvi.gaps) == (2, 2, 0)
    assert (len(alavus.services), alavus.covered, alavus.gaps) == (1, 1, 1)
    assert matrix.services == {1, 2}


def test_what_lies_outside_the_matrix_is_left_out() -> None:
    # A service only in a non-member municipality, or only for a group not asked, reaches
    # no cell: it is not counted, and every cell stays a gap.
    matrix = coverage_matrix(
        ["employed"],
        ["005"],
        [ServiceReach(1, ["employed"], ["091"]), ServiceReach(2, ["training"], ["005"])],
    )
    assert matrix.gaps == [("employed", "005")]
    assert matrix.services == set()
    assert matrix.rows[0].gaps == 1
    assert matrix.columns[0].gaps == 1


def test_an_area_without_services_is_all_gaps() -> None:
    matrix = coverage_matrix(["a", "b", "c"], ["1", "2"], [])
    assert len(matrix.gaps) == 6
    assert [row.gaps for row in matrix.rows] == [2, 2, 2]
    assert [column.gaps for column in matrix.columns] == [3, 3]
