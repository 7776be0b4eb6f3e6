package org.gevent4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Gevent;
import org.gevent4j.Hub;

/**
 * Runs every example, in tutorial order, each under a header line naming it, the arguments it gets and
 * the tutorial program it comes from: {@code ./gevent4j examples}.
 *
 * <p>Each example runs on a fresh platform thread, so it gets a hub of its own, with its main as a
 * greenlet ({@link Gevent#run}), as {@code ./gevent4j run} runs it. Examples whose waiting is all {@code Gevent.sleep} and timeouts run under
 * {@link Hub#runWithVirtualClock} ("virtual clock" in the header): their timers fire at once, in
 * the same order as in real time. {@code Thread.sleep} always takes real time, so the examples
 * built on it run in real time ("real time"), with shortened sleeps where the tutorial's are long;
 * {@link MonkeyPatchSleep} keeps the tutorial's 3 s and 4 s, since finishing in about 4 s is its point.
 * The whole showcase takes about 10 s.
 *
 * <p>Arguments, if any, are example names: only those run ({@code ./gevent4j examples SyncVsAsync}).
 * The exit status is 1 if an example failed.
 */
public final class Showcase {
    private Showcase() {}

    /** An example's main method. */
    @FunctionalInterface
    interface Main {
        void main(String[] args) throws Exception;
    }

    /** How an example's clock runs. */
    enum Clock {
        VIRTUAL("virtual clock"),
        REAL("real time");

        final String label;

        Clock(String label) {
            this.label = label;
        }
    }

    /** One run of one example: which, with what arguments, from which tutorial program. */
    record Entry(String name, List<String> args, String origin, Clock clock, String note, Main main) {
        /** The header line printed before the example's output. */
        String header() {
            StringBuilder sb = new StringBuilder("=== ").append(name);
            for (String a : args) sb.append(' ').append(a.contains(" ") ? '"' + a + '"' : a);
            sb.append(" | ").append(origin).append(" | ").append(clock.label);
            if (!note.isEmpty()) sb.append("; ").append(note);
            return sb.append(" ===").toString();
        }
    }

    private static Entry virtual(String name, String origin, Main main, String... args) {
        return new Entry(name, List.of(args), origin, Clock.VIRTUAL, "", main);
    }

    private static Entry real(String name, String origin, String note, Main main, String... args) {
        return new Entry(name, List.of(args), origin, Clock.REAL, note, main);
    }

