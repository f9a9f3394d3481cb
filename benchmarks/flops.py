"""Counting the matrix products of one training epoch.

A dense layer with ``n_in`` inputs and ``n_out`` units, on a batch of ``b``
examples, costs three matrix products (each ``(m x k) @ (k x n)`` is
``2 m k n`` floating-point operations, one multiply and one add per term):

* forward, ``Z = A_prev @ W.T``: ``(b x n_in) @ (n_in x n_out)``;
* weight gradient, ``dW = delta.T @ A_prev``: ``(n_out x b) @ (b x n_in)``;
* error of the layer below, ``delta_prev = delta @ W``:
  ``(b x n_out) @ (n_out x n_in)``; not needed for the first layer (nobody
  wants the gradient with respect to the pixels).

After each epoch the whole training set and the validation set are pushed
through the network once more (forward products only), in chunks of
``chunk`` rows as :class:`mlcourse.mlp.NeuralNetMLP` and :class:`mlcourse.mlp.MLP`
do. Element-wise work (activations, bias additions, the optimizer) is not
counted: it is small next to the products and is not what a "GFLOP/s"
figure usually means.

The ``layout`` of a product says which operand is a transposed view, as in
mlcourse's code: ``"NT"`` is ``A @ B.T``, ``"TN"`` is ``A.T @ B``, ``"NN"``
neither. The peak measurement in :mod:`worker` times each shape in the same
layout, so that "fraction of peak" compares like with like.

``first_layer_column_major`` describes :class:`mlcourse.mlp.NeuralNetMLP`,
which stores ``W_h`` column by column: ``W_h.T`` is then an ordinary
(contiguous) matrix, so its forward products are ``"NN"``, and it computes
the first weight gradient transposed, ``dW.T = A_prev.T @ delta``:
``(n_in x b) @ (b x n_out)``, the same number of operations.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple


class Matmul(NamedTuple):
    """``count`` products of an (m x k) matrix with a (k x n) matrix."""

    m: int
    k: int
    n: int
    layout: str
    count: int

    @property
    def flops(self) -> int:
        return 2 * self.m * self.k * self.n * self.count


def _batch_sizes(n_examples: int, size: int) -> Counter:
    """Mini-batch (or chunk) size -> how many of them one pass makes."""
    full, rest = divmod(n_examples, size)
    sizes = Counter({size: full} if full else {})
    if rest:
        sizes[rest] += 1
    return sizes


def _merge(products: list[tuple[int, int, int, str, int]]) -> list[Matmul]:
    counts: Counter = Counter()
    for m, k, n, layout, count in products:
        counts[(m, k, n, layout)] += count
    return [Matmul(*shape, count) for shape, count in counts.items()]


def training_matmuls(
    layer_sizes, n_train: int, batch: int, first_layer_column_major: bool = False
) -> list[Matmul]:
    """The products of one pass of mini-batch training over ``n_train`` examples."""
    products = []
    layers = list(zip(layer_sizes[:-1], layer_sizes[1:], strict=True))
    for b, count in _batch_sizes(n_train, batch).items():
        for i, (n_in, n_out) in enumerate(layers):
            if i == 0 and first_layer_column_major:
                products.append((b, n_in, n_out, "NN", count))  # Z = X (W^T)
                products.append((n_in, b, n_out, "TN", count))  # dW^T = X^T delta
            else:
                products.append((b, n_in, n_out, "NT", count))  # Z = A_prev W^T
                products.append((n_out, b, n_in, "TN", count))  # dW = delta^T A_prev
            if i > 0:
                products.append((b, n_out, n_in, "NN", count))  # delta W
    return _merge(products)


def evaluation_matmuls(
    layer_sizes, set_sizes, chunk: int, first_layer_column_major: bool = False
) -> list[Matmul]:
    """Forward products for evaluating data sets of the given sizes, in chunks."""
    products = []
    layers = list(zip(layer_sizes[:-1], layer_sizes[1:], strict=True))
    for n_examples in set_sizes:
        for rows, count in _batch_sizes(n_examples, chunk).items():
            for i, (n_in, n_out) in enumerate(layers):
                layout = "NN" if i == 0 and first_layer_column_major else "NT"
                products.append((rows, n_in, n_out, layout, count))
    return _merge(products)


def epoch_matmuls(
    layer_sizes,
    n_train: int,
    n_valid: int,
    batch: int,
    chunk: int,
    first_layer_column_major: bool = False,
) -> list[Matmul]:
    """Training pass plus the per-epoch evaluation of training and validation sets."""
    column_major = first_layer_column_major
    return _merge(
        [
            tuple(p)
            for p in training_matmuls(layer_sizes, n_train, batch, column_major)
            + evaluation_matmuls(layer_sizes, (n_train, n_valid), chunk, column_major)
        ]
    )


def total_flops(products: list[Matmul]) -> int:
    return sum(p.flops for p in products)
