// Go's net/http client against 127.0.0.1:PORT: prints one JSON object per exchange (name,
// status, headers with lower-cased names, body, and for some whether the connection was
// reused). Any error exits 1. Standard library only: run with `go run go_client.go PORT`.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"os"
	"strings"
	"time"
)

var base string
var client = &http.Client{
	Timeout: 10 * time.Second,
	Transport: &http.Transport{
		MaxIdleConnsPerHost:   4,
		ExpectContinueTimeout: 5 * time.Second, // wait for the server's 100 (sent when the handler reads)
	},
}

func do(name string, req *http.Request) {
	reused := false
	trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { reused = i.Reused }}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	res, err := client.Do(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, name+": reading the body:", err)
		os.Exit(1)
	}
	headers := map[string]string{}
	for k, v := range res.Header {
		headers[strings.ToLower(k)] = strings.Join(v, ", ")
	}
	if len(res.TransferEncoding) > 0 {
		headers["transfer-encoding"] = strings.Join(res.TransferEncoding, ", ")
	}
	out, _ := json.Marshal(map[string]any{"name": name, "status": res.StatusCode, "proto": res.Proto,
		"headers": headers, "body": string(body), "reused": reused})
	fmt.Println(string(out))
}

func req(method, path string, body io.Reader) *http.Request {
	r, err := http.NewRequest(method, base+path, body)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	return r
}

func main() {
	base = "http://127.0.0.1:" + os.Args[1]
	do("get", req("GET", "/", nil))
	do("get-again", req("GET", "/", nil)) // keep-alive: the same connection
	do("head", req("HEAD", "/", nil))
	do("post", req("POST", "/echo", strings.NewReader(strings.Repeat("go says hi ", 1000))))
	// A body of unknown length: Go sends it chunked.
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte("part-1,"))
		pw.Write([]byte(strings.Repeat("part-2,", 3000)))
		pw.Write([]byte("end"))
		pw.Close()
	}()
	do("post-chunked", req("POST", "/echo", pr))
	e := req("PUT", "/echo", strings.NewReader("after the 100"))
	e.Header.Set("Expect", "100-continue")
	do("expect", e)
	do("get-chunked", req("GET", "/chunked", nil))
	do("nocontent", req("GET", "/nocontent", nil))
	do("missing", req("GET", "/missing", nil))
}
