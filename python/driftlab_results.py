"""Open a driftlab run folder from Python: the resolved spec, the manifest, tables, maps and
checkpoints, with NumPy and the standard library only (pandas when it is installed).

    from driftlab_results import Run
    run = Run("results/fashion-mnist-overtraining-quick")
    run.spec["training"]["epochs"]         # the resolved spec, every default filled in
    run.reference_epoch                      # train/reference.json
    rows = run.table("tables/faithfulness.csv")        # list of dicts, numbers as floats
    maps = run.maps("saliency")              # attributions/epoch-NNNN/saliency.npy at the reference epoch
    weights = run.checkpoint(3)              # {"conv1.weight": array, ...}, PyTorch's names
    run.changed_outputs()                    # files whose sha256 differs from the manifest
"""
import csv
import hashlib
import json
import os
import struct

import numpy as np

__all__ = ["Run"]

_SAFETENSORS_DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64,
                       "I32": np.int32, "I16": np.int16, "I8": np.int8, "U64": np.uint64, "U32": np.uint32, "U16": np.uint16,
                       "U8": np.uint8, "BOOL": np.bool_}


def _cell(text):
    """A CSV cell: '' is None (not computed), numbers are floats, anything else stays text."""
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        return text


class Run:
    """A finished (or interrupted) run folder, read lazily."""

    def __init__(self, folder):
        self.folder = os.fspath(folder)
        if not os.path.isfile(self._path("spec.resolved.json")):
            raise FileNotFoundError(f"{self.folder}: not a driftlab run folder (no spec.resolved.json)")

    def _path(self, relative):
        return os.path.join(self.folder, relative)

    def _json(self, relative):
        with open(self._path(relative), encoding="utf-8") as f:
            return json.load(f)

    @property
    def spec(self):
        """spec.resolved.json: what the run ran, every default written out."""
        return self._json("spec.resolved.json")

    @property
    def manifest(self):
        """manifest.json: spec hash, version, commit, numeric environment, stages, output hashes."""
        return self._json("manifest.json")

    @property
    def reference_epoch(self):
        return int(self._json("train/reference.json")["epoch"])

    @property
    def snapshot_epochs(self):
        """The epochs with a checkpoint, ascending."""
        folder = self._path("checkpoints")
        names = os.listdir(folder) if os.path.isdir(folder) else []
        return sorted(int(n[len("epoch-"):-len(".safetensors")]) for n in names
                      if n.startswith("epoch-") and n.endswith(".safetensors"))

    def table(self, relative):
        """A CSV table as a list of dicts (header → cell); empty cells are None."""
        with open(self._path(relative), newline="", encoding="utf-8") as f:
            return [{k: _cell(v) for k, v in row.items()} for row in csv.DictReader(f)]

    def frame(self, relative):
        """A CSV table as a pandas DataFrame (needs pandas)."""
        try:
            import pandas
        except ImportError as error:
            raise ImportError("Run.frame needs pandas; Run.table gives the same rows as dicts") from error
        return pandas.read_csv(self._path(relative))

    def array(self, relative):
        """A .npy output as a NumPy array."""
        return np.load(self._path(relative), allow_pickle=False)

    def maps(self, method, epoch=None):
        """One method's maps at a snapshot epoch (default: the reference epoch)."""
        epoch = self.reference_epoch if epoch is None else int(epoch)
        return self.array(f"attributions/epoch-{epoch:04d}/{method}.npy")

    def checkpoint(self, epoch):
        """A checkpoint's tensors by PyTorch's names (read without the safetensors package)."""
        path = self._path(f"checkpoints/epoch-{int(epoch):04d}.safetensors")
        with open(path, "rb") as f:
            data = f.read()
        (length,) = struct.unpack("<Q", data[:8])
        header = json.loads(data[8:8 + length])
        body = memoryview(data)[8 + length:]
        tensors = {}
        for name, entry in header.items():
            if name == "__metadata__":
                continue
            start, end = entry["data_offsets"]
            dtype = _SAFETENSORS_DTYPES[entry["dtype"]]
            tensors[name] = np.frombuffer(body[start:end], dtype=dtype).reshape(entry["shape"]).copy()
        return tensors

    def checkpoint_metadata(self, epoch):
        path = self._path(f"checkpoints/epoch-{int(epoch):04d}.safetensors")
        with open(path, "rb") as f:
            (length,) = struct.unpack("<Q", f.read(8))
            return json.loads(f.read(length)).get("__metadata__", {})

    def changed_outputs(self):
        """Outputs whose sha256 is not the manifest's (missing ones included): [] for an intact run."""
        changed = []
        for relative, digest in sorted(self.manifest["outputs"].items()):
            try:
                with open(self._path(relative), "rb") as f:
                    if hashlib.sha256(f.read()).hexdigest() != digest:
                        changed.append(relative)
            except FileNotFoundError:
                changed.append(relative)
        return changed
