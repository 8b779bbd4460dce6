package dev.mallard.engine.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IsoIntervalsTest {

    @Test
    void convertsEveryPart() {
        assertThat(IsoIntervals.fromDuckDb("1 year 2 months 3 days 04:05:06.789")).isEqualTo("P1Y2M3DT4H5M6.789S");
    }

    @Test
    void zeroIsPT0S() {
        assertThat(IsoIntervals.fromDuckDb("00:00:00")).isEqualTo("PT0S");
    }

    @Test
    void eachPartKeepsItsOwnSign() {
        assertThat(IsoIntervals.fromDuckDb("1 month -2 days -03:00:00")).isEqualTo("P1M-2DT-3H");
        assertThat(IsoIntervals.fromDuckDb("-1 year -2 months")).isEqualTo("P-1Y-2M");
        assertThat(IsoIntervals.fromDuckDb("-1 day")).isEqualTo("P-1D");
        assertThat(IsoIntervals.fromDuckDb("-01:30:15.5")).isEqualTo("PT-1H-30M-15.5S");
        assertThat(IsoIntervals.fromDuckDb("-00:00:00.000001")).isEqualTo("PT-0.000001S");
    }

    @Test
    void hoursAreNeverFoldedIntoDays() {
        assertThat(IsoIntervals.fromDuckDb("100:00:00")).isEqualTo("PT100H");
        assertThat(IsoIntervals.fromDuckDb("2562047788:00:54.775807")).isEqualTo("PT2562047788H54.775807S");
    }

    @Test
    void trailingZerosOfTheFractionAreDropped() {
        assertThat(IsoIntervals.fromDuckDb("00:00:01.500000")).isEqualTo("PT1.5S");
        assertThat(IsoIntervals.fromDuckDb("00:00:00.000")).isEqualTo("PT0S");
    }

    @Test
    void textThatIsNotAnIntervalIsReturnedUnchanged() {
        for (String text : new String[] {"", "soon", "1 fortnight", "1", "12:3", "12:30:4x", "1 day 12:30"}) {
            assertThat(IsoIntervals.fromDuckDb(text)).as(text).isEqualTo(text);
        }
    }

    @Test
    void theTextDuckDbActuallyProduces() throws SQLException {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("INTERVAL '1 year 2 months 3 days 04:05:06.789'", "P1Y2M3DT4H5M6.789S");
        cases.put("INTERVAL '0 seconds'", "PT0S");
        cases.put("INTERVAL '1 year'", "P1Y");
        cases.put("INTERVAL '2 years'", "P2Y");
        cases.put("INTERVAL '-1 year'", "P-1Y");
        cases.put("INTERVAL '13 months'", "P1Y1M");
        cases.put("INTERVAL '-14 months'", "P-1Y-2M");
        cases.put("INTERVAL '-1 year 2 months'", "P-10M");
        cases.put("INTERVAL '1 month'", "P1M");
        cases.put("INTERVAL '1 day'", "P1D");
        cases.put("INTERVAL '-3 days'", "P-3D");
        cases.put("INTERVAL '100 hours'", "PT100H");
        cases.put("INTERVAL '1 month -2 days -3 hours'", "P1M-2DT-3H");
        cases.put("INTERVAL '-90 minutes'", "PT-1H-30M");
        cases.put("INTERVAL '1 microsecond'", "PT0.000001S");
        cases.put("INTERVAL '-1 microsecond'", "PT-0.000001S");
        cases.put("INTERVAL '1 millisecond'", "PT0.001S");
        cases.put("INTERVAL '1.5 seconds'", "PT1.5S");
        cases.put("INTERVAL '1 day 1 second'", "P1DT1S");
        cases.put("INTERVAL '1 day -1 second'", "P1DT-1S");
        cases.put("INTERVAL '2 years 1 month 40 days 30 hours 0.0001 seconds'", "P2Y1M40DT30H0.0001S");
        cases.put("to_microseconds(9223372036854775807)", "PT2562047788H54.775807S");
        cases.put("to_microseconds(-9223372036854775807)", "PT-2562047788H-54.775807S");
        cases.put("TIMESTAMP '2024-03-01' - TIMESTAMP '2024-01-01 12:00:00'", "P59DT12H");
        try (DuckDbFixture db = new DuckDbFixture()) {
            for (Map.Entry<String, String> c : cases.entrySet()) {
                String text = db.text(c.getKey());
                assertThat(IsoIntervals.fromDuckDb(text)).as(c.getKey() + " printed as " + text).isEqualTo(c.getValue());
                assertThat(db.json(c.getKey())).as(c.getKey()).isEqualTo('"' + c.getValue() + '"');
            }
        }
    }
}
