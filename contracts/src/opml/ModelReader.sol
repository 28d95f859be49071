// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Merkle} from "./Merkle.sol";
import {Graph} from "./Graph.sol";
import {TensorRef, NodeInfo} from "./StepTypes.sol";

/// @notice FileProof: proof that bytes [0, n*1024) of a model file belong to its address.
struct FileProof {
    uint64 length; // the model file's length
    bytes[] leaves; // leaves 0.. of 1024 bytes
    bytes32[][] siblings;
}

/// @notice What the proposer shows to bind the disputed node (phase 1 -> 2).
struct Binding {
    FileProof graph;
    bytes input; // the claim's input (checked against its hash) when the node reads a model input
    bytes32[] inRoots; // per node input: the root of a node-output operand (others ignored)
    bytes32[][] inProofs; // their sibling paths in S_lo
    bytes32 outRoot; // the proposer's root of the node's output (leaf `node` of S_hi)
    bytes32[] outProof; // the sibling path of leaf `node` (zero in S_lo, outRoot in S_hi)
    uint64[4] endRegs; // registers after the node's last step
}

/// @notice BindCtx is what the game knows when it binds node `node`.
struct BindCtx {
    uint256 node;
    bytes32 sLo; // the agreed prefix state: nodes before `node`
    uint256 listLen; // bytes of the node-root list (32 per node)
    bytes32 model;
    bytes32 inputHash;
}

