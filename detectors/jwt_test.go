package detectors

import (
	"bytes"
	"encoding/base64"
	"math/rand/v2"
	"testing"
)

func TestB64urlDecode(t *testing.T) {
	// RFC 4648 section 10 test vectors, in the URL alphabet without padding.
	vectors := map[string]string{
		"": "", "Zg": "f", "Zm8": "fo", "Zm9v": "foo", "Zm9vYg": "foob", "Zm9vYmE": "fooba", "Zm9vYmFy": "foobar",
		"-_8": "\xfb\xff",
	}
	for enc, want := range vectors {
		var buf [16]byte
		n, ok := b64urlDecode(buf[:], []byte(enc))
		if !ok || string(buf[:n]) != want {
			t.Errorf("b64urlDecode(%q) = %q, %v; want %q", enc, buf[:n], ok, want)
		}
	}
	for _, bad := range []string{"Z", "Zm9vY", "Zm+v", "Zm/v", "Zm9=", "Zm 9"} {
		var buf [16]byte
		if _, ok := b64urlDecode(buf[:], []byte(bad)); ok {
			t.Errorf("b64urlDecode(%q) accepted invalid input", bad)
		}
	}
	// A full destination stops decoding without error.
	var small [2]byte
	if n, ok := b64urlDecode(small[:], []byte("Zm9vYmFy")); !ok || n != 2 || string(small[:]) != "fo" {
		t.Errorf("prefix decode = %q, %d, %v", small, n, ok)
	}
}

func FuzzB64urlDecode(f *testing.F) {
	for _, s := range []string{"", "Zg", "Zm9vYmFy", "eyJhbGciOiJIUzI1NiJ9", "-_-_", "Z", "a=b"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		buf := make([]byte, len(src))
		n, ok := b64urlDecode(buf, src)
		if bytes.ContainsAny(src, "\r\n") {
			// encoding/base64 skips line breaks; JWTs have none.
			if ok {
				t.Fatalf("b64urlDecode(%q) accepted a line break", src)
			}
			return
		}
		want, err := base64.RawURLEncoding.Strict().DecodeString(string(src))
		if ok != (err == nil) {
			// encoding/base64 in strict mode also rejects non-zero trailing
			// bits; ours does not need to (it only looks for "alg").
			if !ok || !bytes.Contains([]byte(err.Error()), []byte("illegal base64 data")) {
				t.Fatalf("b64urlDecode(%q) ok=%v, encoding/base64 err=%v", src, ok, err)
			}
			return
		}
		if ok && !bytes.Equal(buf[:n], want) {
			t.Fatalf("b64urlDecode(%q) = %q, encoding/base64 says %q", src, buf[:n], want)
		}
	})
}

func TestJWTHeaderAlg(t *testing.T) {
	enc := func(s string) []byte { return []byte(base64.RawURLEncoding.EncodeToString([]byte(s))) }
	tests := []struct {
		header      string
		ok, algNone bool
	}{
		{`{"alg":"HS256","typ":"JWT"}`, true, false},
		{` { "typ" : "JWT", "alg" : "RS256" }`, true, false},
		{`{"alg":"none"}`, true, true},
		{`{"alg":"NONE"}`, true, true},
		{`{"typ":"JWT"}`, false, false},
		{`["alg"]`, false, false},
		{`{"alg":5}`, false, false},
		{`{"alg"`, false, false},
	}
	for _, tt := range tests {
		ok, none := jwtHeaderAlg(enc(tt.header))
		if ok != tt.ok || none != tt.algNone {
			t.Errorf("jwtHeaderAlg(%s) = %v, %v; want %v, %v", tt.header, ok, none, tt.ok, tt.algNone)
		}
	}
	// A long header (x5c chain) with alg first is still recognised.
	long := `{"alg":"RS256","x5c":["` + string(bytes.Repeat([]byte("A"), 5000)) + `"]}`
	if ok, _ := jwtHeaderAlg(enc(long)); !ok {
		t.Error("long header not recognised")
	}
}

