"""Checks of what the loop is given: tensors, models and training settings, before any work.

Scalar checks (a positive int, a finite float) are :mod:`loopdocs._checks`, shared by every
layer; these need torch. Each raises a ValueError that names the argument, the value and what
is allowed, so a mistake never surfaces as a traceback from inside torch, or as a run that
trains on something else than was meant.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import torch
from torch import nn

from loopdocs._checks import (
    count_between,
    finite_float,
    non_negative_float,
    one_of,
    positive_float,
    positive_int,
    true_or_false,
)

OptimizerName = Literal["sgd", "adam"]
SchedulerFactory = Callable[[torch.optim.Optimizer], torch.optim.lr_scheduler.LRScheduler]

#: The most epochs one run may ask for: more would run for minutes with nothing to show.
MAX_EPOCHS = 100_000
#: The largest learning rate: far past any that converges here, and float32 overflows in the
#: step itself not far beyond.
MAX_LR = 1e6


def check_module(model: object) -> nn.Module:
    """Return ``model`` if it is a torch module, else raise ValueError."""
    if not isinstance(model, nn.Module):
        raise ValueError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    return model


def check_tensor(name: str, value: object) -> torch.Tensor:
    """Return ``value`` if it is a tensor on the CPU, else raise ValueError naming ``name``."""
    if not isinstance(value, torch.Tensor):
        raise ValueError(f"{name} must be a torch.Tensor, got {type(value).__name__}")
    if value.device.type != "cpu":
        raise ValueError(
            f"{name} must be on the CPU, where loopdocs trains and draws, got device "
            f"{str(value.device)!r} (move it with {name}.cpu())"
        )
    return value


def check_float32_range(name: str, value: torch.Tensor, made_from: str) -> torch.Tensor:
    """Return ``value``, a tensor just computed from ``made_from`` (arguments, named), or raise
    ValueError when some of it overflowed float32 (beyond about ±3.4e38) to inf or NaN."""
    if value.is_floating_point() and not bool(torch.isfinite(value).all()):
        limit = torch.finfo(value.dtype).max
        raise ValueError(
            f"{made_from} must keep {name} within {value.dtype}'s range (±{limit:.2g}): "
            f"these give {name} values that overflow to inf or NaN"
        )
    return value


def check_runs(runs: Sequence[object], *, most: int, recorded: str | None = None) -> None:
    """Raise ValueError unless ``runs`` are 1 to ``most`` :class:`~loopdocs.loop.measures.Run`
    objects, each of which recorded ``recorded`` (a History field such as ``"val_loss"``)."""
    from loopdocs.loop.measures import Run  # measures imports train, which imports this module

    count_between("runs", runs, 1, most, "runs")
    for run in runs:
        if not isinstance(run, Run):
            raise ValueError(f"runs must be loopdocs.loop.Run objects, got {type(run).__name__}")
        if recorded is not None and not getattr(run.history, recorded):
            raise ValueError(f"run {run.label!r} recorded no {recorded!r}")


def check_pair(
    x: object,
    y: object,
    *,
    dtype: torch.dtype | None = None,
    targets: bool = True,
    names: tuple[str, str] = ("x", "y"),
) -> None:
    """Raise ValueError unless ``x`` and ``y`` are non-empty tensors with matching rows, of
    finite values.

    With ``dtype`` (a model's), ``x`` must have it; with ``targets`` (an MSE-style loss), so
    must ``y``, and ``y`` must be 2-D like the model's output: a ``(N,)`` target against an
    ``(N, 1)`` prediction would broadcast to an ``(N, N)`` loss and silently train on it.
    """
    for name, value in zip(names, (x, y), strict=True):
        tensor = check_tensor(name, value)
        if tensor.ndim == 0 or tensor.shape[0] == 0:
            raise ValueError(
                f"{name} must hold at least one point, got shape {tuple(tensor.shape)}"
            )
    assert isinstance(x, torch.Tensor) and isinstance(y, torch.Tensor)
    x_name, y_name = names
    if x.shape[0] != y.shape[0]:
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of points, "
            f"got {x.shape[0]} and {y.shape[0]}"
        )
    for name, value in zip(names, (x, y), strict=True):
        if value.is_floating_point() and not bool(torch.isfinite(value).all()):
            row = int((~torch.isfinite(value)).reshape(len(value), -1).any(dim=1).nonzero()[0])
            raise ValueError(f"{name} must hold finite numbers; row {row} holds NaN or inf")
    if dtype is not None and x.dtype != dtype:
        raise ValueError(
            f"{x_name} must be {dtype} like the model's parameters, got {x.dtype} "
            f"(convert with {x_name}.to({dtype}))"
        )
    if targets:
        if y.dtype != x.dtype:
            raise ValueError(f"{y_name} must be {x.dtype} like {x_name}, got {y.dtype}")
        if y.ndim != 2:
            raise ValueError(
                f"{y_name} must have shape (N, outputs) like the model's predictions, got "
                f"{tuple(y.shape)} (for one output use {y_name}.reshape(-1, 1))"
            )


@dataclass(frozen=True)
class TrainOptions:
    """Every setting :func:`loopdocs.loop.train.train` takes, as given: what
    :func:`check_training` checks and the loop then reads (see ``train`` for each one's use)."""

    lr: float
    epochs: int
    optimizer: OptimizerName = "sgd"
    momentum: float = 0.0
    weight_decay: float = 0.0
    zero_grad: bool = True
    clip_grad_norm: float | None = None
    scheduler: SchedulerFactory | None = None
    x_val: torch.Tensor | None = None
    y_val: torch.Tensor | None = None
    early_stopping: int | None = None
    loss_fn: nn.Module | None = None
    record_layer_grad_norms: bool = False
    on_epoch: Callable[[int], object] | None = None


def check_training(model: object, x: torch.Tensor, y: torch.Tensor, options: TrainOptions) -> None:
    """Every argument of :func:`loopdocs.loop.train.train`, checked before any work."""
    params = _trainable_parameters(model)
    custom_loss = options.loss_fn is not None
    check_pair(x, y, dtype=params[0].dtype, targets=not custom_loss)
    _check_optimizer_settings(options)
    _check_validation(x, options, dtype=params[0].dtype, custom_loss=custom_loss)
    _check_flags_and_callables(options)
    assert isinstance(model, nn.Module)
    check_forward(model, x, y if not custom_loss else None)


def _trainable_parameters(model: object) -> list[nn.Parameter]:
    params = [p for p in check_module(model).parameters() if p.requires_grad]
    if not params:
        raise ValueError("model must have parameters to train; this one has none")
    devices = sorted({str(p.device) for p in check_module(model).parameters()} - {"cpu"})
    if devices:
        raise ValueError(
            f"model must have its parameters on the CPU, where loopdocs trains, got device "
            f"{devices[0]!r} (move it with model.cpu())"
        )
    return params


def check_forward(model: nn.Module, x: torch.Tensor, y: torch.Tensor | None) -> None:
    """Raise ValueError (TypeError for a non-tensor) unless ``model`` takes ``x``'s rows and
    predicts a tensor, shaped per point like ``y`` when ``y`` is given (an MSE-style target).

    The input's width is checked against the first ``nn.Linear`` first, then the model runs
    once on one row (``x[:1]``), in eval mode, without gradients and with the random state
    restored after, so the run that follows is exactly the run it would have been.
    """
    first = next((m for m in model.modules() if isinstance(m, nn.Linear)), None)
    if first is not None and x.ndim >= 2 and x.shape[-1] != first.in_features:
        raise ValueError(
            f"x must have {first.in_features} feature{'s' * (first.in_features != 1)} per point "
            f"for the model's first layer, {first}, got {x.shape[-1]} (x has shape "
            f"{tuple(x.shape)})"
        )
    modes = [(module, module.training) for module in model.modules()]
    try:
        model.eval()
        with torch.no_grad(), torch.random.fork_rng(devices=[]):
            output = model(x[:1])
    except (RuntimeError, ValueError, TypeError, IndexError) as error:
        raise ValueError(
            f"model must take x's rows: its forward on x[:1] failed: {error}"
        ) from None
    finally:
        for module, training in modes:
            module.training = training
    if not isinstance(output, torch.Tensor):
        raise TypeError(
            f"model's forward must return a tensor of predictions, got {type(output).__name__}"
        )
    if y is not None and tuple(output.shape) != (1, *y.shape[1:]):
        raise ValueError(
            f"model must predict y's shape per point, {tuple(y.shape[1:])}: on one row of x "
            f"it returned shape {tuple(output.shape)}, not {(1, *tuple(y.shape[1:]))}"
        )


def _check_optimizer_settings(options: TrainOptions) -> None:
    """The learning rate, epochs, optimizer and what shapes its steps."""
    lr = positive_float("lr", options.lr)
    if lr > MAX_LR:
        raise ValueError(f"lr must be at most {MAX_LR:g} (float32 overflows beyond), got {lr!r}")
    epochs = positive_int("epochs", options.epochs)
    if epochs > MAX_EPOCHS:
        raise ValueError(f"epochs must be at most {MAX_EPOCHS:,}, got {epochs:,}")
    one_of("optimizer", options.optimizer, get_args(OptimizerName))
    non_negative_float("momentum", options.momentum)
    non_negative_float("weight_decay", options.weight_decay)
    if options.clip_grad_norm is not None:
        positive_float("clip_grad_norm", options.clip_grad_norm)
    if options.scheduler is not None and not callable(options.scheduler):
        raise ValueError("scheduler must be a callable taking the optimizer, or None")


def _check_validation(
    x: torch.Tensor, options: TrainOptions, *, dtype: torch.dtype, custom_loss: bool
) -> None:
    """The validation pair, like the training pair, and early stopping, which needs it."""
    x_val, y_val = options.x_val, options.y_val
    if (x_val is None) != (y_val is None):
        raise ValueError("x_val and y_val must be given together")
    if x_val is not None:
        check_pair(x_val, y_val, dtype=dtype, targets=not custom_loss, names=("x_val", "y_val"))
        if x_val.shape[1:] != x.shape[1:]:
            raise ValueError(
                f"x_val must have x's shape per point, {tuple(x.shape[1:])}, "
                f"got {tuple(x_val.shape[1:])}"
            )
    if options.early_stopping is not None:
        positive_int("early_stopping", options.early_stopping)
        if x_val is None:
            raise ValueError("early_stopping needs validation data (x_val and y_val)")


def _check_flags_and_callables(options: TrainOptions) -> None:
    true_or_false("zero_grad", options.zero_grad)
    if options.on_epoch is not None and not callable(options.on_epoch):
        raise ValueError(
            f"on_epoch must be a callable taking the epoch, or None, got {options.on_epoch!r}"
        )
    if options.loss_fn is not None and not isinstance(options.loss_fn, nn.Module):
        raise ValueError(
            f"loss_fn must be a torch.nn.Module such as nn.MSELoss(), got {options.loss_fn!r}"
        )
    true_or_false("record_layer_grad_norms", options.record_layer_grad_norms)


def check_losses_until_divergence(loss: Sequence[float], diverged_at: int | None) -> None:
    """Raise ValueError unless ``loss`` is finite up to its last epoch, and that epoch is
    ``diverged_at`` when its loss is not finite: the loop stops at the first loss that is not
    finite and records the run as diverged there, and a history that says otherwise would be
    drawn and described as something it is not."""
    epochs = len(loss)
    for epoch, value in enumerate(loss[:-1], start=1):
        if not math.isfinite(value):
            raise ValueError(
                f"loss must be finite before its last epoch (a run stops at the first loss that "
                f"is not finite, and is diverged there), got {value!r} at epoch {epoch} of "
                f"{epochs}"
            )
    if epochs and not math.isfinite(loss[-1]) and diverged_at is None:
        raise ValueError(
            f"diverged_at must be {epochs}, the epoch whose loss is not finite ({loss[-1]!r}), "
            "got None"
        )


#: train's arguments that train_line sets itself, or takes by its own name.
_LINE_OWN = frozenset({"model", "x", "y", "lr", "epochs"})


def check_line_options(
    init: object, options: Mapping[str, object], train: Callable[..., object]
) -> tuple[float, float]:
    """``train_line``'s start ``init`` as ``(w, b)``, once every keyword in ``options`` is
    one of ``train``'s (else a TypeError naming ``train_line``, as Python would name it)."""
    if not isinstance(init, (tuple, list)) or len(init) != 2:
        raise ValueError(f"init must be a pair (w, b) of finite numbers, got {init!r}")
    allowed = [name for name in inspect.signature(train).parameters if name not in _LINE_OWN]
    for name in options:
        if name not in allowed:
            raise TypeError(
                f"train_line got an unexpected keyword argument {name!r}; it takes lr, epochs, "
                f"init and train's options: {', '.join(allowed)}"
            )
    w, b = (finite_float(f"init's {name}", value) for name, value in zip("wb", init, strict=True))
    return w, b
