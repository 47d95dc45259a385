package dev.lorakit.host.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VersionRangeTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "^0.1.0, 0.1.0, true",
        "^0.1.0, 0.1.7, true",
        "^0.1.0, 0.1.0-SNAPSHOT, true",
        "^0.1.0, 0.2.0, false",
        "^0.1.0, 0.0.9, false",
        "^1.2.0, 1.9.0, true",
        "^1.2.0, 2.0.0, false",
        "^0.0.3, 0.0.4, false",
        "~1.2.3, 1.2.9, true",
        "~1.2.3, 1.3.0, false",
        "0.1.x, 0.1.5, true",
        "0.1.x, 0.2.0, false",
        "1, 1.5.0, true",
        "*, 7.0.0, true",
        ">=0.1.0 <0.3.0, 0.2.5, true",
        ">=0.1.0 <0.3.0, 0.3.0, false",
        "0.1.0, 0.1.0, true",
        "=0.1.0, 0.1.1, false",
        "^0.1.0 || ^1.0.0, 1.4.0, true",
        "^0.1.0 || ^1.0.0, 0.5.0, false",
    })
    void rangesFollowNpmSemantics(String range, String version, boolean expected) {
        assertThat(VersionRange.parse(range).contains(SemanticVersion.parse(version))).isEqualTo(expected);
    }

    @Test
    void preReleasesSortBeforeTheirRelease() {
        assertThat(SemanticVersion.parse("0.1.0-SNAPSHOT")).isLessThan(SemanticVersion.parse("0.1.0"));
        assertThat(SemanticVersion.parse("0.1.10")).isGreaterThan(SemanticVersion.parse("0.1.9"));
    }

    @Test
    void badRangesNameThePart() {
        assertThatThrownBy(() -> VersionRange.parse(">=zero"))
                .hasMessageContaining("version range \">=zero\": cannot read \">=zero\"");
        assertThatThrownBy(() -> VersionRange.parse("")).hasMessage("version range is empty");
    }
}
