package jcnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConvAndParamsTest {

    @Test
    void outSizeGivesTheLectureSizes() {
        assertEquals(28, Conv.outSize(32, 5, 0, 1));   // 32x32x3 with a 5x5x3 filter
        assertEquals(3, Conv.outSize(5, 3, 1, 2));     // 5x5 padded by 1, 3x3 filter, stride 2
        assertEquals(4, Conv.outSize(4, 3, 1, 1));
        assertEquals(2, Conv.outSize(4, 3, 0, 1));
        assertEquals(32, Conv.outSize(32, 5, 2, 1));   // padding 2 with 5x5 keeps the size
    }

    @Test
    void outSizeRefusesAFractionalSizeWithTheFormula() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conv.outSize(14, 5, 0, 2));
        assertTrue(e.getMessage().contains("(14 + 2·0 − 5)/2 + 1 = 5.5"), e.getMessage());
        assertTrue(e.getMessage().contains("not a whole number"), e.getMessage());
        assertTrue(e.getMessage().contains("stride(1)"), e.getMessage());
    }

    @Test
    void outSizeRefusesBadHyperParametersWithTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Conv.outSize(5, 0, 0, 1)).getMessage().contains("got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Conv.outSize(5, 3, -1, 1)).getMessage().contains("got -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Conv.outSize(5, 3, 0, 0)).getMessage().contains("got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Conv.outSize(2, 5, 0, 1)).getMessage().contains("does not fit"));
    }

    @Test
    void paramsGiveTheLectureCounts() {
        assertEquals(1_000_000_000_000L, Params.full(1_000_000, 1_000_000));
        assertEquals(100_000_000L, Params.local(1_000_000, 10, 10));
        assertEquals(100L, Params.shared(1, 10, 10));
        assertEquals(10_000L, Params.shared(100, 10, 10));
    }
}
