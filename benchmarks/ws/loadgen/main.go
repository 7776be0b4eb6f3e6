// wsload: the L5 load generator (Go + gorilla/websocket from Debian's golang-github-gorilla-websocket-dev,
// built offline by benchmarks/ws/build.sh).
//
//	echo mode:      wsload -mode echo -url ws://127.0.0.1:P/echo -c 500 -size 64 -d 10s
//	  c connections, each one message in flight: send size bytes (binary), wait for the echo.
//	  Prints messages/s (echoes completed per second), latency p50/p99, errors.
//	broadcast mode: wsload -mode broadcast -url ws://127.0.0.1:P/room -c 10000 -n 20
//	  opens c connections, then n times: one connection sends "broadcast", every connection
//	  records when the server's broadcast reaches it. Prints p50/p99 over all deliveries, and
//	  pauses (-hold) with all connections open so the caller can read the server's RSS.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

func main() {
	mode := flag.String("mode", "echo", "echo | broadcast")
	url := flag.String("url", "ws://127.0.0.1:8080/echo", "server URL")
	conns := flag.Int("c", 500, "connections")
	size := flag.Int("size", 64, "message bytes (echo)")
	dur := flag.Duration("d", 10*time.Second, "measured duration (echo)")
	warm := flag.Duration("warmup", 2*time.Second, "warm-up before measuring (echo)")
	rounds := flag.Int("n", 20, "broadcasts (broadcast)")
	hold := flag.String("ready", "", "broadcast: file to create once all connections are open; waits for FILE.go before broadcasting")
	flag.Parse()
	switch *mode {
	case "echo":
		echo(*url, *conns, *size, *warm, *dur)
	case "broadcast":
		broadcast(*url, *conns, *rounds, *hold)
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", *mode)
		os.Exit(2)
	}
}

func dialAll(url string, n int) []*websocket.Conn {
	d := websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 4096, WriteBufferSize: 4096}
	out := make([]*websocket.Conn, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64) // bounded dialing concurrency: no accept-queue overflow
	var failed int64
	var firstErr atomic.Value
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			c, _, err := d.Dial(url, nil)
			if err != nil {
				atomic.AddInt64(&failed, 1)
				firstErr.CompareAndSwap(nil, err.Error())
				return
			}
			out[i] = c
		}(i)
	}
	wg.Wait()
	if failed > 0 {
		fmt.Fprintf(os.Stderr, "wsload: %d of %d connections failed (first: %v)\n", failed, n, firstErr.Load())
		os.Exit(1)
	}
	return out
}

func pct(s []time.Duration, p float64) time.Duration {
	if len(s) == 0 {
		return 0
	}
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[int(float64(len(s)-1)*p)]
}

func echo(url string, n, size int, warm, dur time.Duration) {
	conns := dialAll(url, n)
	msg := make([]byte, size)
	for i := range msg {
		msg[i] = byte('a' + i%26)
	}
	var measuring, stop int32
	var count, errs int64
	lats := make([][]time.Duration, n)
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Add(1)
		go func(i int, c *websocket.Conn) {
			defer wg.Done()
			var k int
			for atomic.LoadInt32(&stop) == 0 {
				t0 := time.Now()
				if err := c.WriteMessage(websocket.BinaryMessage, msg); err != nil {
					atomic.AddInt64(&errs, 1)
					return
				}
				_, got, err := c.ReadMessage()
				if err != nil || len(got) != size {
					atomic.AddInt64(&errs, 1)
					return
				}
				if atomic.LoadInt32(&measuring) == 1 {
					atomic.AddInt64(&count, 1)
					k++
					if k%16 == 0 { // sample every 16th latency: enough for p99, little memory
						lats[i] = append(lats[i], time.Since(t0))
					}
				}
			}
		}(i, c)
	}
	time.Sleep(warm)
	atomic.StoreInt32(&measuring, 1)
	start := time.Now()
	time.Sleep(dur)
	atomic.StoreInt32(&measuring, 0)
	elapsed := time.Since(start)
	got := atomic.LoadInt64(&count)
	atomic.StoreInt32(&stop, 1)
	for _, c := range conns {
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
	}
	wg.Wait()
	var all []time.Duration
	for _, l := range lats {
		all = append(all, l...)
	}
	for _, c := range conns {
		c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(1000, ""), time.Now().Add(time.Second))
		c.Close()
	}
	fmt.Printf("{\"mode\":\"echo\",\"conns\":%d,\"size\":%d,\"seconds\":%.2f,\"messages\":%d,\"msgs_per_s\":%.0f,\"p50_us\":%d,\"p99_us\":%d,\"errors\":%d}\n",
		n, size, elapsed.Seconds(), got, float64(got)/elapsed.Seconds(), pct(all, 0.50).Microseconds(), pct(all, 0.99).Microseconds(), atomic.LoadInt64(&errs))
}

func broadcast(url string, n, rounds int, ready string) {
	conns := dialAll(url, n)
	if ready != "" {
		os.WriteFile(ready, []byte(fmt.Sprintf("%d\n", n)), 0o644)
		for {
			if _, err := os.Stat(ready + ".go"); err == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	var all []time.Duration
	var mu sync.Mutex
	for r := 0; r < rounds; r++ {
		var wg sync.WaitGroup
		lat := make([]time.Duration, n)
		var errs int64
		start := time.Now()
		for i, c := range conns {
			wg.Add(1)
			go func(i int, c *websocket.Conn) {
				defer wg.Done()
				c.SetReadDeadline(time.Now().Add(60 * time.Second))
				if _, _, err := c.ReadMessage(); err != nil {
					atomic.AddInt64(&errs, 1)
					return
				}
				lat[i] = time.Since(start)
			}(i, c)
		}
		if err := conns[0].WriteMessage(websocket.TextMessage, []byte(fmt.Sprintf("broadcast %d", r))); err != nil {
			fmt.Fprintln(os.Stderr, "wsload: trigger failed:", err)
			os.Exit(1)
		}
		wg.Wait()
		if errs > 0 {
			fmt.Fprintf(os.Stderr, "wsload: round %d: %d connections got no broadcast\n", r, errs)
			os.Exit(1)
		}
		mu.Lock()
		all = append(all, lat...)
		mu.Unlock()
		s := append([]time.Duration(nil), lat...)
		fmt.Fprintf(os.Stderr, "round %d: last delivery %v\n", r, pct(s, 1.0))
		time.Sleep(200 * time.Millisecond)
	}
	fmt.Printf("{\"mode\":\"broadcast\",\"conns\":%d,\"rounds\":%d,\"deliveries\":%d,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f}\n",
		n, rounds, len(all), ms(pct(all, 0.50)), ms(pct(all, 0.99)), ms(pct(all, 1.0)))
	for _, c := range conns {
		c.Close()
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