    /** Every example run, in tutorial order; examples that serve several tutorials run once per tutorial. */
    static final List<Entry> ENTRIES = List.of(
            // tutorial 000: "python 模块 gevent 协程"
            real("RawGreenletRun", "tutorial 000, 5.1 (1st program)", "", RawGreenletRun::main),
            real("RawGreenletSwitchAway", "tutorial 000, 5.1 (2nd program)", "", RawGreenletSwitchAway::main),
            real("RawGreenletSwitchBack", "tutorial 000, 5.1 (3rd program)", "", RawGreenletSwitchBack::main),
            virtual("SpawnWithoutBlocking", "tutorial 000, 5.2 (1st program; prints nothing)", SpawnWithoutBlocking::main),
            virtual("SpawnThenSleep", "tutorial 000, 5.2 (2nd program)", SpawnThenSleep::main),
            virtual("SleepZeroSwitch", "tutorial 000, 5.3 (1st program)", SleepZeroSwitch::main),
            virtual("SpawnAndJoin", "tutorial 000, 5.3 (2nd program)", SpawnAndJoin::main),
            virtual("SyncVsAsync", "tutorial 000, 5.4", SyncVsAsync::main, "000"),
            // tutorial 001: "Day27 notes"
            real("RawGreenletSwitchArgs", "tutorial 001, 1.greenlet模块 (1st program)", "", RawGreenletSwitchArgs::main),
            real("RawGreenletNoAutoSwitch", "tutorial 001, 1.greenlet模块 (2nd program)", "1 s instead of the tutorial's 10 s",
                    RawGreenletNoAutoSwitch::main, "1"),
            real("MonkeyPatchSleep", "tutorial 001, 2.gevent模块 (1st program)", "the tutorial's 3 s and 4 s: done in ~4 s, not 7",
                    MonkeyPatchSleep::main),
            real("MonkeyPatchJoinAll", "tutorial 001, 2.gevent模块 (2nd program)", "0.3 s and 0.4 s instead of 3 s and 4 s",
                    MonkeyPatchJoinAll::main, "0.3", "0.4"),
            real("EchoServer", "tutorial 001, 通过gevent实现单线程下的socket并发 (server and EchoClient)",
                    "3 client threads x 2 messages instead of 500 x for ever; their order varies", EchoServer::main,
                    "--demo", "3", "2"),
            // tutorial 002: "python之Gevent"
            virtual("ExplicitContextSwitch", "tutorial 002, 真正了解Gevent (1st program); also tutorial 003, 上下文切换",
                    ExplicitContextSwitch::main),
            virtual("SelectSleepers", "tutorial 002, 真正了解Gevent (2nd program)", SelectSleepers::main),
            virtual("SyncVsAsync", "tutorial 002, 真正了解Gevent (3rd program)", SyncVsAsync::main, "002"),
            virtual("SpawnAndJoin", "tutorial 002, Greenlets (1st program)", SpawnAndJoin::main, "hello", "I live"),
            virtual("MyGreenletSubclass", "tutorial 002, Greenlets (2nd program)", MyGreenletSubclass::main, "hi,there"),
            real("MonkeyPatchPrint", "tutorial 002, 猴子补丁(Monkey patching); also tutorial 003, 猴子补丁", "",
                    MonkeyPatchPrint::main),
            real("MonkeyPatchRedis", "tutorial 002, 猴子补丁(Monkey patching): the Redis binding",
                    "its own redis-server on loopback", MonkeyPatchRedis::main, "--demo"),
            real("ImapUnorderedDeterminism", "tutorial 002, 确定性 (the 1st line may vary: it is the thread pool's)", "",
                    ImapUnorderedDeterminism::main),
            // tutorial 003: "浅谈coroutine和gevent"
            real("GeneratorYield", "tutorial 003, Coroutine", "", GeneratorYield::main),
            real("FetchUrls", "tutorial 003, Gevent", "a local HTTP server with 0.3/0.1/0.2 s delays instead of the tutorial's sites",
                    FetchUrls::main, "--demo"),
            virtual("SyncVsAsync", "tutorial 003, 上下文切换 (2nd program)", SyncVsAsync::main, "003"),
            virtual("MyGreenletSubclass", "tutorial 003, 生成greenlet", MyGreenletSubclass::main),
            virtual("GreenletStates", "tutorial 003, Greenlet 的状态 (the failure's report goes to stderr)",
                    GreenletStates::main),
            real("SignalShutdown", "tutorial 003, 终止程序 (SIGTERM for SIGQUIT)", "it sends itself SIGTERM after 0.3 s",
                    SignalShutdown::main, "0.3"),
            virtual("TimeoutTooLong", "tutorial 003, 超时", TimeoutTooLong::main),
            virtual("EventWaiters", "tutorial 003, 事件 (1st program)", EventWaiters::main),
            virtual("AsyncResultHello", "tutorial 003, 事件 (2nd program)", AsyncResultHello::main),
            virtual("QueueBossWorkers", "tutorial 003, 队列 (1st program)", QueueBossWorkers::main),
            virtual("BoundedQueueTimeout", "tutorial 003, 队列 (2nd program)", BoundedQueueTimeout::main),
            virtual("GroupTalk", "tutorial 003, 组和池 (1st program)", GroupTalk::main),
            virtual("SocketPoolHandlers", "tutorial 003, 组和池 (2nd program, with fake sockets)", SocketPoolHandlers::main),
            virtual("SemaphorePoolMap", "tutorial 003, 锁和信号量", SemaphorePoolMap::main),
            real("SubprocessCron", "tutorial 003, 子进程", "cron prints while a child runs `sleep 1; uname`",
                    SubprocessCron::main),
            virtual("ActorPingPong", "tutorial 003, actor模型 (10 messages instead of for ever)", ActorPingPong::main),
            // tutorial 004: "share: 进程 线程 协程 异步"
            real("ProducerConsumer", "tutorial 004, 聊聊协程", "3 tasks, 0.2 s apart instead of forever, 1 s apart",
                    ProducerConsumer::main, "3", "0.2"),
            real("DnsCacheServer", "tutorial 004, 初识gevent (caching DNS server)",
                    "against a stand-in upstream on loopback, queried three times", DnsCacheServer::main, "--demo"),
            real("DnsCacheServerRedis", "tutorial 004, 初识gevent (the cache in Redis)",
                    "its own redis-server on loopback; a second server answers the repeat from Redis",
                    DnsCacheServerRedis::main, "--demo"),
            real("HttpHello", "tutorial 000, 3. 特点 (TCP/UDP/HTTP服务器): the benchmark's hello server",
                    "on a free port, asked GET / and POST /echo once, then stopped", HttpHello::main, "--demo"),
            real("WebApp", "tutorial 000, 3. 特点 (TCP/UDP/HTTP服务器): a small web app on HttpServer",
                    "on a free port, each page asked once, then stopped", WebApp::main, "--demo"),
            real("WebAppSpi", "tutorial 000, 3. 特点: the same app through the JDK's HttpServer.create",
                    "on a free port, each page asked once, then stopped", WebAppSpi::main, "--demo"),
            real("RollingRestart", "tutorial 000, 3. 特点 (TCP/UDP/HTTP服务器): a restart that loses no request (docs/scaling.md)",
                    "two servers in one program share a free port; the old one drains while a keep-alive client goes on",
                    RollingRestart::main, "--demo"),
            real("WebSocketEcho", "tutorial 000, 3. 特点 (TCP/UDP/HTTP服务器): a WebSocket echo server",
                    "on a free port, a client sends a text and a binary message, then stops it", WebSocketEcho::main, "--demo"),
            real("ChatRoom", "tutorial 000, 3. 特点: a chat room (a page, a WebSocket, broadcast through queues)",
                    "on a free port, alice and bob join and alice says hello, then it stops", ChatRoom::main, "--demo"),
            real("StuckEchoServer", "tutorial 001, 通过gevent实现单线程下的socket并发: the echo server with a greenlet that holds its hub (docs/operations.md)",
                    "on a free port, the blocker holds the hub 0.3 s while a client waits; run-info names them",
                    StuckEchoServer::main, "--demo"));

