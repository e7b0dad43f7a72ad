package dev.wsengine.benchmarks.footprint;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClassHistogramTest {

    private static final String BEFORE = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          1000          64000  [B (java.base@17.0.13)
               2:           500          12000  java.lang.String (java.base@17.0.13)
               3:            10            480  dev.example.Gone
            Total          1510          76480
            """;

    private static final String DURING = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          3000         164000  [B (java.base@17.0.13)
               2:           700          16800  java.lang.String (java.base@17.0.13)
               3:           100           9600  dev.example.Session
            Total          3800         190400
            """;

    @Test
    void growthPerConnectionBiggestFirstWithoutShrunkClasses() {
        List<ClassHistogram.Growth> rows = ClassHistogram.parse(DURING).growthSince(ClassHistogram.parse(BEFORE), 100);
        assertEquals(List.of(
                new ClassHistogram.Growth("[B", 1000.0, 20.0),
                new ClassHistogram.Growth("dev.example.Session", 96.0, 1.0),
                new ClassHistogram.Growth("java.lang.String", 48.0, 2.0)), rows);
    }

    @Test
    void theTotalCountsShrunkClassesToo() {
        double total = ClassHistogram.parse(DURING).totalGrowthSince(ClassHistogram.parse(BEFORE), 100);
        assertEquals((190_400 - 76_480) / 100.0, total);
    }
}
