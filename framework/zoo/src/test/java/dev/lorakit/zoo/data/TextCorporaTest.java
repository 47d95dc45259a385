package dev.lorakit.zoo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads the real corpora when the fetch scripts have put them in the data folder. */
class TextCorporaTest {

    private final Path data = TextCorpora.dataDir();

    @Test
    void polarityHas4000BalancedSentences() throws Exception {
        assumeTrue(TextCorpora.hasPolarity(data),
                "polarity data absent in " + data + "; run " + TextCorpora.POLARITY_SCRIPT);
        List<TextExample> rows = TextCorpora.polarity(data);
        assertThat(rows).hasSize(4000);
        assertThat(rows.stream().filter(e -> e.label().equals("positive")).count()).isEqualTo(2000);
        assertThat(rows.get(0).text()).startsWith("the rock is destined to be the 21st century's new \" conan \"");
        assertThat(rows).allSatisfy(e -> assertThat(e.text()).isNotBlank().doesNotEndWith("\n"));
    }

    @Test
    void spamAssassinHas6046EmailsWithoutHeaders() throws Exception {
        assumeTrue(TextCorpora.hasSpamAssassin(data),
                "SpamAssassin data absent in " + data + "; run " + TextCorpora.SPAM_SCRIPT);
        List<TextExample> rows = TextCorpora.spamAssassin(data);
        assertThat(rows).hasSize(6046);
        assertThat(rows.stream().filter(e -> e.label().equals("spam")).count()).isEqualTo(1896);
        // Every message starts with an mbox "From " line and header fields; bodies do not
        // (one spam embeds a forwarded message, whose headers are its body).
        long withHeaders = rows.stream().filter(e -> e.text().startsWith("Return-Path:")
                || e.text().startsWith("Delivered-To:") || e.text().contains("\nDelivered-To: zzzz@")).count();
        assertThat(withHeaders).isLessThanOrEqualTo(1);
        assertThat(rows).anySatisfy(e -> assertThat(e.text()).startsWith("From the local paper this morning."));
    }

    @Test
    void stripHeadersKeepsTheBody() {
        assertThat(TextCorpora.stripHeaders("From: a@b\r\nSubject: hi\r\n\r\nHello\r\n\r\nBye\r\n"))
                .isEqualTo("Hello\n\nBye");
        assertThat(TextCorpora.stripHeaders("Subject: only headers")).isEmpty();
    }
}