    public static void main(String[] args) {
        List<Entry> selected = select(args);
        List<String> failed = new ArrayList<>();
        long start = System.nanoTime();
        for (Entry e : selected) {
            System.out.println(e.header());
            System.out.flush();
            Throwable error = run(e);
            System.out.flush();
            if (error != null) {
                failed.add(e.name());
                System.err.println("!!! " + e.name() + " failed:");
                error.printStackTrace();
                System.err.flush();
            }
            System.out.println();
        }
        System.out.printf(Locale.ROOT, "=== %d example runs in %.1f s%s ===%n", selected.size(),
                (System.nanoTime() - start) / 1e9, failed.isEmpty() ? "" : "; FAILED: " + String.join(", ", failed));
        System.out.flush();
        // The examples leave greenlets parked (as their tutorials leave them suspended); exit explicitly.
        System.exit(failed.isEmpty() ? 0 : 1);
    }

    private static List<Entry> select(String[] names) {
        if (names.length == 0) return ENTRIES;
        List<Entry> selected = new ArrayList<>();
        for (String n : names) {
            List<Entry> matching = ENTRIES.stream().filter(e -> e.name().equalsIgnoreCase(n)).toList();
            if (matching.isEmpty()) {
                throw new IllegalArgumentException("no example named " + n + "; examples: "
                        + ENTRIES.stream().map(Entry::name).distinct().toList());
            }
            selected.addAll(matching);
        }
        return selected;
    }

    /** Runs one entry on a fresh platform thread (its own hub); returns what it threw, or null. */
    static Throwable run(Entry e) {
        String[] args = e.args().toArray(String[]::new);
        if (e.clock() == Clock.VIRTUAL) {
            try {
                Hub.runWithVirtualClock(() -> {
                    Gevent.run(() -> e.main().main(args));
                    return null;
                });
                return null;
            } catch (Throwable t) {
                return t;
            }
        }
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("main-" + e.name()).start(() -> {
            try {
                Gevent.run(() -> e.main().main(args));
            } catch (Throwable x) {
                error.set(x);
            }
        });
        try {
            t.join();
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return x;
        }
        return error.get();
    }
}
