"""The placement models as mixed-integer programmes in HiGHS's column-wise form, and their
solve (`offices.rules.placement` states the models and proves optimality over them)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass

import highspy
import numpy as np


@dataclass
class Model:
    """A MILP in HiGHS's column-wise form; the first `len(candidates)` columns are y."""

    lp: highspy.HighsLp
    candidates: Sequence[str]
    start: Callable[[tuple[str, ...]], np.ndarray]


def p_median_model(
    matrix: np.ndarray,
    weights: np.ndarray,
    order: np.ndarray,
    reach: np.ndarray,
    candidates: Sequence[str],
    k: int,
    fixed: Collection[str],
) -> Model:
    n_demand, n_candidates = matrix.shape
    fixed_columns = [j for j, code in enumerate(candidates) if code in set(fixed)]
    # A demand point is never served from farther than its nearest fixed place.
    fixed_reach = (
        matrix[:, fixed_columns].min(axis=1) if fixed_columns else np.full(n_demand, np.inf)
    )
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(n_candidates)[None, :], axis=1)
    served = weights > 0
    keep = (rank < reach[:, None]) & (matrix <= fixed_reach[:, None]) & served[:, None]
    rows_i, cols_j = np.nonzero(keep)
    next_distance = np.where(
        reach < n_candidates,
        matrix[
            np.arange(n_demand), order[np.arange(n_demand), np.minimum(reach, n_candidates - 1)]
        ],
        np.inf,
    )
    slack_rows = np.nonzero(served & (next_distance <= fixed_reach))[0]
    n_pairs, n_slack = len(rows_i), len(slack_rows)
    assignment_row = np.cumsum(served) - 1  # the row of each served point's assignment
    n_served = int(served.sum())
    link_row = n_served + np.arange(n_pairs)
    card_row = n_served + n_pairs
    # y_j: +1 in the cardinality row, -1 in each link row x_ij - y_j <= 0 of j.
    by_candidate = np.argsort(cols_j, kind="stable")
    y_start = np.concatenate(([0], np.cumsum(np.bincount(cols_j, minlength=n_candidates) + 1)))
    y_index = np.empty(n_pairs + n_candidates, dtype=np.int32)
    y_value = np.empty(n_pairs + n_candidates)
    for j in range(n_candidates):
        pairs = by_candidate[y_start[j] - j : y_start[j + 1] - j - 1]
        y_index[y_start[j] : y_start[j + 1]] = np.append(link_row[pairs], card_row)
        y_value[y_start[j] : y_start[j + 1]] = np.append(-np.ones(len(pairs)), 1.0)
    # x_ij: +1 in i's assignment row and in its own link row; a slack only in i's row.
    x_index = np.column_stack((assignment_row[rows_i], link_row)).ravel()
    n_entries = len(y_index)
    starts = np.concatenate(
        (
            y_start[:-1],
            n_entries + 2 * np.arange(n_pairs),
            n_entries + 2 * n_pairs + np.arange(n_slack + 1),
        )
    )
    lp = highspy.HighsLp()
    lp.num_col_ = n_candidates + n_pairs + n_slack
    lp.num_row_ = card_row + 1
    lp.col_cost_ = np.concatenate(
        (
            np.zeros(n_candidates),
            weights[rows_i] * matrix[rows_i, cols_j],
            weights[slack_rows] * next_distance[slack_rows],
        )
    )
    lower = np.zeros(lp.num_col_)
    lower[fixed_columns] = 1.0
    lp.col_lower_ = lower
    lp.col_upper_ = np.ones(lp.num_col_)
    lp.row_lower_ = np.concatenate((np.ones(n_served), np.full(n_pairs, -np.inf), [k]))
    lp.row_upper_ = np.concatenate((np.ones(n_served), np.zeros(n_pairs), [k]))
    _set_matrix(
        lp,
        starts,
        np.concatenate((y_index, x_index, assignment_row[slack_rows])),
        np.concatenate((y_value, np.ones(2 * n_pairs + n_slack))),
    )
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_candidates + [
        highspy.HighsVarType.kContinuous
    ] * (n_pairs + n_slack)

    def start(network: tuple[str, ...]) -> np.ndarray:
        is_open = np.array([code in network for code in candidates])
        masked = np.where(keep & is_open[None, :], matrix, np.inf)
        nearest = masked.argmin(axis=1)
        served_by_pair = np.isfinite(masked.min(axis=1))
        return np.concatenate(
            (
                is_open.astype(float),
                ((nearest[rows_i] == cols_j) & served_by_pair[rows_i]).astype(float),
                (~served_by_pair[slack_rows]).astype(float),
            )
        )

    return Model(lp, candidates, start)


