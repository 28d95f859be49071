// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Merkle: the engine's commitments (opml/merkle, SPEC.md section 7).
/// @notice leaf = keccak256(0x00 || leaf zero-padded to leafSize),
/// node = keccak256(0x01 || left || right), leaf count padded to a power of two
/// with zero leaves, root = keccak256(0x02 || uint64_be(length) || treeRoot).
/// Model addresses (leafSize 1024), tensor roots (256) and node-root lists (32)
/// are all checked here.
library Merkle {
    error BadProof(uint256 index);
    error LeafTooLong(uint256 size, uint256 leafSize);

    function leafHash(bytes memory leaf, uint256 leafSize) internal pure returns (bytes32 h) {
        uint256 n = leaf.length;
        if (n > leafSize) revert LeafTooLong(n, leafSize);
        assembly {
            // 0x00 || leaf || zeros, in scratch memory past the free pointer
            let buf := mload(0x40)
            mstore8(buf, 0)
            mcopy(add(buf, 1), add(leaf, 32), n)
            calldatacopy(add(add(buf, 1), n), calldatasize(), sub(leafSize, n)) // zeros
            h := keccak256(buf, add(leafSize, 1))
        }
    }

    function nodeHash(bytes32 l, bytes32 r) internal pure returns (bytes32 h) {
        assembly {
            let p := mload(0x40)
            mstore8(p, 1)
            mstore(add(p, 1), l)
            mstore(add(p, 33), r)
            h := keccak256(p, 65)
        }
    }

    function bindLength(uint256 length, bytes32 tree) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(uint8(2), uint64(length), tree));
    }

    /// @notice height of the tree over `length` bytes in leaves of leafSize.
    function height(uint256 length, uint256 leafSize) internal pure returns (uint256 h) {
        uint256 n = length == 0 ? 1 : (length + leafSize - 1) / leafSize;
        assembly {
            // the bit length of n - 1
            for { n := sub(n, 1) } n { n := shr(1, n) } { h := add(h, 1) }
        }
    }

    /// @notice rootFromPath folds a leaf hash up its sibling path.
    function rootFromPath(bytes32 node, uint256 index, bytes32[] memory siblings) internal pure returns (bytes32) {
        assembly {
            // nodeHash at each level, in scratch memory past the free pointer
            let p := mload(0x40)
            let s := add(siblings, 0x20)
            let n := mload(siblings)
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                let sib := mload(add(s, shl(5, i)))
                mstore8(p, 1)
                switch and(shr(i, index), 1)
                case 1 {
                    mstore(add(p, 1), sib)
                    mstore(add(p, 33), node)
                }
                default {
                    mstore(add(p, 1), node)
                    mstore(add(p, 33), sib)
                }
                node := keccak256(p, 65)
            }
        }
        return node;
    }

    /// @notice verify checks that `leaf` is leaf `index` of the data committed
    /// by root with the given length and leaf size.
    function verify(
        bytes32 want,
        uint256 length,
        uint256 leafSize,
        uint256 index,
        bytes memory leaf,
        bytes32[] memory siblings
    ) internal pure {
        if (!check(want, length, leafSize, index, leaf, siblings)) revert BadProof(index);
    }

    function check(
        bytes32 want,
        uint256 length,
        uint256 leafSize,
        uint256 index,
        bytes memory leaf,
        bytes32[] memory siblings
    ) internal pure returns (bool) {
        uint256 leaves = length == 0 ? 1 : (length + leafSize - 1) / leafSize;
        if (index >= leaves || siblings.length != height(length, leafSize)) return false;
        // Every leaf but the last is whole. The last is given exactly (its
        // `full` bytes) or zero-padded to leafSize. A short leaf elsewhere
        // would hash like its zero-padded self while concatenating shorter.
        uint256 full = index == leaves - 1 && length > 0 ? length - index * leafSize : leafSize;
        if (leaf.length != full && leaf.length != leafSize) return false;
        for (uint256 i = full; i < leaf.length; i++) {
            if (leaf[i] != 0) return false;
        }
        return bindLength(length, rootFromPath(leafHash(leaf, leafSize), index, siblings)) == want;
    }

    /// @notice replace returns the root after leaf `index` (proven by siblings)
    /// is replaced by newLeaf.
    function replace(uint256 length, uint256 leafSize, uint256 index, bytes memory newLeaf, bytes32[] memory siblings)
        internal
        pure
        returns (bytes32)
    {
        return bindLength(length, rootFromPath(leafHash(newLeaf, leafSize), index, siblings));
    }

    /// @notice replaceMany returns the root after the leaves at the distinct,
    /// ascending indices idx (each proven by its siblings in the old tree)
    /// are replaced by leaves hashing to newHashes. A sibling that holds
    /// another replaced leaf is recomputed, not taken from the old path.
    /// idx and newHashes are overwritten.
    function replaceMany(
        uint256 length,
        uint256 leafSize,
        uint256[] memory idx,
        bytes32[] memory newHashes,
        bytes32[][] memory siblings
    ) internal pure returns (bytes32) {
        uint256 n = idx.length;
        uint256[] memory path = new uint256[](n); // which proof each node's path is
        for (uint256 i = 0; i < n; i++) {
            path[i] = i;
        }
        uint256 h = height(length, leafSize);
        for (uint256 level = 0; level < h; level++) {
            uint256 m = 0;
            for (uint256 i = 0; i < n;) {
                uint256 j = idx[i];
                bytes32 parent;
                if (j & 1 == 0 && i + 1 < n && idx[i + 1] == j + 1) {
                    parent = nodeHash(newHashes[i], newHashes[i + 1]);
                    path[m] = path[i];
                    i += 2;
                } else {
                    bytes32 s = siblings[path[i]][level];
                    parent = j & 1 == 1 ? nodeHash(s, newHashes[i]) : nodeHash(newHashes[i], s);
                    path[m] = path[i];
                    i += 1;
                }
                idx[m] = j >> 1;
                newHashes[m] = parent;
                m++;
            }
            n = m;
        }
        return bindLength(length, newHashes[0]);
    }

    /// @notice zeroRoot is the root of `length` zero bytes.
    function zeroRoot(uint256 length, uint256 leafSize) internal pure returns (bytes32) {
        bytes32 z = leafHash(new bytes(0), leafSize);
        uint256 h = height(length, leafSize);
        for (uint256 i = 0; i < h; i++) {
            z = nodeHash(z, z);
        }
        return bindLength(length, z);
    }

    /// @notice root commits data in memory (a tensor of a model input or
    /// output): each leaf is hashed from one reused buffer, copied a word at
    /// a time.
    function root(bytes memory data, uint256 leafSize) internal pure returns (bytes32) {
        uint256 n = data.length == 0 ? 1 : (data.length + leafSize - 1) / leafSize;
        uint256 h = height(data.length, leafSize);
        bytes32[] memory lvl = new bytes32[](n);
        bytes memory buf = new bytes(leafSize + 1 + 32); // 0x00, the leaf, room for the last word
        for (uint256 i = 0; i < n; i++) {
            uint256 lo = i * leafSize;
            uint256 len = lo + leafSize < data.length ? leafSize : data.length - lo;
            bytes32 lh;
            assembly {
                let dst := add(buf, 33)
                let src := add(add(data, 32), lo)
                for { let k := 0 } lt(k, len) { k := add(k, 32) } { mstore(add(dst, k), mload(add(src, k))) }
                for { let k := len } lt(k, leafSize) { k := add(k, 32) } { mstore(add(dst, k), 0) }
                mstore8(add(buf, 32), 0)
                lh := keccak256(add(buf, 32), add(leafSize, 1))
            }
            lvl[i] = lh;
        }
        bytes32 zero = leafHash(new bytes(0), leafSize);
        for (uint256 level = 0; level < h; level++) {
            uint256 m = (n + 1) / 2;
            for (uint256 i = 0; i < m; i++) {
                bytes32 r = 2 * i + 1 < n ? lvl[2 * i + 1] : zero;
                lvl[i] = nodeHash(lvl[2 * i], r);
            }
            n = m;
            zero = nodeHash(zero, zero);
        }
        return bindLength(data.length, lvl[0]);
    }
}
