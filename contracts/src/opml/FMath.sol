// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {F32} from "./F32.sol";

/// @title FMath: the engine's transcendentals as fixed sequences of F32
/// primitives, the Solidity twin of opml/fmath (opml/SPEC.md, section 3).
/// The constants are the binary32 bit patterns of the Go constants.
library FMath {
    using F32 for uint256;

    uint256 internal constant EXP_HI = 0x42B17218; // 88.72283935546875
    uint256 internal constant EXP_LO = 0xC2CFF1B5; // -103.97208404541
    uint256 internal constant LOG2E = 0x3FB8AA3B;
    uint256 internal constant LN2_HI = 0x3F318000;
    uint256 internal constant LN2_LO = 0xB95E8083;
    uint256 internal constant EP0 = 0x39506967;
    uint256 internal constant EP1 = 0x3AB743CE;
    uint256 internal constant EP2 = 0x3C088908;
    uint256 internal constant EP3 = 0x3D2AA9C1;
    uint256 internal constant EP4 = 0x3E2AAAAA;
    uint256 internal constant EP5 = 0x3F000000;
    uint256 internal constant TANH_P0 = 0xBBBAF0EA;
    uint256 internal constant TANH_P1 = 0x3CA9134E;
    uint256 internal constant TANH_P2 = 0xBD5C1E2D;
    uint256 internal constant TANH_P3 = 0x3E088393;
    uint256 internal constant TANH_P4 = 0xBEAAAA99;
    uint256 internal constant TANH_SMALL = 0x3F200000; // 0.625
    uint256 internal constant TANH_BIG = 0x41100000; // 9
    uint256 internal constant TWO_O_PI = 0x3F22F983;
    uint256 internal constant DP1 = 0x3FC90000;
    uint256 internal constant DP2 = 0x39FDA000;
    uint256 internal constant DP3 = 0x33A22169;
    uint256 internal constant SIN_C0 = 0xB94CA1F9;
    uint256 internal constant SIN_C1 = 0x3C08839E;
    uint256 internal constant SIN_C2 = 0xBE2AAAA3;
    uint256 internal constant COS_C0 = 0x37CCF5CE;
    uint256 internal constant COS_C1 = 0xBAB6061A;
    uint256 internal constant COS_C2 = 0x3D2AAAA5;
    uint256 internal constant GELU_K = 0x3F4C422A;
    uint256 internal constant GELU_A = 0x3D372713;
    uint256 internal constant HALF = 0x3F000000;
    uint256 internal constant ONE = 0x3F800000;
    uint256 internal constant TWO = 0x40000000;

    /// @notice scale returns p * 2^k with one rounding for any int32 k.
    function scale(uint256 p, int256 k) internal pure returns (uint256) {
        if (k > 127) return p.mul(F32.pow2(127)).mul(F32.pow2(k - 127));
        if (k < -126) return p.mul(F32.pow2(k + 126)).mul(F32.pow2(-126));
        return p.mul(F32.pow2(k));
    }

    function exp(uint256 x) internal pure returns (uint256) {
        if (x.isNaN()) return F32.NAN;
        if (EXP_HI.lt(x)) return F32.POS_INF;
        if (x.lt(EXP_LO)) return 0;
        int256 k = x.mul(LOG2E).toInt32();
        uint256 kf = F32.fromInt32(k);
        uint256 r = x.sub(kf.mul(LN2_HI)).sub(kf.mul(LN2_LO));
        uint256 z = r.mul(r);
        uint256 p = EP0.mul(r).add(EP1);
        p = p.mul(r).add(EP2);
        p = p.mul(r).add(EP3);
        p = p.mul(r).add(EP4);
        p = p.mul(r).add(EP5);
        p = p.mul(z).add(r).add(ONE);
        return scale(p, k);
    }

    function tanh(uint256 x) internal pure returns (uint256) {
        if (x.isNaN()) return F32.NAN;
        uint256 ax = x.abs();
        if (ax == 0) return x;
        if (ax.lt(TANH_SMALL)) {
            uint256 z = x.mul(x);
            uint256 p = TANH_P0.mul(z).add(TANH_P1);
            p = p.mul(z).add(TANH_P2);
            p = p.mul(z).add(TANH_P3);
            p = p.mul(z).add(TANH_P4);
            return x.mul(z).mul(p).add(x);
        }
        uint256 t;
        if (TANH_BIG.lt(ax)) {
            t = ONE;
        } else {
            uint256 e = exp(ax.add(ax));
            t = ONE.sub(TWO.div(e.add(ONE)));
        }
        return x.lt(0) ? t.neg() : t;
    }

    function sigmoid(uint256 x) internal pure returns (uint256) {
        return ONE.div(ONE.add(exp(x.neg())));
    }

    function silu(uint256 x) internal pure returns (uint256) {
        return x.div(ONE.add(exp(x.neg())));
    }

    function gelu(uint256 x) internal pure returns (uint256) {
        uint256 x3 = x.mul(x).mul(x);
        uint256 inner = GELU_K.mul(x.add(GELU_A.mul(x3)));
        return HALF.mul(x).mul(ONE.add(tanh(inner)));
    }

    function rsqrt(uint256 x) internal pure returns (uint256) {
        return ONE.div(x.sqrt());
    }

    function reduce(uint256 x) private pure returns (int256 j, uint256 y) {
        j = x.mul(TWO_O_PI).toInt32();
        uint256 jf = F32.fromInt32(j);
        y = x.sub(jf.mul(DP1));
        y = y.sub(jf.mul(DP2));
        y = y.sub(jf.mul(DP3));
    }

    function sinPoly(uint256 y) private pure returns (uint256) {
        uint256 z = y.mul(y);
        uint256 p = SIN_C0.mul(z).add(SIN_C1);
        p = p.mul(z).add(SIN_C2);
        return y.mul(z).mul(p).add(y);
    }

    function cosPoly(uint256 y) private pure returns (uint256) {
        uint256 z = y.mul(y);
        uint256 p = COS_C0.mul(z).add(COS_C1);
        p = p.mul(z).add(COS_C2);
        return ONE.sub(HALF.mul(z)).add(z.mul(z).mul(p));
    }

    function sin(uint256 x) internal pure returns (uint256) {
        if (x.isNaN() || x.isInf()) return F32.NAN;
        (int256 j, uint256 y) = reduce(x);
        uint256 q = uint256(j) & 3;
        if (q == 0) return sinPoly(y);
        if (q == 1) return cosPoly(y);
        if (q == 2) return sinPoly(y).neg();
        return cosPoly(y).neg();
    }

    function cos(uint256 x) internal pure returns (uint256) {
        if (x.isNaN() || x.isInf()) return F32.NAN;
        (int256 j, uint256 y) = reduce(x);
        uint256 q = uint256(j) & 3;
        if (q == 0) return cosPoly(y);
        if (q == 1) return sinPoly(y).neg();
        if (q == 2) return cosPoly(y).neg();
        return sinPoly(y);
    }
}
