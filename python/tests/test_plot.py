"""calfpump.plot: the signal with its activations marked and the cadence, saved to PNG."""
import numpy as np
import pytest

import calfpump

plt = pytest.importorskip("matplotlib.pyplot")
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def result(walk_signal):
    return calfpump.analyze(walk_signal, 100, placement="lower_back", t0=50.0)


def markers(ax, label_end):
    """x data of the line whose label ends with label_end."""
    lines = [line for line in ax.get_lines() if line.get_label().endswith(label_end)]
    assert len(lines) == 1
    return np.asarray(lines[0].get_xdata())


def test_signal_and_cadence_to_png(result, walk_signal, tmp_path):
    fig = calfpump.plot(result, walk_signal)
    signal_ax, cadence_ax = fig.axes
    assert np.array_equal(markers(signal_ax, "activations"), result.activations["t"])
    t = markers(signal_ax, "|a|")
    assert t[0] == 50.0 and len(t) == len(walk_signal)  # on the input's clock
    assert np.array_equal(markers(cadence_ax, "(rhythmic windows)"), result.cadence["t"])
    path = tmp_path / "walk.png"
    fig.savefig(path, dpi=80)
    plt.close(fig)
    data = path.read_bytes()
    assert data.startswith(PNG) and len(data) > 10000


def test_cadence_only_into_given_axes(result, tmp_path):
    fig, ax = plt.subplots()
    assert calfpump.plot(result, ax=ax) is fig
    assert len(markers(ax, "activations")) == len(result.activations)
    fig.savefig(tmp_path / "cadence.png")
    plt.close(fig)
    assert (tmp_path / "cadence.png").read_bytes().startswith(PNG)
    with pytest.raises(ValueError, match="2 Axes"):
        calfpump.plot(result, np.zeros(10), ax=ax)
