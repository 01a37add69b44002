"""Write the intersphinx inventories the site links through, so no build fetches one.

PyTorch's hosted objects.inv has moved and 404'd, and builds must work offline, so each
inventory here lists the objects the pages reference, with the page each lives on in the
pinned version's docs. Run ``python docs/_inventories/build.py`` after adding a name;
tests/test_inventories.py fails when the committed files and this list disagree.
"""

from __future__ import annotations

import zlib
from pathlib import Path

HERE = Path(__file__).parent

# name -> (role, page relative to the project's docs root). "$" in a page stands for the name.
TORCH = {
    "torch.nn.Module": ("py:class", "generated/torch.nn.Module.html#$"),
    "torch.nn.Module.train": ("py:method", "generated/torch.nn.Module.html#$"),
    "torch.nn.Module.eval": ("py:method", "generated/torch.nn.Module.html#$"),
    "torch.nn.Module.parameters": ("py:method", "generated/torch.nn.Module.html#$"),
    "torch.nn.Module.zero_grad": ("py:method", "generated/torch.nn.Module.html#$"),
    "torch.nn.Module.state_dict": ("py:method", "generated/torch.nn.Module.html#$"),
    "torch.nn.Module.load_state_dict": ("py:method", "generated/torch.nn.Module.html#$"),
    "torch.optim.AdamW": ("py:class", "generated/torch.optim.AdamW.html#$"),
    "torch.Tensor.mean": ("py:method", "generated/torch.Tensor.mean.html#$"),
    "torch.Tensor.std": ("py:method", "generated/torch.Tensor.std.html#$"),
    "torch.autograd.functional.hessian": (
        "py:function",
        "generated/torch.autograd.functional.hessian.html#$",
    ),
    "torch.nn.Linear": ("py:class", "generated/torch.nn.Linear.html#$"),
    "torch.nn.MSELoss": ("py:class", "generated/torch.nn.MSELoss.html#$"),
    "torch.nn.CrossEntropyLoss": ("py:class", "generated/torch.nn.CrossEntropyLoss.html#$"),
    "torch.nn.Dropout": ("py:class", "generated/torch.nn.Dropout.html#$"),
    "torch.nn.BatchNorm1d": ("py:class", "generated/torch.nn.BatchNorm1d.html#$"),
    "torch.nn.Sequential": ("py:class", "generated/torch.nn.Sequential.html#$"),
    "torch.nn.ReLU": ("py:class", "generated/torch.nn.ReLU.html#$"),
    "torch.nn.Sigmoid": ("py:class", "generated/torch.nn.Sigmoid.html#$"),
    "torch.nn.Tanh": ("py:class", "generated/torch.nn.Tanh.html#$"),
    "torch.nn.utils.clip_grad_norm_": (
        "py:function",
        "generated/torch.nn.utils.clip_grad_norm_.html#$",
    ),
    "torch.nn.init.zeros_": ("py:function", "nn.init.html#$"),
    "torch.nn.init.kaiming_normal_": ("py:function", "nn.init.html#$"),
    "torch.nn.functional.mse_loss": (
        "py:function",
        "generated/torch.nn.functional.mse_loss.html#$",
    ),
    "torch.optim.Optimizer": ("py:class", "optim.html#$"),
    "torch.optim.Optimizer.zero_grad": (
        "py:method",
        "generated/torch.optim.Optimizer.zero_grad.html#$",
    ),
    "torch.optim.Optimizer.step": ("py:method", "generated/torch.optim.Optimizer.step.html#$"),
    "torch.optim.SGD": ("py:class", "generated/torch.optim.SGD.html#$"),
    "torch.optim.Adam": ("py:class", "generated/torch.optim.Adam.html#$"),
    "torch.optim.lr_scheduler.StepLR": (
        "py:class",
        "generated/torch.optim.lr_scheduler.StepLR.html#$",
    ),
    "torch.optim.lr_scheduler.ExponentialLR": (
        "py:class",
        "generated/torch.optim.lr_scheduler.ExponentialLR.html#$",
    ),
    "torch.optim.lr_scheduler.CosineAnnealingLR": (
        "py:class",
        "generated/torch.optim.lr_scheduler.CosineAnnealingLR.html#$",
    ),
    "torch.Tensor": ("py:class", "tensors.html#$"),
    "torch.Tensor.backward": ("py:method", "generated/torch.Tensor.backward.html#$"),
    "torch.Tensor.item": ("py:method", "generated/torch.Tensor.item.html#$"),
    "torch.Tensor.detach": ("py:method", "generated/torch.Tensor.detach.html#$"),
    "torch.Tensor.grad": ("py:attribute", "generated/torch.Tensor.grad.html#$"),
    "torch.Tensor.requires_grad": ("py:attribute", "generated/torch.Tensor.requires_grad.html#$"),
    "torch.Tensor.grad_fn": ("py:attribute", "generated/torch.Tensor.grad_fn.html#$"),
    "torch.no_grad": ("py:class", "generated/torch.no_grad.html#$"),
    "torch.allclose": ("py:function", "generated/torch.allclose.html#$"),
    "torch.manual_seed": ("py:function", "generated/torch.manual_seed.html#$"),
    "torch.save": ("py:function", "generated/torch.save.html#$"),
    "torch.load": ("py:function", "generated/torch.load.html#$"),
    "torch.utils.data.DataLoader": ("py:class", "data.html#$"),
    "torch.utils.data.TensorDataset": ("py:class", "data.html#$"),
    "torch.autograd": ("py:module", "autograd.html#module-$"),
    "torch.autocast": ("py:class", "amp.html#$"),
    "torch.amp.GradScaler": ("py:class", "amp.html#$"),
    "torch.nn.parallel.DistributedDataParallel": (
        "py:class",
        "generated/torch.nn.parallel.DistributedDataParallel.html#$",
    ),
    "torch.utils.data.distributed.DistributedSampler": ("py:class", "data.html#$"),
    "torch.distributed.init_process_group": ("py:function", "distributed.html#$"),
    "torch.get_rng_state": ("py:function", "generated/torch.get_rng_state.html#$"),
    "torch.set_rng_state": ("py:function", "generated/torch.set_rng_state.html#$"),
}
PYTHON = {
    "float": ("py:class", "library/functions.html#$"),
    "list": ("py:class", "library/stdtypes.html#$"),
    "ValueError": ("py:exception", "library/exceptions.html#$"),
    "UserWarning": ("py:exception", "library/exceptions.html#$"),
    "warnings": ("py:module", "library/warnings.html#module-$"),
}
MATPLOTLIB = {
    "matplotlib.figure.Figure": ("py:class", "api/_as_gen/matplotlib.figure.Figure.html#$"),
    "matplotlib.animation.FuncAnimation": (
        "py:class",
        "api/_as_gen/matplotlib.animation.FuncAnimation.html#$",
    ),
    "matplotlib.animation.PillowWriter": (
        "py:class",
        "api/_as_gen/matplotlib.animation.PillowWriter.html#$",
    ),
}
INVENTORIES = {
    "torch.inv": ("PyTorch", "2.13", TORCH),
    "python.inv": ("Python", "3.11", PYTHON),
    "matplotlib.inv": ("Matplotlib", "3.11", MATPLOTLIB),
}


def inventory_bytes(project: str, version: str, objects: dict[str, tuple[str, str]]) -> bytes:
    """A Sphinx objects.inv (format 2) for ``objects``, byte-identical for the same input."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    ).encode()
    lines = "".join(f"{name} {role} 1 {page} -\n" for name, (role, page) in sorted(objects.items()))
    return header + zlib.compress(lines.encode(), 9)


def main() -> None:
    for filename, (project, version, objects) in INVENTORIES.items():
        (HERE / filename).write_bytes(inventory_bytes(project, version, objects))
        print(f"wrote {filename}: {len(objects)} objects")


if __name__ == "__main__":
    main()
