// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Graph: reads the graph section of an opML model file (SPEC.md
/// section 6) and infers value shapes, so that the dispute game can bind a
/// disputed node to its op, attributes, operand tensors and output size from
/// the model address alone. The file prefix it reads is proven against the
/// model address by the caller. Models are validated by every node when they
/// are registered; this reader assumes a valid file and only guards bounds.
library Graph {
    // Ops (opml/model/ops.go).
    uint8 internal constant QLINEAR = 1;
    uint8 internal constant QCONV2D = 2;
    uint8 internal constant QMAXPOOL2D = 3;
    uint8 internal constant QRELU = 4;
    uint8 internal constant DEQUANTIZE = 5;
    uint8 internal constant QUANTIZE = 6;
    uint8 internal constant ARGMAX = 7;
    uint8 internal constant EMBEDDING = 8;
    uint8 internal constant RMSNORM = 9;
    uint8 internal constant MATMUL = 10;
    uint8 internal constant ROPE = 11;
    uint8 internal constant ATTENTION = 12;
    uint8 internal constant ADD = 13;
    uint8 internal constant MUL = 14;
    uint8 internal constant SILU = 15;
    uint8 internal constant GELU = 16;
    uint8 internal constant SIGMOID = 17;
    uint8 internal constant TANH = 18;
    uint8 internal constant SOFTMAX = 19;
    uint8 internal constant TAKELAST = 20;
    uint8 internal constant RESHAPE = 21;
    uint8 internal constant QAVGPOOL2D = 22;
    uint8 internal constant TREES = 23;
    uint8 internal constant SLICE = 24;
    uint8 internal constant CONCAT = 25;
    uint8 internal constant NORMALIZE = 26;

    // DTypes (opml/tensor).
    uint8 internal constant F32 = 1;
    uint8 internal constant F16 = 2;
    uint8 internal constant I8 = 3;
    uint8 internal constant I32 = 4;
    uint8 internal constant Q8_0 = 5;
    uint8 internal constant Q4_0 = 6;
    uint8 internal constant Q4_1 = 7;

    error Truncated(uint256 pos);
    error BadMagic();
    error UnknownOp(uint8 op);

    struct Spec {
        uint8 dtype;
        uint8 rank;
        uint32[4] shape;
    }

    struct Node {
        uint8 op;
        uint32[] ins;
        int64[] attrs;
    }

    struct Model {
        Spec[] inputs;
        Spec[] outputs;
        Spec[] values; // inputs, then constants, then node outputs
        uint64[] constOffset; // file offset of each constant's bytes
        uint256 nodeCount;
        Node node; // the node parse was asked to keep
        uint32[] outputIds;
        uint256 graphEnd; // bytes the graph section takes from the file start
    }

    struct Cursor {
        bytes b;
        uint256 pos;
    }

    function u8(Cursor memory c) private pure returns (uint256 v) {
        if (c.pos + 1 > c.b.length) revert Truncated(c.pos);
        v = uint8(c.b[c.pos]);
        c.pos += 1;
    }

    /// @notice le reads an n-byte (n <= 8) little-endian integer: the first
    /// n bytes as a big-endian word, byte-reversed in 64 bits, shifted down.
    function le(Cursor memory c, uint256 n) private pure returns (uint256 v) {
        if (c.pos + n > c.b.length) revert Truncated(c.pos);
        bytes memory b = c.b;
        uint256 pos = c.pos;
        assembly {
            v := shr(sub(256, shl(3, n)), mload(add(add(b, 32), pos)))
            v := or(shr(8, and(v, 0xFF00FF00FF00FF00)), shl(8, and(v, 0x00FF00FF00FF00FF)))
            v := or(shr(16, and(v, 0xFFFF0000FFFF0000)), shl(16, and(v, 0x0000FFFF0000FFFF)))
            v := or(shr(32, v), shl(32, and(v, 0xFFFFFFFF)))
            v := shr(sub(64, shl(3, n)), v)
        }
        unchecked {
            c.pos += n;
        }
    }

    function skipName(Cursor memory c) private pure {
        uint256 n = u8(c);
        c.pos += n;
    }

    function spec(Cursor memory c) private pure returns (Spec memory s) {
        skipName(c);
        s.dtype = uint8(u8(c));
        s.rank = uint8(u8(c));
        for (uint256 i = 0; i < s.rank; i++) {
            s.shape[i] = uint32(le(c, 4));
        }
    }

    function specs(Cursor memory c) private pure returns (Spec[] memory s) {
        s = new Spec[](u8(c));
        for (uint256 i = 0; i < s.length; i++) {
            s[i] = spec(c);
        }
    }

    /// @notice parse reads the graph section of a model file prefix, keeping
    /// node `keep` (type(uint256).max: none). Other nodes are read into one
    /// scratch node: only their output specs stay, so memory (whose gas
    /// grows with its square) is a few words per node.
    function parse(bytes memory file, uint256 keep) internal pure returns (Model memory m) {
        Cursor memory c = Cursor(file, 0);
        if (le(c, 4) != 0x4c4d504f) revert BadMagic(); // "OPML"
        c.pos = 12;
        skipName(c);
        m.inputs = specs(c);
        m.outputs = specs(c);
        c.pos += 40; // cost
        uint256 nConsts = le(c, 4);
        uint256 nIn = m.inputs.length;
        Spec[] memory consts = new Spec[](nConsts);
        for (uint256 i = 0; i < nConsts; i++) {
            consts[i] = spec(c);
        }
        uint256 nNodes = le(c, 4);
        m.nodeCount = nNodes;
        m.values = new Spec[](nIn + nConsts + nNodes);
        for (uint256 i = 0; i < nIn; i++) {
            m.values[i] = m.inputs[i];
        }
        for (uint256 i = 0; i < nConsts; i++) {
            m.values[nIn + i] = consts[i];
        }
        Node memory scratch = Node(0, new uint32[](8), new int64[](8)); // MaxInputs, MaxAttrs
        for (uint256 i = 0; i < nNodes; i++) {
            Node memory n = scratch;
            skipName(c);
            n.op = uint8(u8(c));
            uint256 k = u8(c);
            if (i == keep) {
                n = m.node;
                n.op = scratch.op;
                n.ins = new uint32[](k);
            } else {
                if (k > 8) revert Truncated(c.pos);
                uint32[] memory ins = scratch.ins;
                assembly {
                    mstore(ins, k)
                }
            }
            for (uint256 j = 0; j < k; j++) {
                n.ins[j] = uint32(le(c, 4));
            }
            k = u8(c);
            if (i == keep) {
                n.attrs = new int64[](k);
            } else {
                if (k > 8) revert Truncated(c.pos);
                int64[] memory attrs = scratch.attrs;
                assembly {
                    mstore(attrs, k)
                }
            }
            for (uint256 j = 0; j < k; j++) {
                n.attrs[j] = int64(uint64(le(c, 8)));
            }
            m.values[nIn + nConsts + i] = infer(n, m.values);
        }
        m.outputIds = new uint32[](m.outputs.length);
        for (uint256 i = 0; i < m.outputIds.length; i++) {
            m.outputIds[i] = uint32(le(c, 4));
        }
        m.graphEnd = c.pos;
        m.constOffset = new uint64[](nConsts);
        uint256 off = c.pos;
        for (uint256 i = 0; i < nConsts; i++) {
            off = (off + 31) & ~uint256(31);
            m.constOffset[i] = uint64(off);
            off += byteSize(consts[i]);
        }
    }

    function elements(Spec memory s) internal pure returns (uint256 n) {
        n = 1;
        for (uint256 i = 0; i < s.rank; i++) {
            n *= s.shape[i];
        }
    }

    function byteSize(Spec memory s) internal pure returns (uint256) {
        uint256 n = elements(s);
        uint8 d = s.dtype;
        if (d == F32 || d == I32) return 4 * n;
        if (d == F16) return 2 * n;
        if (d == I8) return n;
        return (n / 32) * blockBytes(d);
    }

    /// @notice blockBytes is the size of a block of 32 of a quantized dtype.
    function blockBytes(uint8 d) internal pure returns (uint256) {
        if (d == Q8_0) return 34;
        if (d == Q4_1) return 20;
        return 18;
    }

    function shaped(uint8 dtype, uint256 rank, uint256 a, uint256 b, uint256 c) private pure returns (Spec memory s) {
        s.dtype = dtype;
        s.rank = uint8(rank);
        s.shape[0] = uint32(a);
        s.shape[1] = uint32(b);
        s.shape[2] = uint32(c);
    }

    function retyped(Spec memory x, uint8 dtype) private pure returns (Spec memory s) {
        s.dtype = dtype;
        s.rank = x.rank;
        for (uint256 i = 0; i < 4; i++) {
            s.shape[i] = x.shape[i]; // a copy: memory arrays assign by reference
        }
    }

    /// @notice infer returns a node's output spec (model.infer* without the checks).
    function infer(Node memory n, Spec[] memory v) internal pure returns (Spec memory) {
        uint8 op = n.op;
        Spec memory x = v[n.ins[0]];
        int64[] memory a = n.attrs;
        if (op == QLINEAR) {
            Spec memory s = retyped(x, I8);
            s.shape[s.rank - 1] = v[n.ins[1]].shape[0];
            return s;
        }
        if (op == QCONV2D) {
            Spec memory w = v[n.ins[1]];
            uint256 st = uint64(a[0]);
            uint256 p = uint64(a[1]);
            return shaped(I8, 3, w.shape[0], (x.shape[1] + 2 * p - w.shape[2]) / st + 1, (x.shape[2] + 2 * p - w.shape[3]) / st + 1);
        }
        if (op == QMAXPOOL2D || op == QAVGPOOL2D) {
            uint256 k = uint64(a[0]);
            uint256 st = uint64(a[1]);
            return shaped(I8, 3, x.shape[0], (x.shape[1] - k) / st + 1, (x.shape[2] - k) / st + 1);
        }
        if (op == QRELU || op == QUANTIZE) return retyped(x, I8);
        if (op == ARGMAX) return shaped(I32, 1, x.rank == 1 ? 1 : x.shape[0], 0, 0);
        if (op == EMBEDDING) return shaped(F32, 2, x.shape[0], v[n.ins[1]].shape[1], 0);
        if (op == MATMUL) return shaped(F32, 2, x.shape[0], v[n.ins[1]].shape[0], 0);
        if (op == TAKELAST) return shaped(F32, 2, 1, x.shape[1], 0);
        if (op == TREES) return shaped(F32, 2, x.shape[0], v[n.ins[4]].shape[0], 0);
        if (op == SLICE) return shaped(F32, 2, uint64(a[1]), uint64(a[3]), 0);
        if (op == CONCAT) return shaped(F32, 2, uint256(x.shape[0]) + v[n.ins[1]].shape[0], x.shape[1], 0);
        if (op == RESHAPE) {
            Spec memory s;
            s.dtype = x.dtype;
            s.rank = uint8(a.length);
            for (uint256 i = 0; i < a.length; i++) {
                s.shape[i] = uint32(uint64(a[i]));
            }
            return s;
        }
        if (op == DEQUANTIZE || (op >= RMSNORM && op <= SOFTMAX) || op == NORMALIZE) return retyped(x, F32);
        revert UnknownOp(op);
    }

    /// @notice steps is the number of primitive steps of a node (SPEC.md
    /// section 8; exec.NodeSteps).
    function steps(Node memory n, Spec[] memory v, Spec memory out) internal pure returns (uint256) {
        uint8 op = n.op;
        uint256 outN = elements(out);
        Spec memory x = v[n.ins[0]];
        if (op == QLINEAR) return outN * (uint256(v[n.ins[1]].shape[1]) + 1);
        if (op == QCONV2D) {
            Spec memory w = v[n.ins[1]];
            return outN * (uint256(w.shape[1]) * w.shape[2] * w.shape[3] + 1);
        }
        uint256 k = n.attrs.length > 0 ? uint64(n.attrs[0]) : 0;
        if (op == QMAXPOOL2D) return outN * k * k;
        if (op == QAVGPOOL2D) return outN * (k * k + 1);
        if (op == ARGMAX) return elements(x);
        if (op == RMSNORM || op == NORMALIZE) return x.shape[0] * (2 * uint256(x.shape[1]) + 1);
        if (op == MATMUL) {
            Spec memory w = v[n.ins[1]];
            uint256 kk = w.shape[1];
            if (w.dtype == Q8_0 || w.dtype == Q4_0 || w.dtype == Q4_1) kk /= 32;
            return outN * kk;
        }
        if (op == ROPE) return outN / 2;
        if (op == ATTENTION) {
            // per (t, h) row and key: ceil(dh / 8) steps in each of four phases
            if (k == 0) return 0; // no heads: not a valid model (the engine refuses it)
            uint256 chunks = (uint256(x.shape[1]) / k + 7) / 8;
            return uint256(x.shape[0]) * k * 4 * uint256(x.shape[0]) * chunks;
        }
        if (op == SOFTMAX) return 3 * outN;
        if (op == RESHAPE) return 1;
        if (op == TREES) {
            // per row: depth steps per tree (R of them), then one per target
            return uint256(x.shape[0]) * (uint256(v[n.ins[3]].shape[0]) * k + v[n.ins[4]].shape[0]);
        }
        return outN;
    }
}
