"""Builds the recurrent example models (an LSTM and a GRU, as ONNX defines
them, with fixed random weights) and records ONNX Runtime's outputs on
random inputs, for the Go tests (recurrent_test.go) to compare against.

    build/pyenv/bin/pip install -r opml/examples/classic/requirements.txt
    build/pyenv/bin/python opml/examples/recurrent/make.py

The state (initial_h, initial_c) is a graph input and Y_h, Y_c are outputs,
so a contract can carry it across calls.
"""

import json
import os

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
SEQ, IN, HID = 8, 4, 16


def build(kind, direction="forward", lbr=0):
    rng = np.random.default_rng({"LSTM": 1, "GRU": 2}[kind])
    gates = 4 if kind == "LSTM" else 3
    w = (rng.standard_normal((1, gates * HID, IN)) * 0.5).astype(np.float32)
    r = (rng.standard_normal((1, gates * HID, HID)) * 0.3).astype(np.float32)
    b = (rng.standard_normal((1, 2 * gates * HID)) * 0.1).astype(np.float32)
    inits = [helper.make_tensor(n, TensorProto.FLOAT, v.shape, v.flatten()) for n, v in (("W", w), ("R", r), ("B", b))]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [SEQ, 1, IN]),
              helper.make_tensor_value_info("h0", TensorProto.FLOAT, [1, 1, HID])]
    node_in = ["x", "W", "R", "B", "", "h0"]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT, [SEQ, 1, 1, HID]),
               helper.make_tensor_value_info("h", TensorProto.FLOAT, [1, 1, HID])]
    node_out = ["y", "h"]
    attrs = {"hidden_size": HID, "direction": direction}
    if kind == "LSTM":
        inputs.append(helper.make_tensor_value_info("c0", TensorProto.FLOAT, [1, 1, HID]))
        node_in.append("c0")
        outputs.append(helper.make_tensor_value_info("c", TensorProto.FLOAT, [1, 1, HID]))
        node_out.append("c")
    else:
        attrs["linear_before_reset"] = lbr
    node = helper.make_node(kind, node_in, node_out, name=kind.lower(), **attrs)
    graph = helper.make_graph([node], kind.lower(), inputs, outputs, inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)], producer_name="aievm make.py")
    onnx.checker.check_model(m)
    return m


def exported():
    """An LSTM as exporters emit it: its zero initial state built from the
    input's shape at run time (Shape, Gather, Unsqueeze, Concat,
    ConstantOfShape), its output squeezed and its last step gathered."""
    m = build("LSTM")
    g = m.graph
    i64 = lambda name, vals, dims: helper.make_tensor(name, TensorProto.INT64, dims, vals)
    plumbing = [
        helper.make_node("Shape", ["x"], ["xs"], name="shape"),
        helper.make_node("Constant", [], ["one"], name="one", value=i64("one_v", [1], [1])),
        helper.make_node("Constant", [], ["idx1"], name="idx1", value=i64("idx1_v", [1], [])),
        helper.make_node("Gather", ["xs", "idx1"], ["batch"], name="batch", axis=0),
        helper.make_node("Constant", [], ["ax0"], name="ax0", value=i64("ax0_v", [0], [1])),
        helper.make_node("Unsqueeze", ["batch", "ax0"], ["batch1"], name="batch1"),
        helper.make_node("Constant", [], ["hid"], name="hid", value=i64("hid_v", [HID], [1])),
        helper.make_node("Concat", ["one", "batch1", "hid"], ["st"], name="st", axis=0),
        helper.make_node("ConstantOfShape", ["st"], ["h0"], name="h0",
                         value=helper.make_tensor("zero", TensorProto.FLOAT, [1], [0.0])),
        helper.make_node("ConstantOfShape", ["st"], ["c0"], name="c0",
                         value=helper.make_tensor("zero", TensorProto.FLOAT, [1], [0.0])),
    ]
    lstm = g.node[0]
    tail = [
        helper.make_node("Constant", [], ["ax1"], name="ax1", value=i64("ax1_v", [1], [1])),
        helper.make_node("Squeeze", ["y", "ax1"], ["y2"], name="squeeze"),
        helper.make_node("Constant", [], ["lastidx"], name="lastidx", value=i64("last_v", [-1], [])),
        helper.make_node("Gather", ["y2", "lastidx"], ["last"], name="last", axis=0),
    ]
    graph = helper.make_graph(plumbing + [lstm] + tail, "lstm_exported", [g.input[0]],
                              [helper.make_tensor_value_info("last", TensorProto.FLOAT, [1, HID]), g.output[1]],
                              list(g.initializer))
    out = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)], producer_name="aievm make.py")
    onnx.checker.check_model(out)
    return out


def if_const():
    """A net whose exporter left an If on a constant condition (a flag fixed
    at export): the then branch is taken; both branches read the outer x."""
    rng = np.random.default_rng(3)
    w1 = (rng.standard_normal((IN, HID)) * 0.5).astype(np.float32)
    w2 = (rng.standard_normal((IN, HID)) * 0.5).astype(np.float32)
    out = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, HID])
    then_g = helper.make_graph([helper.make_node("MatMul", ["x", "w1"], ["y1"], name="then_mm"),
                                helper.make_node("Tanh", ["y1"], ["yt"], name="then_tanh")],
                               "then", [], [helper.make_tensor_value_info("yt", TensorProto.FLOAT, [1, HID])],
                               [helper.make_tensor("w1", TensorProto.FLOAT, w1.shape, w1.flatten())])
    else_g = helper.make_graph([helper.make_node("MatMul", ["x", "w2"], ["ye"], name="else_mm")],
                               "else", [], [helper.make_tensor_value_info("ye", TensorProto.FLOAT, [1, HID])],
                               [helper.make_tensor("w2", TensorProto.FLOAT, w2.shape, w2.flatten())])
    nodes = [helper.make_node("Constant", [], ["flag"], name="flag",
                              value=helper.make_tensor("flag_v", TensorProto.BOOL, [], [True])),
             helper.make_node("If", ["flag"], ["y"], name="branch", then_branch=then_g, else_branch=else_g)]
    graph = helper.make_graph(nodes, "if_const", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, IN])], [out])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)], producer_name="aievm make.py")
    onnx.checker.check_model(m)
    return m


def main():
    rng = np.random.default_rng(9)
    for name, m in (("lstm", build("LSTM")), ("lstm_reverse", build("LSTM", "reverse")),
                    ("gru", build("GRU", lbr=1)), ("gru_lbr0", build("GRU", lbr=0)), ("lstm_exported", exported()), ("if_const", if_const())):
        raw = m.SerializeToString()
        sess = ort.InferenceSession(raw, providers=["CPUExecutionProvider"])
        names = [i.name for i in sess.get_inputs()]
        cases = []
        for _ in range(8):
            feeds = {n: rng.standard_normal(i.shape).astype(np.float32) for n, i in zip(names, sess.get_inputs())}
            outs = sess.run(None, feeds)
            cases.append({"inputs": {n: feeds[n].flatten().tolist() for n in names},
                          "outputs": [o.flatten().tolist() for o in outs]})
        with open(os.path.join(HERE, name + ".onnx"), "wb") as f:
            f.write(raw)
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump({"inputs": names, "cases": cases}, f, separators=(",", ":"))
            f.write("\n")
        print(f"{name}: {len(raw)} bytes, {len(cases)} cases")


if __name__ == "__main__":
    main()
