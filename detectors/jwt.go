package detectors

import "bytes"

// b64urlValue maps a base64url character to its 6-bit value, 0xFF for any
// other byte.
var b64urlValue = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = byte(i)
	}
	return t
}()

func isB64url(c byte) bool { return b64urlValue[c] != 0xFF }

// b64urlDecode decodes unpadded base64url src into dst and returns the number
// of bytes written. It stops early, without error, when dst is full, so a
// caller can decode just a prefix into a stack buffer. ok is false if src
// holds a byte outside the alphabet or its length leaves a lone 6-bit
// character (len%4 == 1), which no encoder produces.
func b64urlDecode(dst, src []byte) (n int, ok bool) {
	if len(src)%4 == 1 {
		return 0, false
	}
	var acc uint32
	bits := 0
	for _, c := range src {
		v := b64urlValue[c]
		if v == 0xFF {
			return n, false
		}
		acc = acc<<6 | uint32(v)
		bits += 6
		if bits >= 8 {
			bits -= 8
			if n == len(dst) {
				return n, true
			}
			dst[n] = byte(acc >> bits)
			n++
		}
	}
	return n, true
}

// jwtHeaderPrefix bounds how much of a JWT header is decoded: the "alg"
// member comes first in every encoder we know of, and headers carrying
// certificate chains (x5c) can be kilobytes long.
const jwtHeaderPrefix = 768

// jwtHeaderAlg decodes the base64url JWT header h (into a stack buffer) and
// reports whether it is a JSON object with an "alg" member, and whether that
// alg is "none" (any case).
func jwtHeaderAlg(h []byte) (ok, algNone bool) {
	if len(h) <= jwtShortHeader/3*4 {
		// Most headers are a few dozen characters: decoded whole into a
		// small buffer, as into the large one (which never fills), they
		// cost no zeroing of a kilobyte. A column of tokens spent a
		// tenth of its time there.
		var buf [jwtShortHeader]byte
		n, ok := b64urlDecode(buf[:], h)
		if !ok {
			return false, false
		}
		return headerAlg(buf[:n])
	}
	var buf [jwtHeaderPrefix]byte
	src := h
	if len(src) > jwtHeaderPrefix/3*4 {
		src = src[:jwtHeaderPrefix/3*4]
	}
	n, ok := b64urlDecode(buf[:], src)
	if !ok {
		return false, false
	}
	return headerAlg(buf[:n])
}

// algFirst is the encoding of `{"alg":`, then the '"' that opens its
// value (and two bits of the value's first byte): how most encoders start
// a header.
const algFirst = "eyJhbGciOiJ"

// jwtHeaderAlgRun is jwtHeaderAlg for h a run of base64url characters (as
// jwtAt finds it). A header starting with algFirst is decoded only up to
// the quote that closes alg's value, which decides the answer: the "alg"
// there is the first in the header, and the rest of h, all base64url
// characters, cannot make the decoding fail unless its length leaves a
// lone character. Others, and values not closed within jwtShortHeader
// bytes, take jwtHeaderAlg.
func jwtHeaderAlgRun(h []byte) (ok, algNone bool) {
	if len(h)%4 == 1 || len(h) < 12 || string(h[:len(algFirst)]) != algFirst {
		return jwtHeaderAlg(h)
	}
	// Blocks of four characters from the third, which decodes to bytes
	// 6 to 8 (`:"` and the value's first byte), while whole blocks last.
	var buf [jwtShortHeader]byte
	n := 6
	for i := 8; i+4 <= len(h) && n+3 <= len(buf); i += 4 {
		a, b, c, d := b64urlValue[h[i]], b64urlValue[h[i+1]], b64urlValue[h[i+2]], b64urlValue[h[i+3]]
		if a|b|c|d == 0xFF {
			return jwtHeaderAlg(h) // not a run of base64url characters
		}
		v := uint32(a)<<18 | uint32(b)<<12 | uint32(c)<<6 | uint32(d)
		buf[n], buf[n+1], buf[n+2] = byte(v>>16), byte(v>>8), byte(v)
		n += 3
		if end := bytes.IndexByte(buf[8:n], '"'); end >= 0 {
			return true, bytes.EqualFold(buf[8:8+end], []byte("none"))
		}
	}
	return jwtHeaderAlg(h)
}

// jwtShortHeader is the decoded size up to which jwtHeaderAlg decodes into
// a small buffer.
const jwtShortHeader = 96

// headerAlg reports whether the decoded JWT header j is a JSON object with
// an "alg" member, and whether that alg is "none" (any case).
func headerAlg(j []byte) (ok, algNone bool) {
	j = trimJSONSpace(j)
	if len(j) == 0 || j[0] != '{' {
		return false, false
	}
	k := bytes.Index(j, []byte(`"alg"`))
	if k < 0 {
		return false, false
	}
	v := trimJSONSpace(j[k+5:])
	if len(v) == 0 || v[0] != ':' {
		return false, false
	}
	v = trimJSONSpace(v[1:])
	if len(v) < 2 || v[0] != '"' {
		return false, false
	}
	end := bytes.IndexByte(v[1:], '"')
	if end < 0 {
		return false, false
	}
	return true, bytes.EqualFold(v[1:1+end], []byte("none"))
}

// trimJSONSpace is bytes.TrimLeft(b, " \t\r\n") without building the
// cut set at each call.
func trimJSONSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	return b
}

// b64urlEnd returns the end of the run of base64url characters starting at
// data[i]: runs of letters and digits passed at once (alnumEnd, 64 bytes a
// step where the CPU can), joined by the rarer '-' and '_'. A token's
// payload and signature are hundreds of characters.
func b64urlEnd(data []byte, i int) int {
	for {
		i = alnumEnd(data, i)
		if i >= len(data) || (data[i] != '-' && data[i] != '_') {
			return i
		}
		i++
	}
}
