// UserSig driver for the official Go library (github.com/tencentyun/tls-sig-api-v2-golang),
// written and built by `cargo xtask bench peers`: `sigpeer bench N` times N GenUserSig calls,
// then N VerifyUserSig calls, each loop after N/10 warm-up calls, and prints one JSON line;
// `sigpeer verify IDENTIFIER USERSIG` checks a UserSig at the current time.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/tencentyun/tls-sig-api-v2-golang/tencentyun"
)

const (
	module     = "github.com/tencentyun/tls-sig-api-v2-golang"
	sdkappid   = 1400000000
	key        = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
	identifier = "bench_user_01"
	expire     = 86400
)

func main() {
	args := os.Args[1:]
	switch {
	case len(args) == 2 && args[0] == "bench":
		n, err := strconv.Atoi(args[1])
		if err != nil || n <= 0 {
			usage()
		}
		bench(n)
	case len(args) == 3 && args[0] == "verify":
		err := tencentyun.VerifyUserSig(sdkappid, key, args[1], args[2], time.Now())
		if err != nil {
			emit(map[string]interface{}{"ok": false, "error": err.Error()})
			os.Exit(1)
		}
		emit(map[string]interface{}{"ok": true})
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: sigpeer bench N | sigpeer verify IDENTIFIER USERSIG")
	os.Exit(2)
}

func bench(n int) {
	generate := func() string {
		sig, err := tencentyun.GenUserSig(sdkappid, key, identifier, expire)
		if err != nil {
			panic(err)
		}
		return sig
	}
	genNs := timePerOp(n, func() { generate() })
	sample := generate()
	verifyNs := timePerOp(n, func() {
		if err := tencentyun.VerifyUserSig(sdkappid, key, identifier, sample, time.Now()); err != nil {
			panic(err)
		}
	})
	emit(map[string]interface{}{
		"version":   version(),
		"n":         n,
		"gen_ns":    genNs,
		"verify_ns": verifyNs,
		"sample":    sample,
	})
}

// timePerOp runs op n/10 times to warm up, then n times; returns the mean ns per call.
func timePerOp(n int, op func()) float64 {
	for i := 0; i < n/10; i++ {
		op()
	}
	start := time.Now()
	for i := 0; i < n; i++ {
		op()
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

// version names the library build: its module version, or the local copy it was replaced by.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, dep := range info.Deps {
		if dep.Path == module {
			if dep.Replace != nil {
				return "local copy " + dep.Replace.Path
			}
			return dep.Version
		}
	}
	return "unknown"
}

func emit(v map[string]interface{}) {
	out, _ := json.Marshal(v)
	fmt.Println(string(out))
}