func FuzzJWTHeaderAlg(f *testing.F) {
	f.Add([]byte("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"))
	f.Add([]byte("eyJhbGciOiJub25lIn0"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, h []byte) {
		ok, none := jwtHeaderAlg(h)
		if none && !ok {
			t.Fatal("alg none reported for a header that is not a JWT header")
		}
		if ok {
			var buf [jwtHeaderPrefix]byte
			n, _ := b64urlDecode(buf[:], h[:min(len(h), jwtHeaderPrefix/3*4)])
			if !bytes.Contains(buf[:n], []byte(`"alg"`)) {
				t.Fatalf("accepted a header without \"alg\": %q", buf[:n])
			}
		}
	})
}

// jwtHeaderAlgRef is jwtHeaderAlg as it decoded every header into a buffer
// of jwtHeaderPrefix bytes, the reference for its small buffer.
func jwtHeaderAlgRef(h []byte) (ok, algNone bool) {
	var buf [jwtHeaderPrefix]byte
	src := h
	if len(src) > jwtHeaderPrefix/3*4 {
		src = src[:jwtHeaderPrefix/3*4]
	}
	n, ok := b64urlDecode(buf[:], src)
	if !ok {
		return false, false
	}
	j := bytes.TrimLeft(buf[:n], " \t\r\n")
	if len(j) == 0 || j[0] != '{' {
		return false, false
	}
	k := bytes.Index(j, []byte(`"alg"`))
	if k < 0 {
		return false, false
	}
	v := bytes.TrimLeft(j[k+5:], " \t\r\n")
	if len(v) == 0 || v[0] != ':' {
		return false, false
	}
	v = bytes.TrimLeft(v[1:], " \t\r\n")
	if len(v) < 2 || v[0] != '"' {
		return false, false
	}
	end := bytes.IndexByte(v[1:], '"')
	if end < 0 {
		return false, false
	}
	return true, bytes.EqualFold(v[1:1+end], []byte("none"))
}

// TestJWTHeaderAlgAsReference: jwtHeaderAlg answers as the reference for
// headers of JSON pieces in random order, whitespace included, of every
// length around the small buffer's and the prefix's limits, encoded, then
// now and then cut to a length no encoder gives or given a byte outside
// the alphabet.
func TestJWTHeaderAlgAsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	pieces := []string{`{`, `}`, `"alg"`, `"alg"`, `:`, `"none"`, `"NoNe"`, `"HS256"`, `"typ"`, `"JWT"`, `,`, ` `, "\t", "\n", "\r", `"`, `x`, `5`, `"kid":"k1"`, `[`}
	agree := map[[2]bool]int{}
	for i := range 30000 {
		var j []byte
		if i%2 == 0 {
			j = append(j, `{"alg":`...)
		}
		for n := r.IntN(12); n > 0; n-- {
			j = append(j, pieces[r.IntN(len(pieces))]...)
		}
		// Padding to lengths around 96 and 768 decoded bytes.
		switch r.IntN(4) {
		case 0:
			j = append(j, bytes.Repeat([]byte(" "), 90+r.IntN(10)-len(j)%8)...)
		case 1:
			j = append(j, bytes.Repeat([]byte("a"), 760+r.IntN(16))...)
		}
		if r.IntN(2) == 0 {
			j = append(j, pieces[r.IntN(len(pieces))]...)
		}
		h := []byte(base64.RawURLEncoding.EncodeToString(j))
		switch r.IntN(8) {
		case 0:
			h = h[:len(h)-r.IntN(min(len(h), 4)+1)]
		case 1:
			if len(h) > 0 {
				h[r.IntN(len(h))] = "+/=.\x00\xff"[r.IntN(6)]
			}
		}
		ok, none := jwtHeaderAlg(h)
		wok, wnone := jwtHeaderAlgRef(h)
		if ok != wok || none != wnone {
			t.Fatalf("jwtHeaderAlg(%q) = %v, %v; the reference %v, %v", h, ok, none, wok, wnone)
		}
		agree[[2]bool{ok, none}]++
	}
	if len(agree) < 3 || agree[[2]bool{true, true}] < 100 {
		t.Fatalf("answers %v: the test compares too few of each", agree)
	}
}

