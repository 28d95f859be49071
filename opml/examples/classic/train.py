"""Trains the classic-ML example models on data sets that scikit-learn ships,
exports them with the real exporters and checks the files in ONNX Runtime.

    python3 -m venv build/pyenv
    build/pyenv/bin/pip install -r opml/examples/classic/requirements.txt
    build/pyenv/bin/python opml/examples/classic/train.py

Writes next to this script, for each model, NAME.onnx and NAME.json: the
held-out rows (25%, split with a fixed seed), the library's own predictions
on them (labels and probabilities) and ONNX Runtime's. It stops with an error
if ONNX Runtime's labels differ from the library's on any held-out row.
The Go tests (classic_test.go) import the files and compare the engine's
outputs against both, without Python.
"""

import json
import os
import sys

# One BLAS thread: a threaded reduction can change a coefficient's last bit
# from run to run (the files must be reproducible).
for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

import numpy as np
import onnxruntime as ort
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.ensemble import RandomForestRegressor
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 0


def split(data):
    x = data.data.astype(np.float32)
    y = data.target
    return train_test_split(x, y, test_size=0.25, random_state=SEED, stratify=y)


def xgboost_breast_cancer():
    import xgboost
    from onnxmltools import convert_xgboost
    from onnxmltools.convert.common.data_types import FloatTensorType

    xtr, xte, ytr, yte = split(load_breast_cancer())
    clf = xgboost.XGBClassifier(n_estimators=24, max_depth=3, learning_rate=0.3, n_jobs=1, random_state=SEED,
                                tree_method="exact")
    clf.fit(xtr, ytr)
    onx = convert_xgboost(clf, initial_types=[("input", FloatTensorType([None, xtr.shape[1]]))], target_opset=15)
    return "xgb_breast_cancer", onx, clf, xte, yte, "breast cancer (Wisconsin diagnostic), XGBoost 24 trees of depth 3"


def lightgbm_wine():
    import lightgbm
    from onnxmltools import convert_lightgbm
    from onnxmltools.convert.common.data_types import FloatTensorType

    xtr, xte, ytr, yte = split(load_wine())
    clf = lightgbm.LGBMClassifier(n_estimators=16, num_leaves=8, learning_rate=0.2, n_jobs=1, random_state=SEED,
                                  deterministic=True, force_row_wise=True, verbose=-1)
    clf.fit(xtr, ytr)
    onx = convert_lightgbm(clf, initial_types=[("input", FloatTensorType([None, xtr.shape[1]]))], target_opset=15,
                           zipmap=True)
    return "lgbm_wine", onx, clf, xte, yte, "wine (3 cultivars), LightGBM 16 rounds x 3 classes, 8 leaves"


def logreg_breast_cancer():
    from skl2onnx import to_onnx

    xtr, xte, ytr, yte = split(load_breast_cancer())
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    clf.fit(xtr, ytr)
    onx = to_onnx(clf, xtr[:1], target_opset={"": 15, "ai.onnx.ml": 3})
    return "logreg_breast_cancer", onx, clf, xte, yte, "breast cancer, StandardScaler + LogisticRegression"


def rf_diabetes():
    from skl2onnx import to_onnx

    data = load_diabetes()
    x, y = data.data.astype(np.float32), data.target
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.25, random_state=SEED)
    reg = RandomForestRegressor(n_estimators=12, max_depth=5, random_state=SEED, n_jobs=1)
    reg.fit(xtr, ytr)
    onx = to_onnx(reg, xtr[:1], target_opset={"": 15, "ai.onnx.ml": 3})
    return "rf_diabetes", onx, reg, xte, yte, "diabetes progression, RandomForestRegressor 12 trees of depth 5"


def check_regressor(name, onx, reg, xte, yte, about):
    fix_names(name, onx)
    raw = onx.SerializeToString()
    sess = ort.InferenceSession(raw, providers=["CPUExecutionProvider"])
    ort_y = sess.run(None, {sess.get_inputs()[0].name: xte})[0].astype(np.float32).reshape(-1)
    lib_y = reg.predict(xte).astype(np.float32)
    dy = float(np.max(np.abs(ort_y - lib_y)))
    if dy > 1e-3 * float(np.max(np.abs(lib_y))):
        sys.exit(f"{name}: ONNX Runtime differs from the library by {dy}")
    with open(os.path.join(HERE, name + ".onnx"), "wb") as f:
        f.write(raw)
    doc = {"about": about, "heldOutRows": len(xte), "inputs": xte.tolist(), "truth": yte.tolist(),
           "libraryValues": lib_y.tolist(), "ortValues": ort_y.tolist()}
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"{name}: {len(raw)} bytes, {len(xte)} held-out rows, max |y_ort - y_lib| = {dy:.2e}")


def fix_names(name, onx):
    # Reproducible files: the exporters name graphs by a random uuid and list
    # opsets in set order.
    onx.graph.name = name
    opsets = sorted((o.domain, o.version) for o in onx.opset_import)
    del onx.opset_import[:]
    for domain, version in opsets:
        onx.opset_import.add(domain=domain, version=version)


def check(name, onx, clf, xte, yte, about):
    fix_names(name, onx)
    raw = onx.SerializeToString()
    sess = ort.InferenceSession(raw, providers=["CPUExecutionProvider"])
    outs = sess.run(None, {sess.get_inputs()[0].name: xte})
    ort_labels = np.asarray(outs[0]).astype(np.int64)
    probs = outs[1]
    if isinstance(probs, list):  # ZipMap: a list of {class: probability}
        probs = np.array([[row[k] for k in sorted(row)] for row in probs], dtype=np.float32)
    lib_labels = clf.predict(xte).astype(np.int64)
    lib_probs = clf.predict_proba(xte).astype(np.float32)
    bad = np.nonzero(ort_labels != lib_labels)[0]
    if len(bad):
        sys.exit(f"{name}: ONNX Runtime's labels differ from the library's on rows {bad.tolist()}")
    dp = float(np.max(np.abs(probs - lib_probs)))
    acc = float(np.mean(lib_labels == yte))
    with open(os.path.join(HERE, name + ".onnx"), "wb") as f:
        f.write(raw)
    doc = {
        "about": about,
        "heldOutRows": len(xte),
        "accuracy": acc,
        "ortVsLibraryMaxProbDiff": dp,
        "inputs": xte.tolist(),
        "truth": yte.astype(int).tolist(),
        "libraryLabels": lib_labels.tolist(),
        "libraryProbs": lib_probs.tolist(),
        "ortLabels": ort_labels.tolist(),
        "ortProbs": np.asarray(probs, dtype=np.float32).tolist(),
    }
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"{name}: {len(raw)} bytes, {len(xte)} held-out rows, accuracy {acc:.3f}, "
          f"ORT = library on every label, max |p_ort - p_lib| = {dp:.2e}")


def main():
    for make in (xgboost_breast_cancer, lightgbm_wine, logreg_breast_cancer):
        check(*make())
    check_regressor(*rf_diabetes())


if __name__ == "__main__":
    main()
