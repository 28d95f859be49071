// SPDX-License-Identifier: MIT
pragma solidity ^0.8.13;

/// @title LibKeccak
/// @notice A Keccak-256 sponge (Keccak-f[1600], rate 1088 bits, capacity 512 bits, pad10*1 with the
///         original Keccak domain byte 0x01) that exposes its intermediate state. The `keccak256` opcode
///         only returns the final digest; `PreimageOracle` needs the state matrix after every absorbed
///         block so that a single block of a large preimage can be re-executed on chain during a
///         challenge. Written from the Keccak reference / FIPS 202 specification.
/// @dev    Conventions (shared with op-challenger's off-chain `matrix` package):
///         - lane `i` of `StateMatrix.state` is A[x, y] with i = x + 5y;
///         - a block is absorbed as 17 little-endian 64-bit lanes (lane i = bytes 8i..8i+7);
///         - lanes must hold clean uint64 values (the ABI decoder and this library guarantee this).
library LibKeccak {
    /// @notice The 5x5 matrix of 64-bit lanes that forms the 1600-bit Keccak state.
    struct StateMatrix {
        uint64[25] state;
    }

    /// @notice The sponge rate of Keccak-256 in bytes (1600 - 2 * 256 bits = 1088 bits).
    uint256 internal constant BLOCK_SIZE_BYTES = 136;

    /// @dev Mask for the low 64 bits of a word.
    uint256 private constant U64_MASK = 0xffffffffffffffff;

    /// @notice XORs one rate-sized block into the state (the "absorb" step, without permuting).
    /// @dev    Reverts (without data) unless `_input` is exactly `BLOCK_SIZE_BYTES` long, the size of every
    ///         leaf input in a `PreimageOracle` proposal.
    /// @param _stateMatrix The state to absorb into; modified in place.
    /// @param _input       The 136-byte block.
    function absorb(StateMatrix memory _stateMatrix, bytes memory _input) internal pure {
        assembly ("memory-safe") {
            if iszero(eq(mload(_input), 136)) { revert(0, 0) }
            let s := mload(_stateMatrix) // pointer to the uint64[25] array (one word per lane)
            let p := add(_input, 0x20)
            // Each 32-byte word holds 4 lanes; reverse the bytes inside each 64-bit lane to read them as
            // little-endian numbers, then XOR them into the state. 4 words cover lanes 0..15.
            for { let i := 0 } lt(i, 4) { i := add(i, 1) } {
                let w := bswap64x4(mload(add(p, shl(5, i))))
                let l := add(s, shl(7, i)) // lane 4i
                mstore(l, xor(mload(l), shr(192, w)))
                mstore(add(l, 0x20), xor(mload(add(l, 0x20)), and(shr(128, w), U64_MASK)))
                mstore(add(l, 0x40), xor(mload(add(l, 0x40)), and(shr(64, w), U64_MASK)))
                mstore(add(l, 0x60), xor(mload(add(l, 0x60)), and(w, U64_MASK)))
            }
            // Lane 16 is the top 8 bytes of the fifth word; the other 24 bytes lie past the block.
            let l16 := add(s, 0x200)
            mstore(l16, xor(mload(l16), shr(192, bswap64x4(mload(add(p, 0x80))))))

            /// Reverses the byte order inside each of the four 64-bit lanes of `x`.
            function bswap64x4(x) -> y {
                y := or(
                    shr(8, and(x, 0xff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00)),
                    shl(8, and(x, 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff))
                )
                y := or(
                    shr(16, and(y, 0xffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000)),
                    shl(16, and(y, 0x0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff))
                )
                y := or(
                    shr(32, and(y, 0xffffffff00000000ffffffff00000000ffffffff00000000ffffffff00000000)),
                    shl(32, and(y, 0x00000000ffffffff00000000ffffffff00000000ffffffff00000000ffffffff))
                )
            }
        }
    }

    /// @notice Applies Keccak-f[1600] (24 rounds of theta, rho, pi, chi, iota) to the state in place.
    /// @dev    Each round reads the state from one 25-word buffer and writes the result to another, which
    ///         lets rho, pi, chi and iota run row by row on the stack. The second buffer is scratch space
    ///         past the free memory pointer (not allocated); after an even number of rounds the result is
    ///         back in the caller's array. The code below `keccakRound` is derived from the
    ///         specification by gen/tables.py.
    /// @param _stateMatrix The state to permute; modified in place.
    function permutation(StateMatrix memory _stateMatrix) internal pure {
        assembly ("memory-safe") {
            /// Rotates the clean 64-bit value `v` left by `n` bits (0 < n < 64). Multiplying by 2^64 + 1
            /// places two copies of `v` side by side (bits 0..127); bits 64 - n .. 127 - n of that are
            /// `v` rotated left by `n`. Cheaper than shl/shr/or, and `v` is used only once.
            function rol(v, n) -> r {
                r := and(shr(sub(64, n), mul(v, 0x10000000000000001)), 0xffffffffffffffff)
            }

            /// Theta: column parities c[x] of the state at `a`, folded into d[x] = c[x-1] ^ rol(c[x+1], 1).
            function theta(a) -> d0, d1, d2, d3, d4 {
                let c0 := xor(xor(xor(xor(mload(a), mload(add(a, 0xa0))), mload(add(a, 0x140))), mload(add(a, 0x1e0))), mload(add(a, 0x280)))
                let c1 := xor(xor(xor(xor(mload(add(a, 0x20)), mload(add(a, 0xc0))), mload(add(a, 0x160))), mload(add(a, 0x200))), mload(add(a, 0x2a0)))
                let c2 := xor(xor(xor(xor(mload(add(a, 0x40)), mload(add(a, 0xe0))), mload(add(a, 0x180))), mload(add(a, 0x220))), mload(add(a, 0x2c0)))
                let c3 := xor(xor(xor(xor(mload(add(a, 0x60)), mload(add(a, 0x100))), mload(add(a, 0x1a0))), mload(add(a, 0x240))), mload(add(a, 0x2e0)))
                let c4 := xor(xor(xor(xor(mload(add(a, 0x80)), mload(add(a, 0x120))), mload(add(a, 0x1c0))), mload(add(a, 0x260))), mload(add(a, 0x300)))
                d0 := xor(c4, rol(c1, 1))
                d1 := xor(c0, rol(c2, 1))
                d2 := xor(c1, rol(c3, 1))
                d3 := xor(c2, rol(c4, 1))
                d4 := xor(c3, rol(c0, 1))
            }

            /// One round from the state at `a` into the buffer at `b`, with round constant `rc`.
            /// Output row y, column x is chi over B[x] = rol(A'[(x + 3y) % 5, x], r[(x + 3y) % 5, x]), where
            /// A' is the state after theta; this is the inverse of pi: B[y, 2x + 3y] = rol(A'[x, y], r[x, y]).
            /// Iota XORs `rc` into lane 0.
            function keccakRound(a, b, rc) {
                let d0, d1, d2, d3, d4 := theta(a)
                {
                    let b0 := xor(mload(a), d0)
                    let b1 := rol(xor(mload(add(a, 0xc0)), d1), 44)
                    let b2 := rol(xor(mload(add(a, 0x180)), d2), 43)
                    let b3 := rol(xor(mload(add(a, 0x240)), d3), 21)
                    let b4 := rol(xor(mload(add(a, 0x300)), d4), 14)
                    mstore(b, xor(xor(b0, and(not(b1), b2)), rc))
                    mstore(add(b, 0x20), xor(b1, and(not(b2), b3)))
                    mstore(add(b, 0x40), xor(b2, and(not(b3), b4)))
                    mstore(add(b, 0x60), xor(b3, and(not(b4), b0)))
                    mstore(add(b, 0x80), xor(b4, and(not(b0), b1)))
                }
                {
                    let b0 := rol(xor(mload(add(a, 0x60)), d3), 28)
                    let b1 := rol(xor(mload(add(a, 0x120)), d4), 20)
                    let b2 := rol(xor(mload(add(a, 0x140)), d0), 3)
                    let b3 := rol(xor(mload(add(a, 0x200)), d1), 45)
                    let b4 := rol(xor(mload(add(a, 0x2c0)), d2), 61)
                    mstore(add(b, 0xa0), xor(b0, and(not(b1), b2)))
                    mstore(add(b, 0xc0), xor(b1, and(not(b2), b3)))
                    mstore(add(b, 0xe0), xor(b2, and(not(b3), b4)))
                    mstore(add(b, 0x100), xor(b3, and(not(b4), b0)))
                    mstore(add(b, 0x120), xor(b4, and(not(b0), b1)))
                }
                {
                    let b0 := rol(xor(mload(add(a, 0x20)), d1), 1)
                    let b1 := rol(xor(mload(add(a, 0xe0)), d2), 6)
                    let b2 := rol(xor(mload(add(a, 0x1a0)), d3), 25)
                    let b3 := rol(xor(mload(add(a, 0x260)), d4), 8)
                    let b4 := rol(xor(mload(add(a, 0x280)), d0), 18)
                    mstore(add(b, 0x140), xor(b0, and(not(b1), b2)))
                    mstore(add(b, 0x160), xor(b1, and(not(b2), b3)))
                    mstore(add(b, 0x180), xor(b2, and(not(b3), b4)))
                    mstore(add(b, 0x1a0), xor(b3, and(not(b4), b0)))
                    mstore(add(b, 0x1c0), xor(b4, and(not(b0), b1)))
                }
                {
                    let b0 := rol(xor(mload(add(a, 0x80)), d4), 27)
                    let b1 := rol(xor(mload(add(a, 0xa0)), d0), 36)
                    let b2 := rol(xor(mload(add(a, 0x160)), d1), 10)
                    let b3 := rol(xor(mload(add(a, 0x220)), d2), 15)
                    let b4 := rol(xor(mload(add(a, 0x2e0)), d3), 56)
                    mstore(add(b, 0x1e0), xor(b0, and(not(b1), b2)))
                    mstore(add(b, 0x200), xor(b1, and(not(b2), b3)))
                    mstore(add(b, 0x220), xor(b2, and(not(b3), b4)))
                    mstore(add(b, 0x240), xor(b3, and(not(b4), b0)))
                    mstore(add(b, 0x260), xor(b4, and(not(b0), b1)))
                }
                {
                    let b0 := rol(xor(mload(add(a, 0x40)), d2), 62)
                    let b1 := rol(xor(mload(add(a, 0x100)), d3), 55)
                    let b2 := rol(xor(mload(add(a, 0x1c0)), d4), 39)
                    let b3 := rol(xor(mload(add(a, 0x1e0)), d0), 41)
                    let b4 := rol(xor(mload(add(a, 0x2a0)), d1), 2)
                    mstore(add(b, 0x280), xor(b0, and(not(b1), b2)))
                    mstore(add(b, 0x2a0), xor(b1, and(not(b2), b3)))
                    mstore(add(b, 0x2c0), xor(b2, and(not(b3), b4)))
                    mstore(add(b, 0x2e0), xor(b3, and(not(b4), b0)))
                    mstore(add(b, 0x300), xor(b4, and(not(b0), b1)))
                }
            }

            let a := mload(_stateMatrix) // the caller's uint64[25] array
            let t := mload(0x40) // scratch buffer of 25 words
            keccakRound(a, t, 0x1)
            keccakRound(t, a, 0x8082)
            keccakRound(a, t, 0x800000000000808a)
            keccakRound(t, a, 0x8000000080008000)
            keccakRound(a, t, 0x808b)
            keccakRound(t, a, 0x80000001)
            keccakRound(a, t, 0x8000000080008081)
            keccakRound(t, a, 0x8000000000008009)
            keccakRound(a, t, 0x8a)
            keccakRound(t, a, 0x88)
            keccakRound(a, t, 0x80008009)
            keccakRound(t, a, 0x8000000a)
            keccakRound(a, t, 0x8000808b)
            keccakRound(t, a, 0x800000000000008b)
            keccakRound(a, t, 0x8000000000008089)
            keccakRound(t, a, 0x8000000000008003)
            keccakRound(a, t, 0x8000000000008002)
            keccakRound(t, a, 0x8000000000000080)
            keccakRound(a, t, 0x800a)
            keccakRound(t, a, 0x800000008000000a)
            keccakRound(a, t, 0x8000000080008081)
            keccakRound(t, a, 0x8000000000008080)
            keccakRound(a, t, 0x80000001)
            keccakRound(t, a, 0x8000000080008008)
        }
    }

    /// @notice Returns the Keccak-256 digest held in the state: the first 32 bytes of the rate, that is
    ///         lanes 0..3, each serialised little-endian. Call after absorbing and permuting the last
    ///         (padded) block.
    /// @param _stateMatrix The state to read.
    /// @return hash_ The digest.
    function squeeze(StateMatrix memory _stateMatrix) internal pure returns (bytes32 hash_) {
        assembly ("memory-safe") {
            let s := mload(_stateMatrix)
            // Lanes 0..3 big-endian in one word, then reverse the bytes inside each lane.
            let x := or(or(shl(192, mload(s)), shl(128, mload(add(s, 0x20)))), or(shl(64, mload(add(s, 0x40))), mload(add(s, 0x60))))
            x := or(
                shr(8, and(x, 0xff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00)),
                shl(8, and(x, 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff))
            )
            x := or(
                shr(16, and(x, 0xffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000)),
                shl(16, and(x, 0x0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff))
            )
            hash_ := or(
                shr(32, and(x, 0xffffffff00000000ffffffff00000000ffffffff00000000ffffffff00000000)),
                shl(32, and(x, 0x00000000ffffffff00000000ffffffff00000000ffffffff00000000ffffffff))
            )
        }
    }

    /// @notice Copies calldata `_data` into memory with Keccak padding (pad10*1, domain byte 0x01): a 0x01
    ///         byte right after the data, zeros, and 0x80 ORed into the last byte of the block (0x81 if
    ///         both fall on the same byte). The result is always a non-empty multiple of
    ///         `BLOCK_SIZE_BYTES`; data that already fills whole blocks gets one extra block.
    /// @dev    `PreimageOracle.addLeavesLPP` pads the final calldata chunk of a proposal with this.
    /// @param _data The unpadded data.
    /// @return padded_ The padded data, in newly allocated memory.
    function pad(bytes calldata _data) internal pure returns (bytes memory padded_) {
        assembly ("memory-safe") {
            padded_ := mload(0x40)
            calldatacopy(add(padded_, 0x20), _data.offset, _data.length)
        }
        _padTail(padded_, _data.length);
    }

    /// @notice Memory variant of `pad`: returns a padded copy of `_data` and leaves `_data` unchanged.
    /// @param _data The unpadded data.
    /// @return padded_ The padded data, in newly allocated memory.
    function padMemory(bytes memory _data) internal pure returns (bytes memory padded_) {
        assembly ("memory-safe") {
            padded_ := mload(0x40)
            // Word-wise copy; it may copy up to 31 bytes past the data, which `_padTail` zeroes again.
            let len := mload(_data)
            for { let i := 0 } lt(i, len) { i := add(i, 0x20) } {
                mstore(add(add(padded_, 0x20), i), mload(add(add(_data, 0x20), i)))
            }
        }
        _padTail(padded_, _data.length);
    }

    /// @dev Finishes `pad`/`padMemory`: `_len` data bytes have been copied to `_buf + 32` (`_buf` is the
    ///      free memory pointer, nothing allocated yet). Writes the padding up to
    ///      (len / 136 + 1) * 136 bytes, zeroes the rest of the last word, sets the length and allocates.
    function _padTail(bytes memory _buf, uint256 _len) private pure {
        assembly ("memory-safe") {
            let paddedLen := mul(add(div(_len, 136), 1), 136)
            let data := add(_buf, 0x20)
            let end := add(data, and(add(paddedLen, 31), not(31)))
            // Zero from the end of the data to the word-aligned end (calldata past its size reads as 0).
            calldatacopy(add(data, _len), calldatasize(), sub(end, add(data, _len)))
            mstore8(add(data, _len), 0x01)
            let last := add(data, sub(paddedLen, 1))
            mstore8(last, or(byte(0, mload(last)), 0x80))
            mstore(_buf, paddedLen)
            mstore(0x40, end)
        }
    }
}
