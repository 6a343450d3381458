package dev.pollux.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateHistoryTest {

    private final AtomicLong accesses = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private final RateHistory history = new RateHistory(accesses::get, nanos::get);

    private void sampleAt(long seconds, long total) {
        nanos.set(seconds * 1_000_000_000L);
        accesses.set(total);
        history.sample();
    }

    @Test
    void hasNoRateUntilTwoSamplesExist() {
        assertEquals(0, history.rates().size());
        sampleAt(0, 100);
        assertEquals(0, history.rates().size());
        assertEquals(0.0, history.rates().latest());
    }

    @Test
    void dividesEachIntervalsRequestsByItsLength() {
        sampleAt(0, 0);
        sampleAt(5, 50);
        sampleAt(15, 250);
        RateHistory.Rates rates = history.rates();
        assertEquals(2, rates.size());
        assertEquals(10.0, rates.get(0));
        assertEquals(20.0, rates.get(1));
        assertEquals(20.0, rates.max());
        assertEquals(20.0, rates.latest());
    }

    @Test
    void keepsFiveMinutesOfSamples() {
        for (int i = 0; i < 100; i++) {
            sampleAt(i * 5L, i * 10L);
        }
        RateHistory.Rates rates = history.rates();
        assertEquals(RateHistory.SAMPLES - 1, rates.size());
        assertEquals(300, rates.size() * RateHistory.INTERVAL.toSeconds());
        assertEquals(2.0, rates.get(0));
    }

    @Test
    void neverReportsANegativeRate() {
        sampleAt(0, 10);
        sampleAt(5, 5);
        assertEquals(0.0, history.rates().get(0));
    }
}
