"""make test runs this: a tiny driftlab run, read back through driftlab_results."""
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from driftlab_results import Run  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("DRIFTLAB", os.path.join(ROOT, ".build", "release", "driftlab"))
SPEC = """{"name": "tiny", "study": "time-smoothgrad", "data": {"kind": "ar-states", "features": 3, "stepsPerState": 300},
 "model": {"kind": "mlp", "hidden": [4]}, "training": {"epochs": 3, "batchSize": 32},
 "attribution": [{"method": "gradient"}, {"method": "time-smoothgrad", "window": 5}], "figures": []}"""


class RunReaderTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        spec = os.path.join(cls.tmp.name, "tiny.json")
        with open(spec, "w") as f:
            f.write(SPEC)
        cls.folder = os.path.join(cls.tmp.name, "run")
        subprocess.run([BINARY, "run", spec, "--out", cls.folder, "--quiet"], check=True)
        cls.opened = Run(cls.folder)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_spec_manifest_and_tables(self):
        self.assertEqual(self.opened.spec["training"]["epochs"], 3)
        self.assertEqual(self.opened.spec["study"], "time-smoothgrad")
        self.assertIn("outputs", self.opened.manifest)
        rows = self.opened.table("train/metrics.csv")
        self.assertEqual([r["epoch"] for r in rows], [1.0, 2.0, 3.0])
        self.assertTrue(all(isinstance(r["train_loss"], float) for r in rows))
        states = self.opened.table("metrics/states.csv")
        self.assertEqual(len(states), 3)

    def test_maps_and_checkpoints(self):
        epoch = self.opened.reference_epoch
        self.assertIn(epoch, self.opened.snapshot_epochs)
        maps = self.opened.maps("time-smoothgrad")
        self.assertEqual(maps.dtype, np.float32)
        self.assertEqual(maps.shape[1], 3)
        weights = self.opened.checkpoint(epoch)
        self.assertEqual(weights["fc1.weight"].shape, (4, 3))
        self.assertEqual(weights["fc2.weight"].shape, (1, 4))
        # The checkpoint's weights reproduce the run's predictions (an MLP 3 → 4 → 1 with ReLU).
        x = self.opened.array("data/test-inputs.npy")
        h = np.maximum(x @ weights["fc1.weight"].T + weights["fc1.bias"], 0)
        y = h @ weights["fc2.weight"].T + weights["fc2.bias"]
        scale = self.opened._json("data/standardization.json")
        raw = y * scale["targetStd"] + scale["targetMean"]
        predictions = self.opened.array(f"attributions/epoch-{epoch:04d}/predictions.npy")
        self.assertEqual(predictions.shape, raw.shape)
        # Float32 forward in another summation order: agree to float32 rounding of |y|-sized sums.
        np.testing.assert_allclose(raw, predictions, rtol=1e-4, atol=1e-4 * np.abs(raw).max())

    def test_changed_outputs(self):
        self.assertEqual(self.opened.changed_outputs(), [])
        with open(os.path.join(self.folder, "metrics/regression.csv"), "a") as f:
            f.write("\n")
        self.assertEqual(self.opened.changed_outputs(), ["metrics/regression.csv"])

    def test_not_a_run(self):
        with self.assertRaises(FileNotFoundError):
            Run(self.tmp.name)


class DemoRunTests(unittest.TestCase):
    """The quick demo run of paper 000 (experiments/ar-states-3.json; `make demo` runs it over 5 seeds), read as a notebook would."""

    def test_paper_tables_maps_and_figures(self):
        with tempfile.TemporaryDirectory() as tmp:
            folder = os.path.join(tmp, "ar-states-3")
            subprocess.run([BINARY, "run", os.path.join(ROOT, "experiments", "ar-states-3.json"), "--out", folder, "--quiet"],
                           check=True)
            run = Run(folder)
            self.assertEqual(run.spec["name"], "ar-states-3")
            table2 = run.table("tables/table2.csv")
            self.assertEqual([r["state"] for r in table2], [0.0, 1.0, 2.0, "mean"])
            # The paper's column sits beside ours; nDCG is in [0, 1].
            self.assertEqual(table2[0]["paper (Time-Smoothgrad, mean map)"], 0.953)
            self.assertTrue(all(0 <= r["time-smoothgrad (mean map)"] <= 1 for r in table2))
            maps = run.maps("time-smoothgrad")
            self.assertEqual(maps.ndim, 2)
            self.assertEqual(maps.shape[1], run.spec["data"]["features"])
            self.assertTrue(np.isfinite(maps).all())
            self.assertEqual(run.changed_outputs(), [])
            self.assertTrue(any(p.startswith("figures/") for p in run.manifest["outputs"]))


FASHION = os.path.join(ROOT, "data", "fashion-mnist")
TINY_OVERTRAINING = """{"name": "tiny-overtraining", "study": "overtraining",
 "data": {"kind": "fashion-mnist", "directory": "%s", "trainSubset": 120, "validationSize": 60, "testSubset": 60},
 "model": {"kind": "mnist-cnn"}, "training": {"epochs": 3, "batchSize": 30},
 "selection": {"correct": 1, "wrong": 1, "ambiguous": 0},
 "attribution": [{"method": "saliency"}], "figures": ["drift-curves"]}""" % FASHION


@unittest.skipUnless(os.path.isdir(FASHION) or os.environ.get("CI"), "needs data/fashion-mnist (make data)")
class AnalyseTests(unittest.TestCase):
    """`driftlab analyse` on state dicts written by Python's safetensors, as a PyTorch script saves them."""

    def test_state_dicts_from_python_give_the_trained_runs_drift(self):
        from safetensors.numpy import load_file, save_file
        with tempfile.TemporaryDirectory() as tmp:
            spec = os.path.join(tmp, "tiny.json")
            with open(spec, "w") as f:
                f.write(TINY_OVERTRAINING)
            trained = os.path.join(tmp, "trained")
            subprocess.run([BINARY, "run", spec, "--out", trained, "--quiet"], check=True)
            run = Run(trained)
            ckpts = os.path.join(tmp, "pytorch-checkpoints")
            os.mkdir(ckpts)
            for epoch in run.snapshot_epochs:
                state = {k: v for k, v in run.checkpoint(epoch).items() if not k.startswith(("optimizer.", "generator."))}
                # float64 as some scripts save: driftlab reads it back into float32 exactly.
                state = {k: v.astype(np.float64) if v.dtype == np.float32 else v for k, v in state.items()}
                save_file(state, os.path.join(ckpts, f"epoch_{epoch}.safetensors"))
            analysed = os.path.join(tmp, "analysed")
            subprocess.run([BINARY, "analyse", "--checkpoints", ckpts, "--spec", spec, "--out", analysed, "--quiet"], check=True)
            result = Run(analysed)
            self.assertEqual(result.snapshot_epochs, run.snapshot_epochs)
            self.assertEqual(result.table("drift/saliency.csv"), run.table("drift/saliency.csv"))
            self.assertEqual([r["file"] for r in result.table("train/imported.csv")],
                             [f"epoch_{e}.safetensors" for e in run.snapshot_epochs])
            self.assertEqual(result.spec["checkpoints"]["folder"], ckpts)


if __name__ == "__main__":
    unittest.main(verbosity=2)
