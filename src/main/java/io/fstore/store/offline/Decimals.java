package io.fstore.store.offline;

import java.math.BigDecimal;

/** Decimal helpers of the offline write path. */
final class Decimals {

    private Decimals() {
    }

    /**
     * The unscaled value of a decimal of at most 18 digits ({@link BigDecimal#precision()}), as
     * {@code d.unscaledValue().longValueExact()} but without the BigInteger that {@code unscaledValue()} builds.
     *
     * @throws ArithmeticException when it does not fit in a long
     */
    static long unscaledLong(BigDecimal d) {
        return d.scaleByPowerOfTen(d.scale()).longValueExact();
    }
}
