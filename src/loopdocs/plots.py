"""The two panels every page shows: "data & fitted line y = w·x + b" and "loss vs. epoch".

:class:`FitScene` draws the panels once and moves only what changes from epoch to epoch
(the line, the loss curve, the readout), so the static figure and every animation frame come
from the same code. A diverging run keeps axes set from its sane part, switches the loss to a
log scale and marks the epoch where the loss stopped being finite.
"""

from __future__ import annotations

import io
import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from loopdocs.data import LineData
from loopdocs.themes import Theme, get_theme, style
from loopdocs.train import History

#: Pixel size of the two-panel figure (width, height) at :data:`DPI`.
SIZE = (720, 288)
DPI = 100


class FitScene:
    """The two panels for one run, drawn in one theme, set to any recorded epoch."""

    def __init__(self, history: History, data: LineData, theme: str | Theme = "light") -> None:
        if not isinstance(history, History):
            raise ValueError(f"history must be a loopdocs History, got {type(history).__name__}")
        if not isinstance(data, LineData):
            raise ValueError(f"data must be a LineData, got {type(data).__name__}")
        if history.epochs_run == 0 or not history.w:
            raise ValueError("history must hold at least one epoch of a line fit (w and b)")
        self.history = history
        self.data = data
        self.theme = get_theme(theme)
        with style(self.theme):
            self.figure = Figure(figsize=(SIZE[0] / DPI, SIZE[1] / DPI), dpi=DPI)
            FigureCanvasAgg(self.figure)
            self._draw_static()

    @property
    def epochs(self) -> range:
        """The 1-based epochs this scene can show."""
        return range(1, self.history.epochs_run + 1)

    def _draw_static(self) -> None:
        h, t = self.history, self.theme
        fig = self.figure
        ax_fit, ax_loss = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1]})
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.16, top=0.88, wspace=0.22)
        self.ax_fit, self.ax_loss = ax_fit, ax_loss

        x = self.data.x.reshape(-1).numpy()
        y = self.data.y.reshape(-1).numpy()
        ax_fit.scatter(x, y, s=14, color=t.points, label="data", zorder=2)
        x_pad = 0.05 * (x.max() - x.min())
        y_pad = 0.15 * (y.max() - y.min())
        self._x_span = np.array([x.min() - x_pad, x.max() + x_pad])
        ax_fit.set_xlim(*self._x_span)
        ax_fit.set_ylim(min(y.min(), 0.0) - y_pad, y.max() + y_pad)
        ax_fit.set_title("data & fitted line y = w·x + b")
        ax_fit.set_xlabel("x")
        ax_fit.set_ylabel("y")
        (self.fit_line,) = ax_fit.plot([], [], color=t.line, linewidth=2.2, label="fitted line")
        self.readout = ax_fit.text(
            0.03,
            0.95,
            "",
            transform=ax_fit.transAxes,
            va="top",
            ha="left",
            fontsize=9,
            family="DejaVu Sans Mono",
            color=t.text,
        )

        losses = np.array(h.loss, dtype=float)
        finite = losses[np.isfinite(losses)]
        epochs_axis = max(h.epochs_run, 2)
        ax_loss.set_xlim(0, epochs_axis + 0.5)
        ax_loss.set_title("loss vs. epoch")
        ax_loss.set_xlabel("epoch")
        ax_loss.set_ylabel("MSE loss")
        # A run that never had a finite loss still gets sane axes (and the "diverged" marker).
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (1.0, 1.0)
        self.log_scale = h.diverged or (low > 0 and high / low > 100)
        if self.log_scale:
            ax_loss.set_yscale("log")
            ax_loss.set_ylim(max(low, 1e-12) / 2, high * 4)
        else:
            ax_loss.set_ylim(0, high * 1.08)
        (self.loss_curve,) = ax_loss.plot([], [], color=t.loss, linewidth=2, label="training")
        (self.loss_dot,) = ax_loss.plot([], [], "o", color=t.loss, markersize=5)
        self.val_curve: Line2D | None = None
        if h.val_loss:
            (self.val_curve,) = ax_loss.plot(
                [], [], color=t.validation, linewidth=2, linestyle="--", label="validation"
            )
            ax_loss.legend(loc="upper right")
        self.alarm: Artist | None = None
        if h.diverged_at is not None:
            self.alarm = ax_loss.axvline(h.diverged_at, color=t.alarm, linestyle=":", linewidth=2)
            self.alarm_text = ax_loss.text(
                h.diverged_at,
                0.5,
                f" diverged at\n epoch {h.diverged_at} ",
                transform=ax_loss.get_xaxis_transform(),
                color=t.alarm,
                fontsize=9,
                ha="right",
                va="center",
            )
            self.alarm.set_visible(False)
            self.alarm_text.set_visible(False)

    @property
    def animated_artists(self) -> list[Artist]:
        """The artists that change between epochs, in drawing order."""
        artists: list[Artist] = [self.fit_line, self.readout, self.loss_curve, self.loss_dot]
        if self.val_curve is not None:
            artists.append(self.val_curve)
        if self.alarm is not None:
            artists += [self.alarm, self.alarm_text]
        return artists

    def set_epoch(self, epoch: int) -> None:
        """Show the state at the start of ``epoch`` (1-based) and the losses up to it."""
        if not 1 <= epoch <= self.history.epochs_run:
            raise ValueError(
                f"epoch must be between 1 and {self.history.epochs_run}, got {epoch!r}"
            )
        h, i = self.history, epoch - 1
        w, b, loss = h.w[i], h.b[i], h.loss[i]
        if math.isfinite(w) and math.isfinite(b):
            self.fit_line.set_data(self._x_span, w * self._x_span + b)
        else:
            self.fit_line.set_data([], [])
        shown = f"{loss:.3g}" if math.isfinite(loss) else "not finite"
        self.readout.set_text(f"epoch {epoch:>4}\nw = {_short(w)}\nb = {_short(b)}\nloss = {shown}")
        epochs = np.arange(1, epoch + 1)
        losses = np.array(h.loss[:epoch], dtype=float)
        losses[~np.isfinite(losses)] = np.nan
        self.loss_curve.set_data(epochs, losses)
        self.loss_dot.set_data([epoch], [losses[-1]])
        if self.val_curve is not None:
            self.val_curve.set_data(epochs, np.array(h.val_loss[:epoch], dtype=float))
        if self.alarm is not None and h.diverged_at is not None:
            reached = epoch >= h.diverged_at
            self.alarm.set_visible(reached)
            self.alarm_text.set_visible(reached)

    def png(self, epoch: int | None = None) -> bytes:
        """The figure at ``epoch`` (default: the last) as PNG bytes with no version metadata."""
        self.set_epoch(self.history.epochs_run if epoch is None else epoch)
        buffer = io.BytesIO()
        with style(self.theme):
            self.figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        return buffer.getvalue()


def _short(value: float) -> str:
    if not math.isfinite(value):
        return "not finite"
    return f"{value:+.3f}" if abs(value) < 1e4 else f"{value:+.2e}"


def fit_figure(history: History, data: LineData, theme: str | Theme = "light") -> Figure:
    """The two-panel figure of ``history`` at its last epoch, as a matplotlib Figure."""
    scene = FitScene(history, data, theme)
    scene.set_epoch(history.epochs_run)
    return scene.figure


def figure_png(draw: object, theme: str | Theme = "light") -> bytes:
    """Call ``draw(theme)`` inside the theme's style and return its Figure as PNG bytes.

    The PNG carries no version metadata, so the same drawing always gives the same bytes.
    """
    if not callable(draw):
        raise ValueError("draw must be a callable taking a Theme and returning a Figure")
    resolved = get_theme(theme)
    with style(resolved):
        figure = draw(resolved)
        if not isinstance(figure, Figure):
            raise ValueError(f"draw must return a matplotlib Figure, got {type(figure).__name__}")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(figure)  # a no-op unless draw() used pyplot, which would also display it inline
    return buffer.getvalue()
