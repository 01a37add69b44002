"""The worked example's loop in several processes, with DistributedDataParallel on the CPU.

Start it the way multi-process PyTorch is started, two processes on this machine:

    torchrun --standalone --nproc-per-node 2 examples/ddp_line.py
    torchrun --standalone --nproc-per-node 2 examples/ddp_line.py --accumulate 2

Each process trains the same model on its own share of every global batch. DDP averages the
gradients across the processes during backward(), so every process takes the same step and
holds the same weights. Process 0 alone saves them, to ddp_line.pt in the current folder.
Needs only torch (gloo, the backend used here, ships with it and needs no GPU).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

from fit_line import line_model, make_data  # the worked example's, beside this file


# [start-train]
def fit_ddp(per_process_batch=5, lr=0.03, epochs=20, accumulate=1):
    """The worked example's fit in every process, each on its share of every batch; return
    the model (still wrapped in DDP)."""
    rank, world = dist.get_rank(), dist.get_world_size()
    x, y = make_data()
    dataset = TensorDataset(x, y)
    # Each process gets its own share of the points, reshuffled every epoch by set_epoch().
    sampler = DistributedSampler(dataset, num_replicas=world, rank=rank, shuffle=True, seed=0)
    loader = DataLoader(dataset, batch_size=per_process_batch, sampler=sampler)
    model = DistributedDataParallel(line_model())
    criterion = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)

    for epoch in range(epochs):
        sampler.set_epoch(epoch)  # without it, every epoch sees the same shuffle
        optimizer.zero_grad()  # 1. clear
        for i, (xb, yb) in enumerate(loader):
            stepping = (i + 1) % accumulate == 0
            # no_sync(): skip the averaging across processes until the last micro-batch.
            sync = contextlib.nullcontext() if stepping else model.no_sync()
            with sync:
                loss = criterion(model(xb), yb) / accumulate  # 2. predict, 3. measure
                loss.backward()  # 4. back-propagate; DDP averages the gradients here
            if stepping:
                if epoch == 0 and i + 1 == accumulate:
                    report_gradient(model, rank)
                optimizer.step()  # 5. step: the same step in every process
                optimizer.zero_grad()  # 1. clear, for the next step
    return model


def report_gradient(model, rank):
    """Print what this process holds after the first synchronised backward()."""
    w, b = model.module.weight.grad.item(), model.module.bias.grad.item()
    # One write, newline included: the processes share the terminal, and two prints could mix.
    print(f"rank {rank}: first step, w.grad = {w!r}, b.grad = {b!r}\n", end="", flush=True)


def same_in_every_process(model):
    """True when every process holds exactly the weights this one does."""
    mine = torch.cat([p.detach().flatten() for p in model.parameters()])
    everyone = [torch.empty_like(mine) for _ in range(dist.get_world_size())]
    dist.all_gather(everyone, mine)
    return all(torch.equal(mine, theirs) for theirs in everyone)


def main():
    parser = argparse.ArgumentParser(description="The worked example's loop under DDP.")
    parser.add_argument("--accumulate", type=int, default=1, help="micro-batches per step")
    args = parser.parse_args()
    if "RANK" not in os.environ:  # started as plain python: no other processes to meet
        sys.exit("start it with torchrun: torchrun --standalone --nproc-per-node 2 ddp_line.py")
    dist.init_process_group("gloo")  # torchrun says where the other processes are
    model = fit_ddp(accumulate=args.accumulate)
    identical = same_in_every_process(model)
    if dist.get_rank() == 0:  # save once, from one process: they all hold the same weights
        torch.save(model.module.state_dict(), "ddp_line.pt")
        w, b = model.module.weight.item(), model.module.bias.item()
        print(f"rank 0: w = {w!r}, b = {b!r}, same in every process: {identical}\n", end="")
    dist.destroy_process_group()


# [end-train]


if __name__ == "__main__":
    main()