// TestB64urlEnd: the run found eight bytes at a time ends where the byte
// at a time loop ends, for every byte at every offset of a run.
func TestB64urlEnd(t *testing.T) {
	for c := range 256 {
		for _, k := range []int{0, 1, 2, 5, 7, 8, 9, 15, 16, 17, 31, 63, 64, 65, 100, 127, 128, 129, 150} {
			data := append(bytes.Repeat([]byte("aZ9-_xQ3"), 20)[:k], byte(c))
			data = append(data, "xyz"...)
			for _, i := range []int{0, 1, k / 2, k - 1, k} {
				if i < 0 {
					continue
				}
				want := i
				for want < len(data) && isB64url(data[want]) {
					want++
				}
				if got := b64urlEnd(data, i); got != want {
					t.Fatalf("b64urlEnd(%q, %d) = %d; want %d", data, i, got, want)
				}
			}
		}
	}
}

// TestJWTHeaderAlgRunAsReference: for runs of base64url characters, those
// that start as most encoders start a header ({"alg":") among them,
// jwtHeaderAlgRun answers as the reference: alg values of every length
// around the small buffer's, "none" in any case, quotes and whitespace
// after the value, cut to every length.
func TestJWTHeaderAlgRunAsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	values := []string{"none", "NONE", "nOnE", "HS256", "RS512", "", "n", "none ", " none", "nonex", `no"ne`, "\\\"none"}
	fast := 0
	for i := range 30000 {
		v := values[r.IntN(len(values))]
		if r.IntN(4) == 0 {
			v = string(bytes.Repeat([]byte("x"), 80+r.IntN(30))) + v
		}
		j := `{"alg":"` + v + `"` + []string{`}`, `,"typ":"JWT"}`, ` }`, ``, `x`}[r.IntN(5)]
		h := []byte(base64.RawURLEncoding.EncodeToString([]byte(j)))
		if i%3 == 0 {
			h = h[:r.IntN(len(h)+1)]
		}
		if i%7 == 0 {
			// Any run of base64url characters.
			h = []byte(algFirst)
			for n := r.IntN(40); n > 0; n-- {
				h = append(h, "AZaz09-_Ii"[r.IntN(10)])
			}
		}
		ok, none := jwtHeaderAlgRun(h)
		wok, wnone := jwtHeaderAlgRef(h)
		if ok != wok || none != wnone {
			t.Fatalf("jwtHeaderAlgRun(%q) = %v, %v; the reference %v, %v", h, ok, none, wok, wnone)
		}
		if ok && bytes.HasPrefix(h, []byte(algFirst)) {
			fast++
		}
	}
	if fast < 5000 {
		t.Fatalf("only %d headers took the fast path", fast)
	}
}

func FuzzJWTHeaderAlgRun(f *testing.F) {
	f.Add([]byte("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"), false)
	f.Add([]byte("eyJhbGciOiJub25lIn0"), false)
	f.Add([]byte("Ijoi"), true)
	f.Fuzz(func(t *testing.T, b []byte, prefix bool) {
		// A run of base64url characters, as jwtAt gives it.
		var h []byte
		if prefix {
			h = append(h, algFirst...)
		}
		for _, c := range b {
			if isB64url(c) {
				h = append(h, c)
			}
		}
		ok, none := jwtHeaderAlgRun(h)
		wok, wnone := jwtHeaderAlgRef(h)
		if ok != wok || none != wnone {
			t.Fatalf("jwtHeaderAlgRun(%q) = %v, %v; the reference %v, %v", h, ok, none, wok, wnone)
		}
	})
}
