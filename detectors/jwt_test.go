package detectors

import (
	"bytes"
	"encoding/base64"
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
