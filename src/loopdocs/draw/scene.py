"""The two panels every page shows: "data & fitted line y = w·x + b" and "loss vs. epoch".

:class:`FitScene` draws the panels once and moves only what changes from epoch to epoch
(the line, the loss curve, the readout's numbers), so the static figure and every animation
frame come from the same code. The readout sits in the corner of the data panel with fewest
points, and the fitted line is clipped around it so the numbers stay legible. A diverging run
keeps axes set from its sane part, switches the loss to a log scale and marks the epoch where
the loss stopped being finite, with the label placed clear of the curve.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import numpy as np
from matplotlib import transforms
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from loopdocs.draw.layout import DPI, Layout, get_layout
from loopdocs.draw.png import compact_png
from loopdocs.draw.readout import (
    MONO,
    READOUT_FONTSIZE,
    READOUT_LABELS,
    ReadoutBox,
    emptiest_corner,
    short_number,
)
from loopdocs.draw.themes import Theme, get_theme, style
from loopdocs.loop.data import LineData
from loopdocs.loop.readings import check_drawn_over, log_scale
from loopdocs.loop.train import History

#: A fitted line looks like a vertical bar once the part of it inside the data panel spans
#: less than this fraction of the panel's width (a few pixels on a page).
NEAR_VERTICAL = 0.02


class FitScene:
    """The two panels for one run, drawn in one theme, set to any recorded epoch.

    ``layout`` ('wide' or 'narrow', by default the current one: see
    :func:`loopdocs.draw.layout.laid_out`) puts the panels side by side or one above the other.
    """

    def __init__(
        self,
        history: History,
        data: LineData,
        theme: str | Theme = "light",
        layout: str | Layout | None = None,
    ) -> None:
        if not isinstance(history, History):
            raise ValueError(f"history must be a loopdocs History, got {type(history).__name__}")
        if not isinstance(data, LineData):
            raise ValueError(f"data must be a LineData, got {type(data).__name__}")
        if history.epochs_run == 0 or not history.w:
            raise ValueError("history must hold at least one epoch of a line fit (w and b)")
        check_drawn_over(history, data)
        self.history = history
        self.data = data
        self.theme = get_theme(theme)
        self.layout = get_layout(layout)
        width, height = self.layout.scene
        with style(self.theme):
            self.figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
            FigureCanvasAgg(self.figure)
            self._draw_static()

    @property
    def epochs(self) -> range:
        """The 1-based epochs this scene can show."""
        return range(1, self.history.epochs_run + 1)

    def _draw_static(self) -> None:
        """Everything that stays put from frame to frame: axes, points, labels, limits."""
        self.ax_fit, self.ax_loss = self._make_axes()
        self._draw_data_panel()
        self._draw_loss_panel()

    def _make_axes(self) -> tuple[Axes, Axes]:
        """The data and loss axes, side by side (wide) or one above the other (narrow)."""
        fig = self.figure
        if self.layout.columns >= 2:
            ax_fit, ax_loss = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1]})
            fig.subplots_adjust(left=0.07, right=0.98, bottom=0.16, top=0.88, wspace=0.22)
            return ax_fit, ax_loss
        # One above the other, with the wide scene's margins in inches.
        width, height = fig.get_figwidth(), fig.get_figheight()
        gap, bottom, top = 0.85, 0.46, 0.35  # inches: x label and title; x label; title
        panel = (height - bottom - top - gap) / 2
        ax_fit, ax_loss = fig.subplots(2, 1)
        fig.subplots_adjust(
            left=0.66 / width,
            right=1 - 0.144 / width,
            bottom=bottom / height,
            top=1 - top / height,
            hspace=gap / panel,
        )
        return ax_fit, ax_loss

    def _draw_data_panel(self) -> None:
        """The points, padded limits, an empty fitted line and the readout's labels."""
        ax, t = self.ax_fit, self.theme
        x = self.data.x.reshape(-1).numpy()
        y = self.data.y.reshape(-1).numpy()
        ax.scatter(x, y, s=14, color=t.points, label="data", zorder=2)
        x_pad = 0.05 * (x.max() - x.min())  # > 0: check_drawn_over refuses a single x
        y_pad = 0.15 * (y.max() - y.min()) or 0.5  # points all at one height: room around them
        self._x_span = np.array([x.min() - x_pad, x.max() + x_pad])
        ax.set_xlim(*self._x_span)
        ax.set_ylim(min(y.min(), 0.0) - y_pad, y.max() + y_pad)
        ax.set_title("data & fitted line y = w·x + b")
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        (self.fit_line,) = ax.plot([], [], color=t.line, linewidth=2.2, label="fitted line")
        self._draw_readout(x, y)

    def _draw_loss_panel(self) -> None:
        """Limits and scale from the whole run, empty curves, and the hidden "diverged" marker."""
        ax, h = self.ax_loss, self.history
        losses = np.array(h.loss, dtype=float)
        ax.set_title("loss vs. epoch")
        ax.set_xlabel("epoch")
        ax.set_ylabel("MSE loss")
        self._set_loss_limits(losses)
        self._draw_loss_lines()
        self.alarm: Artist | None = None
        if h.diverged_at is not None:
            self.alarm = ax.axvline(
                h.diverged_at, color=self.theme.alarm, linestyle=":", linewidth=2
            )
            self.alarm_text = self._alarm_label(h.diverged_at, losses)
            self.alarm.set_visible(False)
            self.alarm_text.set_visible(False)

    def _set_loss_limits(self, losses: np.ndarray) -> None:
        """Room for every epoch across, and for the finite losses up (log: :func:`log_scale`)."""
        ax, h = self.ax_loss, self.history
        finite = losses[np.isfinite(losses)]
        epochs_axis = max(h.epochs_run, 2)
        # Room right of the last epoch, so its dot and a "diverged" marker sit inside the frame.
        ax.set_xlim(0, epochs_axis * 1.03 + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (1.0, 1.0)
        self.log_scale = log_scale(finite, diverged=h.diverged)
        if self.log_scale:
            ax.set_yscale("log")
            ax.set_ylim(max(low, 1e-12) / 2, high * 4)
        elif finite.size:
            ax.set_ylim(0, high * 1.08)
        else:  # never a finite loss: nothing to scale, only the "diverged" marker to show
            ax.set_ylim(0, 1)
            ax.set_yticks([])

    def _draw_loss_lines(self) -> None:
        """The empty training curve and its dot, and the validation curve with a legend if any."""
        ax, t = self.ax_loss, self.theme
        (self.loss_curve,) = ax.plot([], [], color=t.loss, linewidth=2, label="training")
        (self.loss_dot,) = ax.plot([], [], "o", color=t.loss, markersize=5, clip_on=False)
        self.val_curve: Line2D | None = None
        if self.history.val_loss:
            (self.val_curve,) = ax.plot(
                [], [], color=t.validation, linewidth=2, linestyle="--", label="validation"
            )
            ax.legend(loc="upper right")

    def _draw_readout(self, x: np.ndarray, y: np.ndarray) -> None:
        """Labels drawn once, numbers beside them per frame, in the emptiest corner."""
        ax = self.ax_fit
        self._make_readout_texts()
        box = self._readout_box()
        pad_x, pad_y = 8 / box.axes_width, 6 / box.axes_height  # from the axes edges, in pixels
        points = ax.transAxes.inverted().transform(ax.transData.transform(np.column_stack([x, y])))
        x0, y0 = emptiest_corner(points, box.width, box.height, pad_x, pad_y)
        top_baseline = y0 + box.height - box.ascent_px / box.axes_height
        for row, (label, value) in enumerate(zip(self.readout_labels, self.readout, strict=True)):
            row_y = top_baseline - row * box.step_px / box.axes_height
            label.set_position((x0, row_y))
            value.set_position((x0 + box.width, row_y))  # numbers right-aligned to the box's edge
        self._keep_clear(x0, y0, box.width, box.height, pad_x / 2, pad_y / 2)

    def _make_readout_texts(self) -> None:
        # One text per row, so every row sits on the same baseline grid in both columns
        # (a multi-line text spaces its lines by the tallest letters in each).
        ax, t = self.ax_fit, self.theme

        def texts(content: Sequence[str], ha: str) -> list[Text]:
            return [
                ax.text(0, 0, c, va="baseline", ha=ha, color=t.text, transform=ax.transAxes, **MONO)
                for c in content
            ]

        self.readout_labels = texts(READOUT_LABELS, "left")
        self.readout = texts([""] * len(READOUT_LABELS), "right")

    def _readout_box(self) -> ReadoutBox:
        """The readout's size in axes fraction, measured on the renderer with its widest value."""
        renderer = self.figure.canvas.get_renderer()  # type: ignore[attr-defined]
        widest = max(len(v) for e in self.epochs for v in self._readout_values(e))
        sample = self.readout[0]
        sample.set_text("0" * widest)
        extents = [text.get_window_extent(renderer) for text in (*self.readout_labels, sample)]
        sample.set_text("")
        axes = self.ax_fit.get_window_extent(renderer)
        baseline = axes.y0  # every text still sits at (0, 0), on the axes' bottom edge
        ascent = max(e.y1 for e in extents) - baseline
        descent = baseline - min(e.y0 for e in extents)
        step = 1.2 * READOUT_FONTSIZE * DPI / 72  # pixels between baselines
        rows = len(READOUT_LABELS)
        label_width = max(e.width for e in extents[:-1])
        values_width = extents[-1].width
        gap = values_width / widest  # one character
        return ReadoutBox(
            width=(label_width + gap + values_width) / axes.width,
            height=(ascent + (rows - 1) * step + descent) / axes.height,
            ascent_px=ascent,
            step_px=step,
            axes_width=axes.width,
            axes_height=axes.height,
        )

    def _keep_clear(
        self, x0: float, y0: float, width: float, height: float, margin_x: float, margin_y: float
    ) -> None:
        """Stop the fitted line and the gridlines at the readout's edge (axes fraction)."""
        ax = self.ax_fit
        # The fitted line stops there (a hole in its clip path), so a steep line never runs
        # through the numbers.
        hole = [
            (x0 - margin_x, y0 - margin_y),
            (x0 - margin_x, y0 + height + margin_y),
            (x0 + width + margin_x, y0 + height + margin_y),
            (x0 + width + margin_x, y0 - margin_y),
        ]
        # Gridlines stop there too: the box is the page colour, above the grid, below points.
        box = Rectangle(
            hole[0],
            width + 2 * margin_x,
            height + 2 * margin_y,
            transform=ax.transAxes,
            facecolor=self.theme.background,
            edgecolor="none",
            zorder=1,
        )
        ax.add_patch(box)
        outline = [(0, 0), (1, 0), (1, 1), (0, 1)]  # counter-clockwise; the hole clockwise
        codes = [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]
        clip = Path([*outline, (0, 0), *hole, hole[0]], codes * 2)
        self.fit_line.set_clip_path(clip, ax.transAxes)

    def _alarm_label(self, diverged_at: int, losses: np.ndarray) -> Text:
        """The "diverged at epoch N" label beside the marker, where the curve is not."""
        ax, t = self.ax_loss, self.theme
        label: Text = ax.text(
            diverged_at,
            0.5,
            f"diverged at\nepoch {diverged_at}",
            transform=ax.get_xaxis_transform(),
            color=t.alarm,
            fontsize=9,
            ha="right",
            va="center",
            bbox={"boxstyle": "square,pad=0.25", "facecolor": t.background, "edgecolor": "none"},
        )
        renderer = self.figure.canvas.get_renderer()  # type: ignore[attr-defined]
        size = label.get_window_extent(renderer)
        axes = ax.get_window_extent(renderer)
        marker_x = float(ax.transData.transform((diverged_at, 1.0))[0])
        offset = 6.0  # pixels between the marker and the label
        if marker_x - offset - size.width < axes.x0:
            label.set_horizontalalignment("left")
            span = (marker_x, marker_x + offset + size.width)
        else:
            span = (marker_x - offset - size.width, marker_x)
        # Heights (as fractions of the axes) the loss curve reaches under the label.
        epochs = np.arange(1, len(losses) + 1, dtype=float)
        shown = np.isfinite(losses)
        screen = ax.transData.transform(np.column_stack([epochs[shown], losses[shown]]))
        under = (screen[:, 0] >= span[0]) & (screen[:, 0] <= span[1])
        heights = (screen[under, 1] - axes.y0) / axes.height
        half = size.height / axes.height / 2

        def clearance(centre: float) -> float:
            if heights.size == 0:
                return 1.0
            return float(np.min(np.maximum(np.abs(heights - centre) - half, 0.0)))

        centre = max((0.5, 0.2, 0.8), key=clearance)  # first wins a tie: the middle
        shift = offset if label.get_horizontalalignment() == "left" else -offset
        label.set_y(centre)
        label.set_transform(
            ax.get_xaxis_transform()
            + transforms.ScaledTranslation(shift / DPI, 0, self.figure.dpi_scale_trans)
        )
        return label

    @property
    def colours(self) -> list[str]:
        """The theme colours this scene draws with (besides the background)."""
        t = self.theme
        used = [t.text, t.muted, t.grid, t.points, t.line, t.loss]
        if self.val_curve is not None:
            used.append(t.validation)
        if self.alarm is not None:
            used.append(t.alarm)
        return used

    @property
    def animated_artists(self) -> list[Artist]:
        """The artists that change between epochs, in drawing order."""
        artists: list[Artist] = [self.fit_line, *self.readout, self.loss_curve, self.loss_dot]
        if self.val_curve is not None:
            artists.append(self.val_curve)
        if self.alarm is not None:
            artists += [self.alarm, self.alarm_text]
        return artists

    def swinging_epochs(self) -> int:
        """The epochs from the first up to the one where the fitted line first stands near
        vertical in the data panel (its drawn part spans under :data:`NEAR_VERTICAL` of the
        panel's width), or the last epoch: where a diverging run's line can still be seen to
        swing. It depends on the data's limits alone, so both layouts agree."""
        x_low, x_high = self.ax_fit.get_xlim()
        y_low, y_high = self.ax_fit.get_ylim()
        for epoch in self.epochs:
            w = self.history.w[epoch - 1]
            if not math.isfinite(w) or abs(w) * (x_high - x_low) * NEAR_VERTICAL > y_high - y_low:
                return epoch
        return self.history.epochs_run

    def set_epoch(self, epoch: int) -> None:
        """Show the state at the start of ``epoch`` (1-based) and the losses up to it."""
        if not 1 <= epoch <= self.history.epochs_run:
            raise ValueError(
                f"epoch must be between 1 and {self.history.epochs_run}, got {epoch!r}"
            )
        h, i = self.history, epoch - 1
        w, b = h.w[i], h.b[i]
        if math.isfinite(w) and math.isfinite(b):
            self.fit_line.set_data(self._x_span, w * self._x_span + b)
        else:
            self.fit_line.set_data([], [])
        for text, value in zip(self.readout, self._readout_values(epoch), strict=True):
            text.set_text(value)
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

    def _readout_values(self, epoch: int) -> tuple[str, str, str, str]:
        h, i = self.history, epoch - 1
        loss = h.loss[i]
        shown = f"{loss:.3g}" if math.isfinite(loss) else "not finite"
        return f"{epoch}", short_number(h.w[i]), short_number(h.b[i]), shown

    def png(self, epoch: int | None = None) -> bytes:
        """The figure at ``epoch`` (default: the last) as PNG bytes with no version metadata."""
        self.set_epoch(self.history.epochs_run if epoch is None else epoch)
        buffer = io.BytesIO()
        with style(self.theme):
            self.figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        return compact_png(buffer.getvalue(), self.theme)


def draw_fit(
    history: History,
    data: LineData,
    theme: str | Theme = "light",
    layout: str | Layout | None = None,
) -> Figure:
    """The two-panel figure of ``history`` at its last epoch, as a matplotlib Figure."""
    scene = FitScene(history, data, theme, layout)
    scene.set_epoch(history.epochs_run)
    return scene.figure
