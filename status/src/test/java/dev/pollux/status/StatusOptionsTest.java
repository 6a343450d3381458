package dev.pollux.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.status.StatusOptions.Format;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatusOptionsTest {

    record Refresh(String query, OptionalLong seconds) {
    }

    static Stream<Refresh> refreshes() {
        return Stream.of(
                new Refresh("", OptionalLong.empty()),
                new Refresh("auto", OptionalLong.empty()),
                new Refresh("refresh", OptionalLong.of(10)),
                new Refresh("refresh=5", OptionalLong.of(5)),
                new Refresh("refresh=0", OptionalLong.of(10)),
                new Refresh("refresh=-3", OptionalLong.of(10)),
                new Refresh("refresh=abc", OptionalLong.of(10)),
                new Refresh("refresh=%205", OptionalLong.of(10)),
                new Refresh("refresh= 7", OptionalLong.of(7)),
                new Refresh("refresh=12s", OptionalLong.of(12)),
                new Refresh("auto&refresh=30", OptionalLong.of(30)),
                new Refresh("xrefreshy", OptionalLong.of(10)),
                new Refresh("refresh=99999999999999999999999", OptionalLong.of(Long.MAX_VALUE)));
    }

    @ParameterizedTest
    @MethodSource("refreshes")
    void readsRefreshAsModStatusDoes(Refresh c) {
        assertEquals(c.seconds(), StatusOptions.parse(c.query()).refresh(), c.query());
    }

    @Test
    void findsOptionsAnywhereInTheQuery() {
        assertEquals(Format.AUTO, StatusOptions.parse("auto").format());
        assertEquals(Format.AUTO, StatusOptions.parse("x=autocomplete").format());
        assertEquals(Format.JSON, StatusOptions.parse("format=json").format());
        assertEquals(Format.METRICS, StatusOptions.parse("metrics").format());
        assertEquals(Format.HTML, StatusOptions.parse("").format());
        assertTrue(StatusOptions.parse("refresh=5&notable").notable());
        assertFalse(StatusOptions.parse("auto").notable());
    }

    @Test
    void prefersMetricsOverJsonOverAuto() {
        assertEquals(Format.METRICS, StatusOptions.parse("auto&json&metrics").format());
        assertEquals(Format.JSON, StatusOptions.parse("auto&json").format());
    }
}
