// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title F32: IEEE-754 binary32 soft-float, the Solidity twin of opml/softfloat.
/// @notice Values are bit patterns in the low 32 bits of a uint256. Every
/// operation rounds to nearest, ties to even, keeps subnormals and returns the
/// canonical NaN 0x7FC00000 for any NaN result (opml/SPEC.md, section 2).
/// The one-step verifier of the opML dispute game re-executes engine steps
/// with these functions, so they must match the Go engine bit for bit; the
/// differential tests in fraudproof/twin check that on random and edge operands.
library F32 {
    uint256 internal constant NAN = 0x7FC00000;
    uint256 internal constant POS_INF = 0x7F800000;
    uint256 internal constant NEG_INF = 0xFF800000;
    uint256 internal constant ONE = 0x3F800000;
    uint256 internal constant SIGN = 0x80000000;
    uint256 internal constant EXP = 0x7F800000;
    uint256 internal constant FRAC = 0x007FFFFF;

    function isNaN(uint256 a) internal pure returns (bool) {
        return a & 0x7FFFFFFF > EXP;
    }

    function isInf(uint256 a) internal pure returns (bool) {
        return a & 0x7FFFFFFF == EXP;
    }

    function isZero(uint256 a) internal pure returns (bool) {
        return a & 0x7FFFFFFF == 0;
    }

    /// @notice bitLen returns the number of bits of m (0 for 0).
    function bitLen(uint256 m) internal pure returns (uint256 n) {
        unchecked {
            if (m >> 128 != 0) { m >>= 128; n += 128; }
            if (m >> 64 != 0) { m >>= 64; n += 64; }
            if (m >> 32 != 0) { m >>= 32; n += 32; }
            if (m >> 16 != 0) { m >>= 16; n += 16; }
            if (m >> 8 != 0) { m >>= 8; n += 8; }
            if (m >> 4 != 0) { m >>= 4; n += 4; }
            if (m >> 2 != 0) { m >>= 2; n += 2; }
            if (m >> 1 != 0) { m >>= 1; n += 1; }
            if (m != 0) n += 1;
        }
    }

    /// @notice roundPack rounds (-1)^sign * m * 2^e to a binary format with
    /// fb fraction bits, exponent bias `bias` and all-ones exponent maxExp.
    function roundPack(uint256 sign, int256 e, uint256 m, uint256 fb, int256 bias, int256 maxExp)
        internal
        pure
        returns (uint256)
    {
        unchecked {
            uint256 sbit = sign << (fb + uint256(maxExp == 255 ? 8 : 5));
            if (m == 0) return sbit;
            int256 prec = int256(fb) + 1;
            int256 n = int256(bitLen(m));
            int256 biased = e + n - 1 + bias;
            int256 shift;
            if (biased >= 1) {
                shift = n - prec;
            } else {
                shift = (1 - bias - int256(fb)) - e;
                biased = 0;
            }
            uint256 keep;
            if (shift <= 0) {
                keep = m << uint256(-shift);
            } else if (shift >= 255) {
                keep = 0;
            } else {
                keep = m >> uint256(shift);
                uint256 rem = m & ((uint256(1) << uint256(shift)) - 1);
                uint256 half = uint256(1) << uint256(shift - 1);
                if (rem > half || (rem == half && keep & 1 == 1)) keep++;
            }
            if (biased == 0) return sbit | keep;
            if (keep == uint256(1) << uint256(prec)) {
                keep >>= 1;
                biased++;
            }
            if (biased >= maxExp) return sbit | (uint256(maxExp) << fb);
            return sbit | (uint256(biased) << fb) | (keep & ((uint256(1) << fb) - 1));
        }
    }

    function pack32(uint256 sign, int256 e, uint256 m) private pure returns (uint256) {
        return roundPack(sign, e, m, 23, 127, 255);
    }

    /// @notice unpack splits a finite nonzero value: |a| = m * 2^e with bit 23 of m set.
    function unpack(uint256 a) internal pure returns (uint256 sign, int256 e, uint256 m) {
        unchecked {
            sign = (a >> 31) & 1;
            int256 ex = int256((a >> 23) & 0xFF);
            m = a & FRAC;
            if (ex == 0) {
                uint256 s = 24 - bitLen(m);
                m <<= s;
                ex = 1 - int256(s);
            } else {
                m |= 1 << 23;
            }
            e = ex - 150;
        }
    }

    function canonical(uint256 a) internal pure returns (uint256) {
        return isNaN(a) ? NAN : a;
    }

    function neg(uint256 a) internal pure returns (uint256) {
        return isNaN(a) ? NAN : a ^ SIGN;
    }

    function abs(uint256 a) internal pure returns (uint256) {
        return isNaN(a) ? NAN : a & 0x7FFFFFFF;
    }

    function add(uint256 a, uint256 b) internal pure returns (uint256) {
        unchecked {
            if (isNaN(a) || isNaN(b)) return NAN;
            if (isInf(a) || isInf(b)) {
                if (isInf(a) && isInf(b) && a != b) return NAN;
                return isInf(a) ? a : b;
            }
            if (isZero(a) && isZero(b)) return a & b;
            if (isZero(b)) return a;
            if (isZero(a)) return b;
            if (a & 0x7FFFFFFF < b & 0x7FFFFFFF) (a, b) = (b, a);
            (uint256 sa, int256 ea, uint256 ma) = unpack(a);
            (uint256 sb, int256 eb, uint256 mb) = unpack(b);
            ma <<= 38;
            mb <<= 38;
            int256 d = ea - eb;
            if (d > 0) {
                if (d >= 63) {
                    mb = 1;
                } else {
                    uint256 lost = mb & ((uint256(1) << uint256(d)) - 1);
                    mb >>= uint256(d);
                    if (lost != 0) mb |= 1;
                }
            }
            uint256 m;
            if (sa == sb) {
                m = ma + mb;
            } else {
                m = ma - mb;
                if (m == 0) return 0;
            }
            return pack32(sa, ea - 38, m);
        }
    }

    function sub(uint256 a, uint256 b) internal pure returns (uint256) {
        if (isNaN(b)) return NAN;
        return add(a, b ^ SIGN);
    }

    function mul(uint256 a, uint256 b) internal pure returns (uint256) {
        unchecked {
            if (isNaN(a) || isNaN(b)) return NAN;
            uint256 sign = ((a ^ b) >> 31) & 1;
            if (isInf(a) || isInf(b)) {
                if (isZero(a) || isZero(b)) return NAN;
                return (sign << 31) | EXP;
            }
            if (isZero(a) || isZero(b)) return sign << 31;
            (, int256 ea, uint256 ma) = unpack(a);
            (, int256 eb, uint256 mb) = unpack(b);
            return pack32(sign, ea + eb, ma * mb);
        }
    }

    function div(uint256 a, uint256 b) internal pure returns (uint256) {
        unchecked {
            if (isNaN(a) || isNaN(b)) return NAN;
            uint256 sign = ((a ^ b) >> 31) & 1;
            if ((isInf(a) && isInf(b)) || (isZero(a) && isZero(b))) return NAN;
            if (isInf(a) || isZero(b)) return (sign << 31) | EXP;
            if (isZero(a) || isInf(b)) return sign << 31;
            (, int256 ea, uint256 ma) = unpack(a);
            (, int256 eb, uint256 mb) = unpack(b);
            uint256 n = ma << 40;
            uint256 q = n / mb;
            if (q * mb != n) q |= 1;
            return pack32(sign, ea - eb - 40, q);
        }
    }

    function sqrt(uint256 a) internal pure returns (uint256) {
        unchecked {
            if (isNaN(a)) return NAN;
            if (isZero(a)) return a;
            if (a & SIGN != 0) return NAN;
            if (isInf(a)) return a;
            (, int256 e, uint256 m) = unpack(a);
            int256 s = 38;
            if ((e - s) & 1 != 0) s++;
            uint256 n = m << uint256(s);
            uint256 r = isqrt(n);
            if (r * r != n) r |= 1;
            return pack32(0, (e - s) / 2, r);
        }
    }

    /// @notice isqrt is floor(sqrt(n)) by Newton's method from an upper bound.
    function isqrt(uint256 n) internal pure returns (uint256) {
        unchecked {
            if (n == 0) return 0;
            uint256 x = uint256(1) << ((bitLen(n) + 1) / 2);
            while (true) {
                uint256 y = (x + n / x) >> 1;
                if (y >= x) return x;
                x = y;
            }
            return x;
        }
    }

    function eq(uint256 a, uint256 b) internal pure returns (bool) {
        if (isNaN(a) || isNaN(b)) return false;
        return a == b || (isZero(a) && isZero(b));
    }

    function lt(uint256 a, uint256 b) internal pure returns (bool) {
        if (isNaN(a) || isNaN(b) || (isZero(a) && isZero(b))) return false;
        uint256 sa = a >> 31;
        uint256 sb = b >> 31;
        if (sa != sb) return sa == 1;
        if (sa == 0) return a < b;
        return a > b;
    }

    function le(uint256 a, uint256 b) internal pure returns (bool) {
        return lt(a, b) || eq(a, b);
    }

    function max(uint256 a, uint256 b) internal pure returns (uint256) {
        if (isNaN(a) || isNaN(b)) return NAN;
        if (isZero(a) && isZero(b)) return a & b;
        return lt(a, b) ? b : a;
    }

    function min(uint256 a, uint256 b) internal pure returns (uint256) {
        if (isNaN(a) || isNaN(b)) return NAN;
        if (isZero(a) && isZero(b)) return a | b;
        return lt(b, a) ? b : a;
    }

    function fromInt32(int256 i) internal pure returns (uint256) {
        unchecked {
            if (i == 0) return 0;
            if (i < 0) return pack32(1, 0, uint256(-i));
            return pack32(0, 0, uint256(i));
        }
    }

    function toInt32(uint256 a) internal pure returns (int256) {
        unchecked {
            if (isNaN(a)) return 0;
            if (isInf(a) || a & 0x7FFFFFFF >= 0x4F000000) {
                return a & SIGN != 0 ? int256(type(int32).min) : int256(type(int32).max);
            }
            if (isZero(a)) return 0;
            (uint256 sign, int256 e, uint256 m) = unpack(a);
            uint256 v;
            if (e >= 0) {
                v = m << uint256(e);
            } else if (e < -25) {
                v = 0;
            } else {
                uint256 s = uint256(-e);
                v = m >> s;
                uint256 rem = m & ((uint256(1) << s) - 1);
                uint256 half = uint256(1) << (s - 1);
                if (rem > half || (rem == half && v & 1 == 1)) v++;
            }
            if (sign == 1) return -int256(v);
            if (v > uint256(uint32(type(int32).max))) return int256(type(int32).max);
            return int256(v);
        }
    }

    function pow2(int256 k) internal pure returns (uint256) {
        unchecked {
            if (k > 127) return POS_INF;
            if (k >= -126) return uint256(k + 127) << 23;
            if (k >= -149) return uint256(1) << uint256(k + 149);
            return 0;
        }
    }

    function f16ToF32(uint256 h) internal pure returns (uint256) {
        unchecked {
            uint256 sign = ((h >> 15) & 1) << 31;
            uint256 ex = (h >> 10) & 0x1F;
            uint256 frac = h & 0x3FF;
            if (ex == 0x1F) return frac != 0 ? NAN : sign | EXP;
            if (ex == 0) {
                if (frac == 0) return sign;
                uint256 s = 11 - bitLen(frac); // normalize bit 10
                frac <<= s;
                return sign | ((127 - 14 - s) << 23) | ((frac & 0x3FF) << 13);
            }
            return sign | ((ex + 112) << 23) | (frac << 13);
        }
    }

    function f32ToF16(uint256 a) internal pure returns (uint256) {
        uint256 sign = (a >> 31) & 1;
        if (isNaN(a)) return 0x7E00;
        if (isInf(a)) return (sign << 15) | 0x7C00;
        if (isZero(a)) return sign << 15;
        (, int256 e, uint256 m) = unpack(a);
        return roundPack(sign, e, m, 10, 15, 31);
    }
}
