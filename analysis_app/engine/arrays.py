"""The numpy array types the engine passes around: `numpy.typing.NDArray` with their dtypes."""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray

#: Floats of any precision: audio samples (float32 in [-1, 1]), features, landmarks,
#: embeddings, predictions.
FloatArray: TypeAlias = NDArray[np.floating[Any]]
#: Integer indices (cross-validation folds).
IndexArray: TypeAlias = NDArray[np.intp]
#: A yes/no per element (a mask).
BoolArray: TypeAlias = NDArray[np.bool_]
#: An RGB video frame: height x width x 3 bytes.
ImageArray: TypeAlias = NDArray[np.uint8]
