package org.gevent4j.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** permessage-deflate negotiation (RFC 7692 §7.1) and the window-bits rule of our compressor. */
class PerMessageDeflateTest {
    static String answer(String... offers) {
        PerMessageDeflate d = PerMessageDeflate.accept(List.of(offers));
        return d == null ? null : d.header;
    }

    @Test
    void theServerAcceptsTheFirstValidOfferAndEchoesWhatItMust() {
        assertThat(answer("permessage-deflate")).isEqualTo("permessage-deflate");
        assertThat(answer("permessage-deflate; client_max_window_bits")).isEqualTo("permessage-deflate");
        assertThat(answer("permessage-deflate; server_no_context_takeover; client_no_context_takeover"))
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        assertThat(answer("permessage-deflate; server_max_window_bits=9")).isEqualTo("permessage-deflate; server_max_window_bits=9");
        assertThat(answer("permessage-deflate; server_max_window_bits=\"12\"")).isEqualTo("permessage-deflate; server_max_window_bits=12");
        // The first offer is invalid (a value where none is allowed): the second is taken.
        assertThat(answer("permessage-deflate; server_no_context_takeover=1, permessage-deflate; client_max_window_bits=15"))
                .isEqualTo("permessage-deflate");
        assertThat(answer("x-webkit-deflate-frame", "permessage-deflate")).isEqualTo("permessage-deflate");
    }

    @Test
    void invalidOffersAreDeclined() {
        assertThat(answer("permessage-deflate; server_max_window_bits")).as("a value is required").isNull();
        assertThat(answer("permessage-deflate; server_max_window_bits=7")).isNull();
        assertThat(answer("permessage-deflate; server_max_window_bits=16")).isNull();
        assertThat(answer("permessage-deflate; server_max_window_bits=010")).isNull();
        assertThat(answer("permessage-deflate; client_max_window_bits=abc")).isNull();
        assertThat(answer("permessage-deflate; unknown_param")).isNull();
        assertThat(answer("permessage-deflate; server_no_context_takeover; server_no_context_takeover")).as("duplicate").isNull();
        assertThat(answer("deflate-frame")).isNull();
    }

    @Test
    void theClientRejectsAnAnswerItDidNotOffer() {
        assertThat(PerMessageDeflate.clientAccept(null)).isNull();
        assertThat(PerMessageDeflate.clientAccept(List.of("permessage-deflate; client_max_window_bits=10; server_no_context_takeover"))).isNotNull();
        assertThatThrownBy(() -> PerMessageDeflate.clientAccept(List.of("x-other"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PerMessageDeflate.clientAccept(List.of("permessage-deflate; foo=1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PerMessageDeflate.clientAccept(List.of("permessage-deflate, permessage-deflate"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLimitedWindowCompressesOnlyMessagesTheWindowCovers() {
        PerMessageDeflate d = PerMessageDeflate.accept(List.of("permessage-deflate; server_max_window_bits=9"));
        byte[] small = "abcabcabc ".repeat(50).getBytes(); // 500 bytes <= 2^9
        byte[] large = "abcabcabc ".repeat(60).getBytes(); // 600 bytes > 2^9
        assertThat(d.compress(small, 0, small.length)).isNotNull();
        assertThat(d.compress(large, 0, large.length)).as("sent uncompressed").isNull();
        byte[] tiny = "short".getBytes();
        assertThat(d.compress(tiny, 0, tiny.length)).as("under the threshold").isNull();
        d.end();
        PerMessageDeflate full = PerMessageDeflate.accept(List.of("permessage-deflate"));
        assertThat(full.compress(large, 0, large.length)).isNotNull();
        full.end();
    }
}