def coverage_model(
    covers: np.ndarray,
    weights: np.ndarray,
    candidates: Sequence[str],
    k: int,
    fixed: Collection[str],
) -> Model:
    n_demand, n_candidates = covers.shape
    fixed_columns = [j for j, code in enumerate(candidates) if code in set(fixed)]
    # Rows: z_i - sum_{j covering i} y_j <= 0 for each demand point, then cardinality.
    card_row = n_demand
    y_entries = [
        [(int(i), -1.0) for i in np.nonzero(covers[:, j])[0]] + [(card_row, 1.0)]
        for j in range(n_candidates)
    ]
    starts, index, value = _csc_prefix(y_entries)
    lp = highspy.HighsLp()
    lp.num_col_ = n_candidates + n_demand
    lp.num_row_ = n_demand + 1
    # HiGHS minimises: the covered weight is maximised as its negative.
    lp.col_cost_ = np.concatenate((np.zeros(n_candidates), -weights))
    lower = np.zeros(lp.num_col_)
    lower[fixed_columns] = 1.0
    lp.col_lower_ = lower
    lp.col_upper_ = np.ones(lp.num_col_)
    lp.row_lower_ = np.concatenate((np.full(n_demand, -np.inf), [k]))
    lp.row_upper_ = np.concatenate((np.zeros(n_demand), [k]))
    _set_matrix(
        lp,
        np.concatenate((starts[:-1], len(index) + np.arange(n_demand + 1))),
        np.concatenate((index, np.arange(n_demand))),
        np.concatenate((value, np.ones(n_demand))),
    )
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_candidates + [
        highspy.HighsVarType.kContinuous
    ] * n_demand

    def start(network: tuple[str, ...]) -> np.ndarray:
        is_open = np.array([code in network for code in candidates])
        return np.concatenate((is_open.astype(float), covers[:, is_open].any(axis=1)))

    return Model(lp, candidates, start)


def _csc_prefix(
    columns: Sequence[Sequence[tuple[int, float]]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    starts = np.cumsum([0] + [len(column) for column in columns])
    index = np.array([row for column in columns for row, _ in column], dtype=np.int32)
    value = np.array([v for column in columns for _, v in column], dtype=float)
    return starts, index, value


def _set_matrix(
    lp: highspy.HighsLp, start: np.ndarray, index: np.ndarray, value: np.ndarray
) -> None:
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_ = lp.num_col_
    lp.a_matrix_.num_row_ = lp.num_row_
    lp.a_matrix_.start_ = start.astype(np.int32)
    lp.a_matrix_.index_ = index.astype(np.int32)
    lp.a_matrix_.value_ = value


@contextlib.contextmanager
def _stdout_silenced() -> Iterator[None]:
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


# HiGHS prints a banner to stdout when a process makes its first instance; a service's stdout
# is JSON log lines, so that first instance is made here, with stdout pointed elsewhere.
def new_highs() -> highspy.Highs:
    return highspy.Highs()  # type: ignore[no-untyped-call]  # highspy's __init__ is untyped


with _stdout_silenced():
    new_highs()


@dataclass(frozen=True)
class Outcome:
    network: tuple[str, ...]
    bound: float  # on the model's objective, in the model's sense (min or max)
    proven: bool


def run_model(
    model: Model, start: tuple[str, ...], time_limit_seconds: float, *, minimise: bool
) -> Outcome:
    highs = new_highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", float(time_limit_seconds))
    # Proven optimal means gap 0, not HiGHS's default tolerance of 0.01 %.
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.passModel(model.lp)
    start_values = model.start(start)
    highs.setSolution(len(start_values), np.arange(len(start_values), dtype=np.int32), start_values)
    highs.run()
    status = highs.getModelStatus()
    if status not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kTimeLimit):
        raise RuntimeError(f"HiGHS ended with {highs.modelStatusToString(status)}")
    info = highs.getInfo()
    values = np.asarray(highs.getSolution().col_value)
    n_candidates = len(model.candidates)
    network = start
    if len(values) >= n_candidates and np.isfinite(info.objective_function_value):
        is_open = values[:n_candidates] > 0.5
        network = tuple(sorted(c for c, o in zip(model.candidates, is_open, strict=True) if o))
    sign = 1.0 if minimise else -1.0
    return Outcome(
        network=network,
        bound=sign * float(info.mip_dual_bound),
        proven=status == highspy.HighsModelStatus.kOptimal,
    )
