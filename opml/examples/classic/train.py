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
# One BLAS kernel: OpenBLAS picks its kernels by CPU, and the solvers'
# coefficients differ in their last bits between kernels (Haswell's and
# SkylakeX's do, on one machine). The files were made with SkylakeX's
# (AVX-512), whatever OPENBLAS_CORETYPE says (some machines set it); on a
# CPU without AVX-512, AIEVM_OPENBLAS_CORETYPE picks another (the
# coefficients then differ from the committed files in their last bits).
os.environ["OPENBLAS_CORETYPE"] = os.environ.get("AIEVM_OPENBLAS_CORETYPE", "SkylakeX")

import numpy as np
import onnxruntime as ort
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.ensemble import RandomForestRegressor
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer, StandardScaler

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


def logreg_wine(norm):
    # A Normalizer of the given norm in front, a multinomial logistic
    # regression behind: skl2onnx exports the Normalizer, and an L1
    # Normalizer over the softmax's probabilities.
    from skl2onnx import to_onnx

    xtr, xte, ytr, yte = split(load_wine())
    clf = make_pipeline(Normalizer(norm), StandardScaler(), LogisticRegression(max_iter=2000))
    clf.fit(xtr, ytr)
    onx = to_onnx(clf, xtr[:1], target_opset={"": 15, "ai.onnx.ml": 3})
    return ("logreg_wine_" + norm, onx, clf, xte, yte,
            f"wine (3 cultivars), Normalizer ({norm}) + StandardScaler + multinomial LogisticRegression")


def rf_diabetes():
    from skl2onnx import to_onnx

    data = load_diabetes()
    x, y = data.data.astype(np.float32), data.target
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.25, random_state=SEED)
    reg = RandomForestRegressor(n_estimators=12, max_depth=5, random_state=SEED, n_jobs=1)
    reg.fit(xtr, ytr)
    onx = to_onnx(reg, xtr[:1], target_opset={"": 15, "ai.onnx.ml": 3})
    return "rf_diabetes", onx, reg, xte, yte, "diabetes progression, RandomForestRegressor 12 trees of depth 5"


def to_tree_ensemble_v5(name, onx):
    """The ensemble of a TreeEnsembleRegressor (ai.onnx.ml opset 3) as the
    opset-5 TreeEnsemble, which no exporter writes yet: interior nodes and
    leaves in separate lists, modes and thresholds as tensors."""
    from onnx import helper, numpy_helper

    (node,) = [n for n in onx.graph.node if n.op_type == "TreeEnsembleRegressor"]
    a = {x.name: helper.get_attribute_value(x) for x in node.attribute}
    modes = [m.decode() for m in a["nodes_modes"]]
    key = list(zip(a["nodes_treeids"], a["nodes_nodeids"]))
    leaf_of, inner_of = {}, {}
    for i, k in enumerate(key):
        (leaf_of if modes[i] == "LEAF" else inner_of)[k] = None
    leaves = [k for k in key if k in leaf_of]
    inner = [k for k in key if k in inner_of]
    li = {k: i for i, k in enumerate(leaves)}
    ni = {k: i for i, k in enumerate(inner)}
    weight = {}
    for t, n, w in zip(a["target_treeids"], a["target_nodeids"], a["target_weights"]):
        weight[(t, n)] = weight.get((t, n), 0.0) + w
    codes = {"BRANCH_LEQ": 0, "BRANCH_LT": 1, "BRANCH_GTE": 2, "BRANCH_GT": 3, "BRANCH_EQ": 4, "BRANCH_NEQ": 5}
    at = {k: i for i, k in enumerate(key)}
    fields = {f: [] for f in ("feat", "split", "mode", "tid", "tleaf", "fid", "fleaf", "miss")}
    for k in inner:
        i = at[k]
        t, f = (k[0], a["nodes_truenodeids"][i]), (k[0], a["nodes_falsenodeids"][i])
        fields["feat"].append(a["nodes_featureids"][i])
        fields["split"].append(a["nodes_values"][i])
        fields["mode"].append(codes[modes[i]])
        fields["tleaf"].append(1 if t in li else 0)
        fields["tid"].append(li[t] if t in li else ni[t])
        fields["fleaf"].append(1 if f in li else 0)
        fields["fid"].append(li[f] if f in li else ni[f])
        fields["miss"].append(a.get("nodes_missing_value_tracks_true", [0] * len(key))[i])
    roots = [ni[(t, 0)] for t in sorted(set(a["nodes_treeids"]))]
    v5 = helper.make_node(
        "TreeEnsemble", list(node.input), list(node.output), domain="ai.onnx.ml", name=node.name,
        aggregate_function=1, n_targets=a["n_targets"], post_transform=0, tree_roots=roots,
        nodes_featureids=fields["feat"], nodes_truenodeids=fields["tid"], nodes_trueleafs=fields["tleaf"],
        nodes_falsenodeids=fields["fid"], nodes_falseleafs=fields["fleaf"],
        nodes_missing_value_tracks_true=fields["miss"],
        nodes_modes=numpy_helper.from_array(np.array(fields["mode"], dtype=np.uint8)),
        nodes_splits=numpy_helper.from_array(np.array(fields["split"], dtype=np.float32)),
        leaf_targetids=[0] * len(leaves),
        leaf_weights=numpy_helper.from_array(np.array([weight.get(k, 0.0) for k in leaves], dtype=np.float32)))
    graph = helper.make_graph([v5], name, list(onx.graph.input), list(onx.graph.output))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid("ai.onnx.ml", 5)],
                             producer_name="aievm train.py (from " + onx.producer_name + ")", ir_version=10)


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
    for norm in ("l2", "max"):
        check(*logreg_wine(norm))
    name, onx, reg, xte, yte, about = rf_diabetes()
    check_regressor(name, onx, reg, xte, yte, about)
    check_regressor("rf_diabetes_v5", to_tree_ensemble_v5("rf_diabetes_v5", onx), reg, xte, yte,
                    about + ", as the opset-5 TreeEnsemble")


if __name__ == "__main__":
    main()
