/**
 * WebSocket (RFC 6455) with permessage-deflate (RFC 7692), server and client side, with a
 * plain blocking API for greenlets: {@link org.gevent4j.websocket.WebSocket} is one connection
 * (either side), {@link org.gevent4j.websocket.WebSocketHandler} serves them on an
 * {@link org.gevent4j.http.HttpServer} context, {@link org.gevent4j.websocket.WebSocketClient}
 * opens them. See {@code docs/websocket.md} for the guide.
 */
package org.gevent4j.websocket;
