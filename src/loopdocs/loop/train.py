"""The canonical training loop, instrumented: every epoch's loss, parameters and gradients.

The loop is the five moves every PyTorch model trains with: clear the gradients, predict,
measure the loss, back-propagate, step. :func:`train` checks its arguments and runs it on any
model (the loop, ``_run``, is those five moves), while a :class:`Recorder` beside it notes what
happened for a :class:`History`; :func:`train_line` runs it on the worked example's
``nn.Linear(1, 1)`` started at ``w = b = 0``. A run whose loss stops being finite is recorded
as diverged and stops there: it never raises in the middle of a page.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from loopdocs._checks import finite_float
from loopdocs.loop.checks import (
    OptimizerName,
    SchedulerFactory,
    TrainOptions,
    check_line_options,
    check_losses_until_divergence,
    check_training,
)
from loopdocs.loop.data import LineData
from loopdocs.loop.models import grad_value, line_parameters, weight_grad_norm, weight_layers
from loopdocs.loop.readings import data_fingerprint

__all__ = [
    "History",
    "OptimizerName",
    "Recorder",
    "SchedulerFactory",
    "TrainSettings",
    "line_model",
    "make_optimizer",
    "train",
    "train_line",
]


@dataclass(frozen=True)
class TrainSettings:
    """The settings a run was made with, kept beside its history for captions and tests."""

    lr: float
    epochs: int
    optimizer: str = "sgd"
    momentum: float = 0.0
    weight_decay: float = 0.0
    zero_grad: bool = True
    clip_grad_norm: float | None = None
    scheduler: str | None = None
    early_stopping: int | None = None


@dataclass(frozen=True)
class History:
    """What one run of the loop did, one entry per epoch that ran.

    Entry ``i`` describes epoch ``i + 1``: the parameters the forward pass used, the loss they
    gave, and the gradient the step then used; ``val_loss`` scores the weights the epoch ends
    with, after its step (what a loop that validates after ``optimizer.step()`` measures).
    ``w``/``b`` (and their gradients) are filled only for a one-input linear model;
    ``final_w``/``final_b`` are the parameters after the last step.
    ``points`` and ``fingerprint`` (:func:`loopdocs.loop.readings.data_fingerprint`) say what
    data the run trained on, so it is never drawn over other data; None for a history made by
    hand.
    ``layer_grad_norms`` (recorded on request) holds, for every epoch whose loss was finite, the
    norm of each layer's weight gradient before any clipping, in the order of ``layer_names``
    (input side first; see :func:`loopdocs.loop.models.weight_layers`).
    """

    settings: TrainSettings
    loss: tuple[float, ...]
    val_loss: tuple[float, ...] = ()
    w: tuple[float, ...] = ()
    b: tuple[float, ...] = ()
    grad_w: tuple[float, ...] = ()
    grad_b: tuple[float, ...] = ()
    grad_norm: tuple[float, ...] = ()
    lr: tuple[float, ...] = ()
    final_w: float | None = None
    final_b: float | None = None
    diverged_at: int | None = None
    best_epoch: int | None = None
    layer_names: tuple[str, ...] = ()
    layer_grad_norms: tuple[tuple[float, ...], ...] = ()
    points: int | None = None
    fingerprint: str | None = None

    def __post_init__(self) -> None:
        epochs = len(self.loss)
        if not isinstance(self.settings, TrainSettings):
            raise ValueError(
                f"settings must be a TrainSettings, got {type(self.settings).__name__}"
            )
        per_epoch = {"val_loss": self.val_loss, "w": self.w, "b": self.b, "lr": self.lr}
        for name, values in per_epoch.items():
            if values and len(values) != epochs:
                raise ValueError(
                    f"{name} must hold one value per epoch run ({epochs}) or none, "
                    f"got {len(values)}"
                )
        if len(self.w) != len(self.b) or len(self.grad_w) != len(self.grad_b):
            raise ValueError("w and b (and grad_w and grad_b) must be recorded together")
        # A run that stops at a non-finite loss takes no step, so records no gradient there.
        for name, values in (("grad_w", self.grad_w), ("grad_norm", self.grad_norm)):
            if values and len(values) not in (epochs, epochs - 1):
                raise ValueError(f"{name} must hold a value per step taken, got {len(values)}")
        if self.diverged_at is not None and self.diverged_at != epochs:
            raise ValueError(
                f"diverged_at must be the last epoch run ({epochs}), got {self.diverged_at}"
            )
        check_losses_until_divergence(self.loss, self.diverged_at)

    @property
    def epochs_run(self) -> int:
        """How many epochs ran (fewer than asked when the run diverged or stopped early)."""
        return len(self.loss)

    @property
    def diverged(self) -> bool:
        """True when the loss stopped being finite."""
        return self.diverged_at is not None

    @property
    def final_loss(self) -> float:
        """The loss of the last epoch that ran."""
        return self.loss[-1]

    @property
    def first_loss(self) -> float:
        """The loss of the first epoch, before any step: where the run started."""
        return self.loss[0]

    @property
    def last_finite_epoch(self) -> int:
        """The last epoch (1-based) whose loss was finite, 0 when none was."""
        finite = [i for i, value in enumerate(self.loss, start=1) if math.isfinite(value)]
        return finite[-1] if finite else 0


def train(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    lr: float,
    epochs: int,
    optimizer: OptimizerName = "sgd",
    momentum: float = 0.0,
    weight_decay: float = 0.0,
    zero_grad: bool = True,
    clip_grad_norm: float | None = None,
    scheduler: SchedulerFactory | None = None,
    x_val: torch.Tensor | None = None,
    y_val: torch.Tensor | None = None,
    early_stopping: int | None = None,
    loss_fn: nn.Module | None = None,
    record_layer_grad_norms: bool = False,
    on_epoch: Callable[[int], object] | None = None,
) -> History:
    """Train ``model`` on ``(x, y)`` full-batch and return what every epoch did.

    ``zero_grad=False`` leaves out ``optimizer.zero_grad()`` (gradients then pile up),
    ``clip_grad_norm`` clips the total gradient norm before each step, ``scheduler`` builds an
    LR scheduler from the optimizer, and ``early_stopping=k`` stops once the validation loss has
    not improved for ``k`` epochs and restores the best weights. ``loss_fn`` defaults to
    ``nn.MSELoss()``. ``record_layer_grad_norms=True`` also records each layer's weight-gradient
    norm every epoch (to see gradients vanish on their way back to the first layers).
    ``on_epoch(epoch)`` is called after every epoch, for a progress bar.
    """
    options = TrainOptions(
        lr=lr,
        epochs=epochs,
        optimizer=optimizer,
        momentum=momentum,
        weight_decay=weight_decay,
        zero_grad=zero_grad,
        clip_grad_norm=clip_grad_norm,
        scheduler=scheduler,
        x_val=x_val,
        y_val=y_val,
        early_stopping=early_stopping,
        loss_fn=loss_fn,
        record_layer_grad_norms=record_layer_grad_norms,
        on_epoch=on_epoch,
    )
    check_training(model, x, y, options)
    return _run(model, x, y, options)


def _run(model: nn.Module, x: torch.Tensor, y: torch.Tensor, options: TrainOptions) -> History:
    """The loop itself, on checked arguments: the five moves once per epoch, recorded."""
    loss_fn = options.loss_fn if options.loss_fn is not None else nn.MSELoss()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = make_optimizer(params, options)
    scheduler = options.scheduler(optimizer) if options.scheduler is not None else None
    recorder = Recorder(model, loss_fn, options)
    for epoch in range(1, options.epochs + 1):
        model.train()
        if options.zero_grad:
            optimizer.zero_grad()  # 1. clear the gradients
        recorder.start_epoch()
        prediction = model(x)  # 2. predict
        loss = loss_fn(prediction, y)  # 3. measure the loss
        if not recorder.finite_loss(epoch, loss, optimizer):
            recorder.end_epoch(epoch)  # no step: the epoch ends on the weights it started with
            break
        loss.backward()  # 4. back-propagate
        recorder.gradients()
        if options.clip_grad_norm is not None:
            nn.utils.clip_grad_norm_(params, options.clip_grad_norm)
        optimizer.step()  # 5. step
        if scheduler is not None:
            scheduler.step()
        if recorder.end_epoch(epoch):
            break
    return recorder.history(_settings(options), trained_on=(x, y))


def make_optimizer(params: list[nn.Parameter], options: TrainOptions) -> torch.optim.Optimizer:
    """The optimizer ``options`` name, over ``params``, with its learning rate and extras."""
    if options.optimizer == "sgd":
        return torch.optim.SGD(
            params, lr=options.lr, momentum=options.momentum, weight_decay=options.weight_decay
        )
    return torch.optim.Adam(params, lr=options.lr, weight_decay=options.weight_decay)


def _settings(options: TrainOptions) -> TrainSettings:
    """What a History keeps of the options: the numbers as floats, the scheduler by name."""
    scheduler = options.scheduler
    return TrainSettings(
        lr=float(options.lr),
        epochs=options.epochs,
        optimizer=options.optimizer,
        momentum=float(options.momentum),
        weight_decay=float(options.weight_decay),
        zero_grad=options.zero_grad,
        clip_grad_norm=None if options.clip_grad_norm is None else float(options.clip_grad_norm),
        scheduler=None if scheduler is None else getattr(scheduler, "__name__", "custom"),
        early_stopping=options.early_stopping,
    )


class Recorder:
    """What the loop writes down as it runs, and the :class:`History` it makes of that.

    The loop calls it at fixed points of every epoch: :meth:`start_epoch` before the forward
    pass (a line model's ``w`` and ``b``), :meth:`finite_loss` after the loss (the loss and
    learning rate, and whether the run goes on), :meth:`gradients` after the backward pass, and
    :meth:`end_epoch` after the step (the validation loss, the best weights so far for early
    stopping, ``on_epoch``). Nothing it does changes the run.
    """

    def __init__(self, model: nn.Module, loss_fn: nn.Module, options: TrainOptions) -> None:
        self._model = model
        self._loss_fn = loss_fn
        self._options = options
        self._params = [p for p in model.parameters() if p.requires_grad]
        self._line = line_parameters(model)
        self._layers = weight_layers(model) if options.record_layer_grad_norms else []
        self._values: dict[str, list[float]] = {
            k: [] for k in ("loss", "val_loss", "w", "b", "grad_w", "grad_b", "grad_norm", "lr")
        }
        self._layer_norms: list[tuple[float, ...]] = []
        self._diverged_at: int | None = None
        self._best_epoch: int | None = None
        self._best_val = math.inf
        self._best_state: dict[str, torch.Tensor] | None = None

    def start_epoch(self) -> None:
        """Note the parameters this epoch's forward pass uses (a line model's w and b)."""
        if self._line is not None:
            self._values["w"].append(float(self._line[0].detach()))
            self._values["b"].append(float(self._line[1].detach()))

    def finite_loss(self, epoch: int, loss: torch.Tensor, optimizer: torch.optim.Optimizer) -> bool:
        """Note the loss and learning rate; False, with the run diverged here, when not finite."""
        value = float(loss.detach())
        self._values["loss"].append(value)
        self._values["lr"].append(float(optimizer.param_groups[0]["lr"]))
        if math.isfinite(value):
            return True
        self._diverged_at = epoch
        return False

    def gradients(self) -> None:
        """Note the gradients the backward pass left, before any clipping."""
        grads = [p.grad for p in self._params if p.grad is not None]
        # In float64: a float32 norm overflows near 1.8e19, long before the gradients do.
        norm = float(torch.linalg.vector_norm(torch.stack([g.double().norm() for g in grads])))
        self._values["grad_norm"].append(norm)
        if self._layers:
            self._layer_norms.append(tuple(weight_grad_norm(layer) for _, layer in self._layers))
        if self._line is not None:
            weight, bias = self._line
            self._values["grad_w"].append(grad_value(weight))
            self._values["grad_b"].append(grad_value(bias))

    def end_epoch(self, epoch: int) -> bool:
        """Validate the weights the epoch ends with and report it; True when early stopping
        says the run is done (the validation loss has not improved for that many epochs)."""
        self._validate(epoch)
        if self._options.on_epoch is not None:
            self._options.on_epoch(epoch)
        patience = self._options.early_stopping
        best = self._best_epoch
        return patience is not None and best is not None and epoch - best >= patience

    def history(
        self, settings: TrainSettings, trained_on: tuple[torch.Tensor, torch.Tensor] | None = None
    ) -> History:
        """Everything noted, as a History; the model gets its best weights back first when
        early stopping kept them. ``trained_on``, the loop's ``(x, y)``, is kept as
        :func:`~loopdocs.loop.readings.data_fingerprint` and its number of points."""
        seen = (len(trained_on[0]), data_fingerprint(*trained_on)) if trained_on else (None, None)
        if self._best_state is not None:
            self._model.load_state_dict(self._best_state)
        final = line_parameters(self._model)
        values = {name: tuple(recorded) for name, recorded in self._values.items()}
        return History(
            settings=settings,
            **values,
            final_w=float(final[0].detach()) if final is not None else None,
            final_b=float(final[1].detach()) if final is not None else None,
            diverged_at=self._diverged_at,
            best_epoch=self._best_epoch,
            layer_names=tuple(name for name, _ in self._layers),
            layer_grad_norms=tuple(self._layer_norms),
            points=seen[0],
            fingerprint=seen[1],
        )

    def _validate(self, epoch: int) -> None:
        """Score the weights this epoch ends with on the validation set (after its step)."""
        x_val, y_val = self._options.x_val, self._options.y_val
        if x_val is None or y_val is None:
            return
        self._model.eval()
        with torch.no_grad():
            val_value = float(self._loss_fn(self._model(x_val), y_val))
        self._model.train()
        self._values["val_loss"].append(val_value)
        if self._options.early_stopping is not None and val_value < self._best_val:
            self._best_val, self._best_epoch = val_value, epoch
            self._best_state = copy.deepcopy(self._model.state_dict())


def line_model(w: float = 0.0, b: float = 0.0) -> nn.Linear:
    """An ``nn.Linear(1, 1)`` whose weight and bias start at ``w`` and ``b``."""
    model = nn.Linear(1, 1)
    with torch.no_grad():
        model.weight.fill_(finite_float("w", w))
        model.bias.fill_(finite_float("b", b))
    return model


def train_line(
    data: LineData,
    *,
    lr: float = 0.03,
    epochs: int = 200,
    init: tuple[float, float] = (0.0, 0.0),
    **options: object,
) -> History:
    """Fit ``y = w * x + b`` to ``data`` from ``w, b = init``: the worked example's run.

    Further keyword ``options`` are those of :func:`train`.
    """
    if not isinstance(data, LineData):
        raise ValueError(f"data must be a LineData from make_line_data, got {type(data).__name__}")
    w, b = check_line_options(init, options, train)
    model = line_model(w, b)
    return train(model, data.x, data.y, lr=lr, epochs=epochs, **options)  # type: ignore[arg-type]
