"""An original, simple emblem for the demo agency's documents: a green shield with a gold star
and a wave. Drawn in code (matplotlib, already used for the charts); it is no real coat of arms."""

from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402 - after choosing the Agg backend
from matplotlib.patches import Polygon  # noqa: E402


def demo_emblem_png(size_px: int = 360) -> bytes:
    """A square PNG with a transparent background."""
    figure = plt.figure(figsize=(1, 1.2), dpi=size_px)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 100)
    axes.set_ylim(0, 120)
    axes.axis("off")
    shield = [(8, 112), (92, 112), (92, 55), (50, 4), (8, 55)]
    axes.add_patch(Polygon(shield, closed=True, facecolor="#1f6f43", edgecolor="#c9a227", lw=4))
    inner = [(16, 104), (84, 104), (84, 58), (50, 16), (16, 58)]
    axes.add_patch(Polygon(inner, closed=True, facecolor="none", edgecolor="#ffffff", lw=1.2))
    star = [
        (
            50 + (17 if i % 2 == 0 else 7) * math.sin(math.pi * i / 5),
            80 + (17 if i % 2 == 0 else 7) * math.cos(math.pi * i / 5),
        )
        for i in range(10)
    ]
    axes.add_patch(Polygon(star, closed=True, facecolor="#f2c230", edgecolor="none"))
    wave = [(20, 50), (35, 56), (50, 50), (65, 56), (80, 50), (72, 42), (50, 40), (28, 42)]
    axes.add_patch(Polygon(wave, closed=True, facecolor="#3a8fd1", edgecolor="none"))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", transparent=True)
    plt.close(figure)
    return buffer.getvalue()