/// @title ModelReader reads what the dispute game needs from a model file
/// proven against its address: the disputed node's description bound to its
/// operands (bindNode) and the model's input and output layout (checkOutput).
/// A contract of its own so the oracle stays under the code size limit.
contract ModelReader {
    error BadBinding(string why);
    error BadInput();

    /// @notice bindNode parses the model and describes node k.node, checking
    /// the node count against the claim's.
    function bindNode(Binding calldata b, BindCtx calldata k, uint64 nodes) external pure returns (NodeInfo memory) {
        Graph.Model memory m = graph(k.model, b.graph, k.node);
        if (m.nodeCount != nodes || k.node >= nodes) revert BadBinding("node count");
        return nodeInfo(m, b, k);
    }

    /// @notice checkOutput tells whether input, output and node count fit the
    /// model, and if so which node produces output k and the root of output k
    /// as cut from the claimed output.
    function checkOutput(bytes32 model, FileProof calldata p, uint256 inLen, bytes calldata output, uint64 nodes, uint256 k)
        external
        pure
        returns (bool fit, uint256 node, bytes32 want)
    {
        Graph.Model memory m = graph(model, p, type(uint256).max);
        if (!fits(m, inLen, output.length, nodes)) return (false, 0, 0);
        (node, want) = outputRoot(m, output, k);
        return (true, node, want);
    }

    function nodeInfo(Graph.Model memory m, Binding calldata b, BindCtx memory k)
        private
        pure
        returns (NodeInfo memory info)
    {
        Graph.Node memory n = m.node;
        info.index = uint32(k.node);
        info.op = n.op;
        info.attrs = n.attrs;
        info.ins = new TensorRef[](n.ins.length);
        if (b.inRoots.length != n.ins.length || b.inProofs.length != n.ins.length) revert BadBinding("operand count");
        for (uint256 j = 0; j < n.ins.length; j++) {
            info.ins[j] = operand(m, n.ins[j], b, j, k);
        }
        Graph.Spec memory o = m.values[m.inputs.length + m.constOffset.length + k.node];
        info.out = ref(o);
        info.steps = uint64(Graph.steps(n, m.values, o));
    }

    function ref(Graph.Spec memory s) private pure returns (TensorRef memory t) {
        t.dtype = s.dtype;
        t.rank = s.rank;
        t.shape = s.shape;
        t.length = uint64(Graph.byteSize(s));
        t.leafSize = 256;
        t.rootLength = t.length;
    }

    /// @notice operand binds value v, operand j of the node: a model input by
    /// its tensor root cut from the claim's input, a constant by the model
    /// address, an earlier node's output by its root proven in S_lo.
    function operand(Graph.Model memory m, uint256 v, Binding calldata b, uint256 j, BindCtx memory k)
        private
        pure
        returns (TensorRef memory t)
    {
        uint256 nIn = m.inputs.length;
        uint256 nConsts = m.constOffset.length;
        t = ref(m.values[v]);
        if (v < nIn) {
            t.root = inputRoot(m, v, b.input, k.inputHash);
        } else if (v < nIn + nConsts) {
            t.root = k.model;
            t.base = m.constOffset[v - nIn];
            t.leafSize = 1024;
            t.rootLength = b.graph.length;
        } else {
            uint256 node = v - nIn - nConsts;
            if (node >= k.node) revert BadBinding("operand after node");
            if (!Merkle.check(k.sLo, k.listLen, 32, node, abi.encodePacked(b.inRoots[j]), b.inProofs[j])) {
                revert BadBinding("operand root");
            }
            t.root = b.inRoots[j];
        }
    }

    /// @notice inputRoot is the tensor root of model input v, cut from the claim's input.
    function inputRoot(Graph.Model memory m, uint256 v, bytes calldata input, bytes32 inputHash)
        private
        pure
        returns (bytes32)
    {
        if (keccak256(input) != inputHash) revert BadBinding("input");
        uint256 off = 0;
        uint256 total = 0;
        for (uint256 k = 0; k < m.inputs.length; k++) {
            uint256 sz = Graph.byteSize(m.inputs[k]);
            if (k < v) off += sz;
            total += sz;
        }
        if (total != input.length) revert BadBinding("input size");
        return Merkle.root(input[off:off + Graph.byteSize(m.inputs[v])], 256);
    }

    /// @notice graph verifies a prefix of the model file against its address
    /// and parses it, keeping node `keep`.
    function graph(bytes32 model, FileProof calldata p, uint256 keep) internal pure returns (Graph.Model memory) {
        if (p.leaves.length == 0 || p.leaves.length != p.siblings.length) revert BadBinding("graph proof");
        // One buffer, filled leaf by leaf (linear in the graph's size; every
        // leaf but the file's last is whole, which Merkle.check enforces).
        uint256 total = 0;
        for (uint256 i = 0; i < p.leaves.length; i++) {
            total += p.leaves[i].length;
        }
        bytes memory file = new bytes(total);
        uint256 pos = 0;
        for (uint256 i = 0; i < p.leaves.length; i++) {
            bytes calldata leaf = p.leaves[i];
            Merkle.verify(model, p.length, 1024, i, leaf, p.siblings[i]);
            assembly {
                calldatacopy(add(add(file, 32), pos), leaf.offset, leaf.length)
            }
            pos += leaf.length;
        }
        return Graph.parse(file, keep);
    }

    function fits(Graph.Model memory m, uint256 inLen, uint256 outLen, uint64 nodes) private pure returns (bool) {
        uint256 inTotal;
        for (uint256 i = 0; i < m.inputs.length; i++) {
            inTotal += Graph.byteSize(m.inputs[i]);
        }
        uint256 outTotal;
        for (uint256 i = 0; i < m.outputs.length; i++) {
            outTotal += Graph.byteSize(m.outputs[i]);
        }
        return inTotal == inLen && outTotal == outLen && m.nodeCount == nodes;
    }

    /// @notice outputRoot is the node that produces output k and the tensor
    /// root of output k cut from the claimed output bytes.
    function outputRoot(Graph.Model memory m, bytes calldata out, uint256 k) private pure returns (uint256, bytes32) {
        if (k >= m.outputs.length) revert BadInput();
        uint256 off;
        for (uint256 i = 0; i < k; i++) {
            off += Graph.byteSize(m.outputs[i]);
        }
        bytes memory slice = out[off:off + Graph.byteSize(m.outputs[k])];
        return (m.outputIds[k] - m.inputs.length - m.constOffset.length, Merkle.root(slice, 256));
    }
}
