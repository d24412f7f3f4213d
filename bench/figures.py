"""One measured figure of a benchmark, as `./kiosk.sh bench` collects them.

Every bench script exposes ``figures(quick: bool, progress) -> list[Figure]`` (progress is a
callable taking a short text, shown on the runner's progress bar) besides its own command line.
The runner (bench/run.py) writes them to docs/benchmarks.md and docs/benchmarks.json.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field


@dataclass
class Figure:
    name: str  # what was measured, e.g. "camera pipeline fps, 640x480"
    unit: str  # "fps", "ms", "s", "/s", "MiB", "%"
    target: str  # as people read it: ">= 30", "<= 50 ms", ">= 2x the peer"
    runs: list[float]  # every run's value; the table shows their median, min and max
    peer: str | None = None  # what it is compared with, measured in the same run
    peer_runs: list[float] = field(default_factory=list)
    higher_is_better: bool = True
    met: bool | None = None  # the target met by the median (None when there is no target)
    note: str = ""

    @property
    def value(self) -> float:
        return statistics.median(self.runs)

    @property
    def peer_value(self) -> float | None:
        return statistics.median(self.peer_runs) if self.peer_runs else None

    @property
    def ratio(self) -> float | None:
        """value / peer when higher is better, peer / value otherwise (>1: better than peer)."""
        peer = self.peer_value
        if not peer or not self.value:
            return None
        return self.value / peer if self.higher_is_better else peer / self.value

    def as_dict(self) -> dict:
        out = asdict(self)
        out.update(
            value=self.value,
            min=min(self.runs),
            max=max(self.runs),
            peer_value=self.peer_value,
            ratio=self.ratio,
        )
        return out


GROWTH_TARGET_PCT = 5.0  # memory over sessions, the store file per byte written (issue 17)


def growth(name: str, percent: float, note: str, target_pct: float = GROWTH_TARGET_PCT) -> Figure:
    """A figure of growth in %, met at `target_pct` or less."""
    return Figure(
        name,
        "%",
        f"<= {target_pct:g} %",
        [percent],
        higher_is_better=False,
        met=percent <= target_pct,
        note=note,
    )
