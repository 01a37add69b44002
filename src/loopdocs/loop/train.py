"""The canonical training loop, instrumented: every epoch's loss, parameters and gradients.

The loop is the five moves every PyTorch model trains with: clear the gradients, predict,
measure the loss, back-propagate, step. :func:`train` runs it on any model and records what
happened in a :class:`History`; :func:`train_line` runs it on the worked example's
``nn.Linear(1, 1)`` started at ``w = b = 0``. A run whose loss stops being finite is recorded
as diverged and stops there: it never raises in the middle of a page.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import torch
from torch import nn

from loopdocs._checks import finite_float
from loopdocs.loop.checks import check_training
from loopdocs.loop.data import LineData
from loopdocs.loop.models import weight_layers

OptimizerName = Literal["sgd", "adam"]
SchedulerFactory = Callable[[torch.optim.Optimizer], torch.optim.lr_scheduler.LRScheduler]


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
    ``layer_grad_norms`` (recorded on request) holds, for every epoch whose loss was finite, the
    norm of each layer's weight gradient before any clipping, in the order of ``layer_names``
    (input side first; see :func:`loopdocs.models.weight_layers`).
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
    def first_finite_loss(self) -> float:
        """The loss at the first epoch (always finite for a sane start)."""
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
    check_training(
        model,
        x,
        y,
        lr,
        epochs,
        optimizer,
        momentum,
        weight_decay,
        clip_grad_norm,
        scheduler,
        x_val,
        y_val,
        early_stopping,
        zero_grad,
        custom_loss=loss_fn is not None,
    )
    if on_epoch is not None and not callable(on_epoch):
        raise ValueError(f"on_epoch must be a callable taking the epoch, or None, got {on_epoch!r}")
    if loss_fn is not None and not isinstance(loss_fn, nn.Module):
        raise ValueError(f"loss_fn must be a torch.nn.Module such as nn.MSELoss(), got {loss_fn!r}")
    settings = TrainSettings(
        lr=float(lr),
        epochs=epochs,
        optimizer=optimizer,
        momentum=float(momentum),
        weight_decay=float(weight_decay),
        zero_grad=zero_grad,
        clip_grad_norm=None if clip_grad_norm is None else float(clip_grad_norm),
        scheduler=None if scheduler is None else getattr(scheduler, "__name__", "custom"),
        early_stopping=early_stopping,
    )

    if not isinstance(record_layer_grad_norms, bool):
        raise ValueError(
            f"record_layer_grad_norms must be True or False, got {record_layer_grad_norms!r}"
        )
    layers = weight_layers(model) if record_layer_grad_norms else []
    layer_norms: list[tuple[float, ...]] = []
    loss_fn = loss_fn if loss_fn is not None else nn.MSELoss()
    params = [p for p in model.parameters() if p.requires_grad]
    opt: torch.optim.Optimizer
    if optimizer == "sgd":
        opt = torch.optim.SGD(params, lr=lr, momentum=momentum, weight_decay=weight_decay)
    else:
        opt = torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)
    sched = scheduler(opt) if scheduler is not None else None
    line = _line_parameters(model)
    record: dict[str, list[float]] = {
        k: [] for k in ("loss", "val_loss", "w", "b", "grad_w", "grad_b", "grad_norm", "lr")
    }
    diverged_at: int | None = None
    best_epoch: int | None = None
    best_val = math.inf
    best_state: dict[str, torch.Tensor] | None = None

    def validate(epoch: int) -> None:
        """Score the weights this epoch ends with on the validation set (after its step)."""
        nonlocal best_val, best_epoch, best_state
        if x_val is None or y_val is None:
            return
        model.eval()
        with torch.no_grad():
            val_value = float(loss_fn(model(x_val), y_val))
        model.train()
        record["val_loss"].append(val_value)
        if early_stopping is not None and val_value < best_val:
            best_val, best_epoch = val_value, epoch
            best_state = copy.deepcopy(model.state_dict())

    for epoch in range(1, epochs + 1):
        model.train()
        if zero_grad:
            opt.zero_grad()
        if line is not None:
            record["w"].append(float(line[0].detach()))
            record["b"].append(float(line[1].detach()))
        loss = loss_fn(model(x), y)
        loss_value = float(loss.detach())
        record["loss"].append(loss_value)
        record["lr"].append(float(opt.param_groups[0]["lr"]))
        if not math.isfinite(loss_value):
            diverged_at = epoch
            validate(epoch)  # no step was taken: the epoch ends on the weights it started with
            if on_epoch is not None:
                on_epoch(epoch)
            break
        loss.backward()
        grads = [p.grad for p in params if p.grad is not None]
        # In float64: a float32 norm overflows near 1.8e19, long before the gradients do.
        norm = float(torch.linalg.vector_norm(torch.stack([g.double().norm() for g in grads])))
        record["grad_norm"].append(norm)
        if layers:
            layer_norms.append(tuple(_weight_grad_norm(layer) for _, layer in layers))
        if line is not None:
            weight, bias = line
            record["grad_w"].append(_grad_value(weight))
            record["grad_b"].append(_grad_value(bias))
        if clip_grad_norm is not None:
            nn.utils.clip_grad_norm_(params, clip_grad_norm)
        opt.step()
        if sched is not None:
            sched.step()
        validate(epoch)
        if on_epoch is not None:
            on_epoch(epoch)
        if (
            early_stopping is not None
            and best_epoch is not None
            and epoch - best_epoch >= early_stopping
        ):
            break

    if best_state is not None:
        model.load_state_dict(best_state)
    final = _line_parameters(model)
    return History(
        settings=settings,
        loss=tuple(record["loss"]),
        val_loss=tuple(record["val_loss"]),
        w=tuple(record["w"]),
        b=tuple(record["b"]),
        grad_w=tuple(record["grad_w"]),
        grad_b=tuple(record["grad_b"]),
        grad_norm=tuple(record["grad_norm"]),
        lr=tuple(record["lr"]),
        final_w=float(final[0].detach()) if final is not None else None,
        final_b=float(final[1].detach()) if final is not None else None,
        diverged_at=diverged_at,
        best_epoch=best_epoch,
        layer_names=tuple(name for name, _ in layers),
        layer_grad_norms=tuple(layer_norms),
    )


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
    if len(init) != 2:
        raise ValueError(f"init must be a pair (w, b), got {init!r}")
    model = line_model(*init)
    return train(model, data.x, data.y, lr=lr, epochs=epochs, **options)  # type: ignore[arg-type]


def _line_parameters(model: nn.Module) -> tuple[torch.Tensor, torch.Tensor] | None:
    """The weight and bias of a one-input, one-output linear model, else None."""
    if (
        isinstance(model, nn.Linear)
        and model.in_features == model.out_features == 1
        and model.bias is not None
    ):
        return model.weight, model.bias
    return None


def _grad_value(parameter: torch.Tensor) -> float:
    return float("nan") if parameter.grad is None else float(parameter.grad)


def _weight_grad_norm(layer: nn.Module) -> float:
    grad = layer.weight.grad
    return 0.0 if grad is None else float(torch.linalg.vector_norm(grad))
