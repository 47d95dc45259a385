package dev.lorakit.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values recorded from numpy 2.4.6 with {@code PCG64(SeedSequence(seed)).random_raw(3)} and
 * {@code default_rng(seed).uniform(-0.05, 0.05, size=4)} (hex floats, exact).
 */
class NumpyRandomTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0;a30febcfd9c2825f,4510bdf882d9d721,0a7d3da94ecde8b8;0x1.c0cbca647ced0p-7,-0x1.792e736320f47p-6,-0x1.7808d4489d6d2p-5,-0x1.8c0f80ec8f29dp-5",
        "1;8306bdf37922e4ff,f35196bbc152a866,24e7a4f608ec18cd;0x1.35e59496dac00p-10,0x1.7105158c043bcp-5,-0x1.2381235316a62p-5,0x1.6f889bc9088e2p-5",
        "42;c621fbcd16d92688,705a5661a791ffc1,dbcd12c26eda1624;0x1.c0d97eba2bd40p-6,-0x1.9090f63c0b010p-8,0x1.25c36f3afc536p-5,0x1.435e26c08cd04p-6",
        "123;aeae9c9903f3e9cd,0dc736db97cb6d23,3869812ee8b9ea96;0x1.2ac3ea39b2e5cp-6,-0x1.6d8283a7b3db8p-5,-0x1.ca299206fb5a4p-6,-0x1.02900762623b2p-5",
        "4294967301;c6323ec321deb8d1,78814821c73a0583,b22536d8e0ec17c0;0x1.c14191ada5918p-6,-0x1.7fbe5fa4f4660p-9,0x1.40ee2bd26c4d4p-6,0x1.034ec175ea346p-5",
        "4611686018427400249;08ad6ded7bf5d077,9952765c0c32c954,6c6a3d0af5551893;-0x1.7dd506a1a6870p-5,0x1.441f849a35bd4p-7,-0x1.f5604bb4444a8p-8,0x1.4b017e620c360p-7",
    })
    void matchesNumpyBitForBit(long seed, String raw, String uniforms) {
        NumpyRandom bits = new NumpyRandom(seed);
        for (String hex : raw.split(",")) {
            assertThat(Long.toHexString(bits.nextLong())).isEqualTo(hex.replaceFirst("^0+(?=.)", ""));
        }
        NumpyRandom rng = new NumpyRandom(seed);
        for (String hex : uniforms.split(",")) {
            assertThat(rng.uniform(-0.05, 0.05)).isEqualTo(Double.parseDouble(hex));
        }
    }

    @org.junit.jupiter.api.Test
    void rejectsNegativeSeedsAsNumpyDoes() {
        assertThatThrownBy(() -> new NumpyRandom(-1)).hasMessageContaining("non-negative").hasMessageContaining("-1");
    }
}
