"""Multilayer perceptrons: the book's network and a general one.

The book's network lives in :mod:`mlcourse.mlp.book`, the general one in
:mod:`mlcourse.mlp.general`; import both from here.

Two classes, one convention for the shapes and the weights:

* ``X`` is ``(n_examples, n_features)``, ``y`` holds integer class labels
  ``(n_examples,)`` in ``0 .. n_classes - 1``.
* ``W[j, k]`` is the weight **into** unit j of a layer **from** unit k of the
  layer before, so a weight matrix is ``(n_units, n_units_before)``:
  ``W_h`` is ``(n_hidden, n_features)``, ``W_out`` is ``(n_output, n_hidden)``
  (in :class:`MLP`, ``Wl`` is ``(layer_sizes[l], layer_sizes[l - 1])``). Row
  j holds everything unit j receives. The bias is a separate vector
  ``(n_units,)``. A layer computes ``Z = A_prev @ W.T + b``,
  ``(n_examples, n_units)``, i.e. ``z_j = sum_k W[j, k] a_k + b_j``.

:class:`NeuralNetMLP` is the book's one-hidden-layer sigmoid network. Its
backward pass is chapter 4's, one formula per line: in :meth:`~NeuralNetMLP.
gradients` as the plain equations, and in the loop ``fit`` runs
(:meth:`~NeuralNetMLP._train_one_epoch`) as the same equations with every
term multiplied by eta (see that method for why the loop is written that way).

:class:`MLP` has any number of layers, several activations, softmax or
sigmoid outputs, dropout, L2, early stopping and the optimizers in
:mod:`mlcourse.optimizers`. Its cost is the **mean** over the examples of a
mini-batch plus ``l2 / 2 * sum(W**2)``.

Both take their formulas from one place: the costs and the L2 penalty from
:mod:`mlcourse.losses`, the activations and their derivatives from the
``FORWARD`` and ``DERIVATIVES`` tables of :mod:`mlcourse.activations`.

Names: the book's network keeps the book's names; :class:`MLP` uses today's.
This table is the one place that lists the difference.

==========================  ==========================  ======================
concept                     NeuralNetMLP (the book)     MLP
==========================  ==========================  ======================
learning rate               ``eta`` (also readable as   ``learning_rate``
                            ``learning_rate``)          (argument of ``fit``)
cost on (X, y)              ``cost(X, y)``, summed      ``loss(X, y)``, mean
                            (also ``loss(X, y)``)       over the examples
gradients                   ``gradients(X, y)`` (also   ``loss_and_gradients``
                            ``loss_and_gradients``)
per-epoch record            ``eval_["cost"]``           ``history_["loss"]``
==========================  ==========================  ======================

So code that works with either network (:func:`mlcourse.gradcheck.
check_gradients`) calls ``loss``, ``loss_and_gradients`` and ``params``. The
per-epoch records keep their own key names (``"cost"`` and ``"loss"``; both
hold ``"train_acc"`` and ``"valid_acc"``), which the plotting functions
accept alike.
"""

from mlcourse.mlp._shared import EVAL_CHUNK, MAX_CLASSES, minibatches
from mlcourse.mlp.book import NeuralNetMLP
from mlcourse.mlp.general import MLP, OUTPUT_ACTIVATIONS

__all__ = [
    "EVAL_CHUNK",
    "MAX_CLASSES",
    "MLP",
    "NeuralNetMLP",
    "OUTPUT_ACTIVATIONS",
    "minibatches",
]
