package org.gevent4j.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** Runs a context's {@link Authenticator} before its filters, as the JDK server does. */
final class AuthFilter extends Filter {
    private final Authenticator authenticator;

    AuthFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        switch (authenticator.authenticate(exchange)) {
            case Authenticator.Success s -> {
                impl(exchange).principal = s.getPrincipal();
                chain.doFilter(exchange);
            }
            case Authenticator.Retry r -> exchange.sendResponseHeaders(r.getResponseCode(), -1);
            case Authenticator.Failure f -> exchange.sendResponseHeaders(f.getResponseCode(), -1);
            default -> throw new IllegalStateException("unknown authenticator result");
        }
    }

    private static ExchangeImpl impl(HttpExchange e) {
        return e instanceof SecureExchange s ? s.x : ((PlainExchange) e).x;
    }

    @Override
    public String description() {
        return "authentication";
    }
}
