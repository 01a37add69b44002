from __future__ import annotations

import copy
import dataclasses
import inspect
import math

import numpy as np
import pytest
import torch
from torch import nn

from loopdocs import line_model, make_line_data, train_line, train_val_split
from loopdocs.loop.checks import TrainOptions
from loopdocs.loop.train import Recorder, TrainSettings, make_optimizer, train


def closed_form(x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Least squares by the normal equations in float64, independent of the library."""
    xs = x.numpy().ravel().astype(np.float64)
    ys = y.numpy().ravel().astype(np.float64)
    design = np.column_stack([xs, np.ones_like(xs)])
    w, b = np.linalg.solve(design.T @ design, design.T @ ys)
    return float(w), float(b)


def test_worked_example_reaches_the_closed_form_solution() -> None:
    data = make_line_data()
    history = train_line(data, lr=0.03, epochs=200)
    w_star, b_star = closed_form(data.x, data.y)
    assert history.final_w is not None and history.final_b is not None
    assert abs(history.final_w - w_star) < 0.02
    assert abs(history.final_b - b_star) < 0.02
    assert history.epochs_run == 200 and not history.diverged
    assert history.w[0] == 0.0 and history.b[0] == 0.0


def test_first_epoch_matches_the_hand_derived_gradients() -> None:
    data = make_line_data()
    history = train_line(data, lr=0.03, epochs=1)
    x, y = data.x.double(), data.y.double()
    assert history.loss[0] == pytest.approx(float((y**2).mean()), rel=1e-6)
    assert history.grad_w[0] == pytest.approx(float(-2 * (x * y).mean()), rel=1e-5)
    assert history.grad_b[0] == pytest.approx(float(-2 * y.mean()), rel=1e-5)
    assert history.final_w == pytest.approx(-0.03 * history.grad_w[0], rel=1e-5)


def test_same_seed_gives_an_identical_history() -> None:
    first = train_line(make_line_data(seed=5), lr=0.05, epochs=50)
    second = train_line(make_line_data(seed=5), lr=0.05, epochs=50)
    assert first == second


def test_too_high_a_learning_rate_diverges_and_is_recorded() -> None:
    history = train_line(make_line_data(), lr=0.8, epochs=500)
    assert history.diverged
    assert history.diverged_at == history.epochs_run < 500
    assert not math.isfinite(history.loss[-1])
    assert all(math.isfinite(v) for v in history.loss[:-1])
    assert history.loss[-2] > history.loss[0] * 1e6


def test_without_zero_grad_the_step_uses_the_sum_of_past_gradients() -> None:
    data = make_line_data()
    history = train_line(data, lr=0.01, epochs=5, zero_grad=False)
    # Replay by hand: each step subtracts lr times the running sum of all gradients so far.
    w = b = 0.0
    sum_w = sum_b = 0.0
    x, y = data.x.double(), data.y.double()
    for epoch in range(5):
        assert history.w[epoch] == pytest.approx(w, abs=1e-5)
        residual = y - (w * x + b)
        sum_w += float(-2 * (x * residual).mean())
        sum_b += float(-2 * residual.mean())
        assert history.grad_w[epoch] == pytest.approx(sum_w, rel=1e-4)
        w, b = w - 0.01 * sum_w, b - 0.01 * sum_b


def test_clipping_scheduler_validation_and_early_stopping() -> None:
    data = make_line_data(60)
    x_tr, y_tr, x_val, y_val = train_val_split(data.x, data.y)
    history = train(
        line_model(),
        x_tr,
        y_tr,
        lr=0.5,
        epochs=40,
        clip_grad_norm=0.5,
        scheduler=lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.5),
        x_val=x_val,
        y_val=y_val,
    )
    assert not history.diverged
    assert len(history.val_loss) == history.epochs_run == 40
    assert history.lr[0] == 0.5 and history.lr[10] == 0.25 and history.lr[39] == 0.0625

    model = nn.Sequential(nn.Linear(1, 64), nn.Tanh(), nn.Linear(64, 1))
    stopped = train(
        model,
        x_tr,
        y_tr,
        lr=0.05,
        epochs=2000,
        optimizer="adam",
        x_val=x_val,
        y_val=y_val,
        early_stopping=20,
    )
    assert stopped.best_epoch is not None
    assert stopped.epochs_run == stopped.best_epoch + 20 or stopped.epochs_run == 2000
    best = stopped.val_loss[stopped.best_epoch - 1]
    with torch.no_grad():
        restored = float(nn.functional.mse_loss(model(x_val), y_val))
    assert restored == pytest.approx(best, rel=1e-6)


def test_validation_scores_the_weights_after_the_step() -> None:
    """Validating on the training data itself: epoch i's validation loss is the loss the next
    epoch's forward pass measures, because both see the weights after epoch i's step."""
    data = make_line_data()
    history = train_line(data, lr=0.03, epochs=30, x_val=data.x, y_val=data.y)
    assert history.val_loss[:-1] == history.loss[1:]
    assert history.val_loss[-1] < history.loss[-1]  # the last step still helped


def test_a_diverged_epoch_is_validated_on_the_weights_it_kept() -> None:
    data = make_line_data()
    history = train_line(data, lr=0.8, epochs=100, x_val=data.x, y_val=data.y)
    assert history.diverged and len(history.val_loss) == len(history.loss)
    assert history.val_loss[:-1] == history.loss[1:]


def test_the_gradient_norm_does_not_overflow_before_the_gradients() -> None:
    """Past 1.8e19 a float32 norm is inf although every gradient entry is still finite."""
    x, y = torch.full((4, 1), 100.0), torch.zeros(4, 1)
    history = train(line_model(w=1e16), x, y, lr=1e-30, epochs=1)  # errors of 1e18, loss 1e36
    assert math.isfinite(history.loss[0]) and abs(history.grad_w[0]) == pytest.approx(2e20)
    assert history.grad_norm[0] == pytest.approx(math.hypot(history.grad_w[0], history.grad_b[0]))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lr": 0.0}, "lr must be a finite number > 0"),
        ({"lr": -0.1}, "lr must be a finite number > 0"),
        ({"lr": float("inf")}, "lr must be a finite number > 0"),
        ({"lr": float("nan")}, "lr must be a finite number > 0"),
        ({"epochs": 0}, "epochs must be a whole number >= 1"),
        ({"epochs": 1.5}, "epochs must be a whole number >= 1"),
        ({"optimizer": "lbfgs"}, "optimizer must be 'sgd' or 'adam'"),
        ({"clip_grad_norm": 0.0}, "clip_grad_norm must be a finite number > 0"),
        ({"momentum": -0.5}, "momentum must be a finite number >= 0"),
        ({"early_stopping": 5}, "early_stopping needs validation data"),
        ({"scheduler": 3}, "scheduler must be a callable"),
    ],
)
def test_bad_training_arguments_name_the_argument(kwargs: dict[str, object], message: str) -> None:
    options: dict[str, object] = {"lr": 0.03, "epochs": 3, **kwargs}
    with pytest.raises(ValueError, match=message):
        train_line(make_line_data(), **options)  # type: ignore[arg-type]


def test_empty_and_mismatched_tensors_are_refused() -> None:
    with pytest.raises(ValueError, match="x must hold at least one point"):
        train(line_model(), torch.empty(0, 1), torch.empty(0, 1), lr=0.1, epochs=1)
    with pytest.raises(ValueError, match="same number of points"):
        train(line_model(), torch.zeros(4, 1), torch.zeros(3, 1), lr=0.1, epochs=1)
    with pytest.raises(ValueError, match="model must be a torch.nn.Module"):
        train("linear", torch.zeros(4, 1), torch.zeros(4, 1), lr=0.1, epochs=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="data must be a LineData"):
        train_line((torch.zeros(4, 1), torch.zeros(4, 1)), lr=0.1)  # type: ignore[arg-type]


def test_the_five_moves_written_out_with_a_recorder_record_what_train_does() -> None:
    """The Recorder only watches: a hand-written loop that calls it lands where train() does."""
    data = make_line_data()
    x_train, y_train, x_val, y_val = train_val_split(data.x, data.y)
    options = TrainOptions(lr=0.05, epochs=30, momentum=0.5, x_val=x_val, y_val=y_val)
    model = line_model(0.0, 0.0)
    loss_fn = nn.MSELoss()
    optimizer = make_optimizer(list(model.parameters()), options)
    recorder = Recorder(model, loss_fn, options)
    for epoch in range(1, options.epochs + 1):
        optimizer.zero_grad()
        recorder.start_epoch()
        loss = loss_fn(model(x_train), y_train)
        assert recorder.finite_loss(epoch, loss, optimizer)
        loss.backward()
        recorder.gradients()
        optimizer.step()
        assert not recorder.end_epoch(epoch)
    settings = TrainSettings(lr=0.05, epochs=30, momentum=0.5)
    by_hand = recorder.history(settings, trained_on=(x_train, y_train))
    run = train(
        line_model(0.0, 0.0),
        x_train,
        y_train,
        lr=0.05,
        epochs=30,
        momentum=0.5,
        x_val=x_val,
        y_val=y_val,
    )
    assert by_hand == run
    assert len(run.val_loss) == len(run.grad_w) == 30


def test_the_recorder_says_when_early_stopping_ends_the_run_and_restores_the_best() -> None:
    data = make_line_data()
    model = line_model(0.0, 0.0)
    options = TrainOptions(lr=0.1, epochs=10, x_val=data.x, y_val=data.y, early_stopping=2)
    optimizer = make_optimizer(list(model.parameters()), options)
    recorder = Recorder(model, nn.MSELoss(), options)
    assert recorder.finite_loss(1, torch.tensor(1.5), optimizer)
    assert not recorder.end_epoch(1)  # the best so far
    best = copy.deepcopy(model.state_dict())
    with torch.no_grad():
        model.weight.fill_(50.0)  # far worse on the validation set
    assert recorder.finite_loss(2, torch.tensor(2.5), optimizer)
    assert not recorder.end_epoch(2)  # one epoch without improving; the patience is two
    assert recorder.finite_loss(3, torch.tensor(3.5), optimizer)
    assert recorder.end_epoch(3)  # two: the run is done
    history = recorder.history(TrainSettings(lr=0.1, epochs=10))
    assert history.loss == (1.5, 2.5, 3.5) and history.lr == (0.1, 0.1, 0.1)
    assert history.best_epoch == 1 and history.val_loss[0] < history.val_loss[1]
    assert torch.equal(model.weight, best["weight"]) and history.final_w == 0.0


def test_the_recorder_marks_a_non_finite_loss_as_the_end() -> None:
    model = line_model(0.0, 0.0)
    options = TrainOptions(lr=0.1, epochs=10)
    optimizer = make_optimizer(list(model.parameters()), options)
    recorder = Recorder(model, nn.MSELoss(), options)
    recorder.start_epoch()
    assert not recorder.finite_loss(1, torch.tensor(float("nan")), optimizer)
    assert not recorder.end_epoch(1)  # no validation set, no early stopping
    history = recorder.history(TrainSettings(lr=0.1, epochs=10))
    assert history.diverged_at == 1 and history.w == (0.0,) and history.grad_w == ()


def test_train_options_default_to_train_s_defaults() -> None:
    """train() passes every setting on by name: a default changed in one place only is a bug."""
    parameters = inspect.signature(train).parameters
    fields = dataclasses.fields(TrainOptions)
    assert [field.name for field in fields] == list(parameters)[3:]
    for field in fields:
        default = inspect.Parameter.empty if field.default is dataclasses.MISSING else field.default
        assert default == parameters[field.name].default, field.name


def test_make_optimizer_gives_the_named_optimizer_with_its_settings() -> None:
    params = list(line_model(0.0, 0.0).parameters())
    sgd = make_optimizer(params, TrainOptions(lr=0.1, epochs=1, momentum=0.9, weight_decay=0.01))
    adam = make_optimizer(params, TrainOptions(lr=0.2, epochs=1, optimizer="adam"))
    assert isinstance(sgd, torch.optim.SGD) and isinstance(adam, torch.optim.Adam)
    group = sgd.param_groups[0]
    assert (group["lr"], group["momentum"], group["weight_decay"]) == (0.1, 0.9, 0.01)
    assert adam.param_groups[0]["lr"] == 0.2


def test_first_loss_is_the_loss_before_any_step() -> None:
    data = make_line_data()
    run = train_line(data, lr=0.6, epochs=300)
    assert run.first_loss == run.loss[0] == pytest.approx(float((data.y**2).mean()))
    assert run.diverged and not math.isfinite(run.final_loss)
