"""calfpump.plot: a Result drawn with matplotlib (imported only when plot() is called)."""
import numpy as np


def plot(result, x=None, ax=None):
    """Draw the cadence over time (steps per minute of rhythmic windows, bouts shaded) and, when
    the samples x are given (as passed to analyze), the signal above it with every detected
    activation marked. 3-channel signals are drawn as their vector magnitude.

    ax: None (a new figure), or the matplotlib Axes to draw into: one for the cadence, two (a
    sequence: signal, cadence) when x is given. Returns the Figure.
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError("calfpump.plot needs matplotlib (Debian: python3-matplotlib)") from e
    n_axes = 1 if x is None else 2
    if ax is None:
        fig, axes = plt.subplots(n_axes, 1, sharex=True, squeeze=False,
                                 figsize=(10, 2.5 + 2.5 * n_axes))
        axes = list(axes[:, 0])
    else:
        axes = list(np.atleast_1d(ax))
        if len(axes) != n_axes:
            raise ValueError(f"plot needs {n_axes} Axes here, got {len(axes)}")
    acts, cad = result.activations, result.cadence
    for i, b in enumerate(result.bouts):
        for a in axes:
            a.axvspan(b["start"], b["end"], color="C2", alpha=0.12, lw=0,
                      label=None if i else "bouts")
    if x is not None:
        signal = np.asarray(x, dtype=np.float64)
        signal = signal if signal.ndim == 1 else np.linalg.norm(signal, axis=1)
        t = result.t0 + np.arange(len(signal)) / result.sample_rate_hz
        axes[0].plot(t, signal, lw=0.6, color="C0", label="signal" if np.ndim(x) == 1 else "|a|")
        axes[0].plot(acts["t"], np.interp(acts["t"], t, signal), "v", ms=5, color="C3",
                     label=f"{len(acts)} activations")
        axes[0].set_ylabel("g")
        axes[0].legend(loc="upper right")
    c = axes[-1]
    rhythmic = cad["rhythmic"] != 0
    c.plot(cad["t"], np.where(rhythmic, cad["steps_per_min"], np.nan), "-", color="C1",
           label="cadence (rhythmic windows)")
    c.plot(cad["t"][~rhythmic], np.zeros(np.count_nonzero(~rhythmic)), ".", ms=2, color="0.6",
           label="no rhythm")
    if x is None:
        c.plot(acts["t"], np.zeros(len(acts)), "|", ms=10, color="C3",
               label=f"{len(acts)} activations")
    c.set_ylabel("steps/min")
    c.set_xlabel("time (s)")
    c.legend(loc="upper right")
    return axes[0].figure
