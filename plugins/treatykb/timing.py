"""Where a build's time goes, phase by phase, so the scale benchmark can show which part of
treatykb's own work grows with the knowledge base (scripts/bench.py).

Phases nest: time spent in an inner phase (citations found while loading) counts for it
alone, not for the phase around it, so the totals add up to treatykb's share of the build
and the rest is the site generator's. Timing costs a clock read at each boundary; the
totals are only written out when `TREATYKB_TIMINGS` names a file.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

ENV = "TREATYKB_TIMINGS"
"""Environment variable: a path to write the build's phase totals to, as JSON."""


WORKERS = "in workers: "
"""Prefix of phases that ran in worker processes, beside the build rather than within it."""

Clock = tuple[float, float]
"""(wall, CPU) seconds. CPU time counts this process and the programs it ran and waited
for (the indexer's processes): on a shared machine it is the steadier of the two."""


def _now() -> Clock:
    t = os.times()
    return time.perf_counter(), t.user + t.system + t.children_user + t.children_system


class Phases:
    """Wall and CPU seconds per phase name, exclusive of the phases nested inside."""

    def __init__(self) -> None:
        self.totals: dict[str, Clock] = {}
        self._stack: list[tuple[str, Clock]] = []

    def reset(self) -> None:
        self.totals = {}
        self._stack = []

    def _add(self, name: str, since: Clock, until: Clock) -> None:
        wall, cpu = self.totals.get(name, (0.0, 0.0))
        self.totals[name] = (wall + until[0] - since[0], cpu + until[1] - since[1])

    def phase(self, name: str) -> _Phase:
        return _Phase(self, name)

    def _enter(self, name: str) -> None:
        now = _now()
        if self._stack:  # the outer phase pauses while this one runs
            self._add(*self._stack[-1], now)
        self._stack.append((name, now))

    def _exit(self) -> None:
        end = _now()
        self._add(*self._stack.pop(), end)
        if self._stack:
            self._stack[-1] = (self._stack[-1][0], end)

    def add_elsewhere(self, totals: dict[str, Clock]) -> None:
        """Phase totals of work done in a worker process (parallel.py), kept apart as
        "in workers: <phase>": that time ran beside this process's, not within it."""
        for name, (wall, cpu) in totals.items():
            key = f"{WORKERS}{name}"
            w, c = self.totals.get(key, (0.0, 0.0))
            self.totals[key] = (w + wall, c + cpu)

    def summary(self) -> str:
        """One line for a build log: each phase with its wall seconds, largest first."""
        parts = sorted(self.totals.items(), key=lambda kv: -kv[1][0])
        return ", ".join(f"{name} {wall:.1f} s" for name, (wall, _) in parts)

    def write(self, path: Path, **extra: object) -> None:
        phases = {k: {"wall": round(w, 3), "cpu": round(c, 3)} for k, (w, c) in sorted(self.totals.items())}
        path.write_text(json.dumps({"phases": phases, **extra}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


class _Phase:
    """`with timer.phase(name)`: a class rather than a generator, being entered some
    hundred thousand times in a build of 20,000 records."""

    __slots__ = ("_name", "_on", "_phases")

    def __init__(self, phases: Phases, name: str) -> None:
        self._phases, self._name = phases, name
        # Work done in the background while serving belongs to no build.
        self._on = threading.current_thread() is threading.main_thread()

    def __enter__(self) -> None:
        if self._on:
            self._phases._enter(self._name)

    def __exit__(self, *exc: object) -> None:
        if self._on:
            self._phases._exit()


timer = Phases()
"""The build's phases: reset when a build starts (the MkDocs plugin's `on_config`)."""


def phase(name: str) -> _Phase:
    """`with phase("citations"): ...` adds the time spent inside to that phase."""
    return _Phase(timer, name)


def requested() -> Path | None:
    """The file the totals should be written to, if a benchmark asked for them."""
    value = os.environ.get(ENV)
    return Path(value) if value else None
