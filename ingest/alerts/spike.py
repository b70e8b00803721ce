"""The spike test: is a day's count of stories far above an actor's or topic's baseline?

Method (stated, and tested in tests/test_alerts.py): the baseline rate is the mean number
of stories per day over the `baseline_days` (56: eight weeks) before the day, λ. The day
is a spike when it has at least `min_stories` stories (5: one story on a quiet topic is
no spike) and P(X ≥ count) < `p_value` (0.001) for X ~ Poisson(λ). With an empty baseline
(λ = 0) any day reaching the minimum is a spike.
"""
from __future__ import annotations

import math


def poisson_upper_tail(count: int, rate: float) -> float:
    """P(X ≥ count) for X ~ Poisson(rate), summed from `count` up (no 1 − CDF, which
    loses the tiny probabilities the test is about)."""
    if count <= 0:
        return 1.0
    if rate <= 0:
        return 0.0
    term = math.exp(-rate + count * math.log(rate) - math.lgamma(count + 1))
    total, k = 0.0, count
    while term > 1e-300 and (term > total * 1e-15 or k < rate):
        total += term
        k += 1
        term *= rate / k
    return min(total, 1.0)


def is_spike(count: int, baseline_stories: int, baseline_days: int, min_stories: int, p_value: float) -> tuple[bool, float]:
    """Whether `count` stories in a day is a spike over `baseline_stories` in the previous
    `baseline_days`; and the test's p."""
    rate = baseline_stories / baseline_days
    p = poisson_upper_tail(count, rate)
    return count >= min_stories and p < p_value, p
