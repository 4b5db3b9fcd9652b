package detectors

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// ipv6RefAround and ipv6RefSkip are ipv6Around and skipIPv6Token as they
// were when scanIPv6 was a plain IndexByte loop, frozen here as the
// reference the faster scan must equal.
func ipv6RefAround(data []byte, k int) (start, end, next int) {
	n := len(data)
	st := k
	for st > 0 && k-st < 40 && (isHex(data[st-1]) || data[st-1] == ':') {
		st--
	}
	if st > 0 {
		if c := data[st-1]; isAlnum(c) || c == '.' || c == '_' {
			return 0, 0, ipv6RefSkip(data, k)
		}
	}
	i := st
	groups, double := 0, false
	if i+1 < n && data[i] == ':' && data[i+1] == ':' {
		double = true
		i += 2
	}
	for i < n {
		s := i
		for i < n && isHex(data[i]) && i-s < 5 {
			i++
		}
		if i-s > 4 {
			return 0, 0, ipv6RefSkip(data, k)
		}
		if i == s {
			break
		}
		groups++
		if i+1 < n && data[i] == ':' && data[i+1] == ':' {
			if double {
				return 0, 0, ipv6RefSkip(data, k)
			}
			double = true
			i += 2
			continue
		}
		if i+1 < n && data[i] == ':' && isHex(data[i+1]) {
			i++
			continue
		}
		break
	}
	if i < n {
		if c := data[i]; isAlnum(c) || c == '.' || c == '_' || c == ':' {
			return 0, 0, ipv6RefSkip(data, k)
		}
	}
	if (double && groups > 7) || (!double && groups != 8) || groups < 2 && !double || groups == 0 {
		return 0, 0, max(i, k+1)
	}
	if groups <= 1 && double {
		return 0, 0, max(i, k+1)
	}
	if a := bytes.ToLower(data[st:min(st+9, i)]); bytes.HasPrefix(a, []byte("2001:db8:")) || bytes.HasPrefix(a, []byte("2001:0db8")) {
		return 0, 0, i
	}
	return st, i, i
}

func ipv6RefSkip(data []byte, k int) int {
	i := k + 1
	for i < len(data) && (isHex(data[i]) || data[i] == ':') {
		i++
	}
	return i
}

// ipv6Reference returns the spans the IndexByte loop reported, in order.
func ipv6Reference(data []byte) [][2]int {
	var out [][2]int
	i := 0
	for i < len(data) {
		k := bytes.IndexByte(data[i:], ':')
		if k < 0 {
			break
		}
		k += i
		if k == 0 || !(isHex(data[k-1]) || data[k-1] == ':') {
			i = k + 1
			continue
		}
		st, en, next := ipv6RefAround(data, k)
		if en > 0 {
			out = append(out, [2]int{st, en})
		}
		i = max(next, k+1)
	}
	return out
}

// checkIPv6 compares every way of running the IPv6 pass with the reference.
func checkIPv6(t testing.TB, s *Scanner, data []byte) {
	t.Helper()
	want := ipv6Reference(data)
	for _, v := range []struct {
		name string
		scan func([]byte, FieldContext)
	}{{"scanIPv6", s.scanIPv6}, {"blocks", s.scanIPv6Blocks}, {"bytes", s.scanIPv6Bytes}} {
		s.matches = s.matches[:0]
		v.scan(data, FieldContext{})
		var got [][2]int
		for _, m := range s.matches {
			got = append(got, [2]int{m.Start, m.End})
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%s(%q) = %v, reference %v", v.name, data, got, want)
		}
	}
}

func ipv6TestScanner(t testing.TB) *Scanner {
	e, err := Compile(Options{Managed: []string{"IP_ADDRESS"}})
	if err != nil {
		t.Fatal(err)
	}
	return e.NewScanner()
}

// ipv6Adversarial are values around the grammar's edges: they are tried
// alone and at every offset around a 64-byte block boundary.
var ipv6Adversarial = []string{
	"fe80::1", "fe80::1%eth0", "2a00:1450:4001:82a::200e", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
	"::", "::1", "1::", "::ffff:192.0.2.1", "::ffff:c000:0201", "2001:db8::1", "2001:0DB8:0:0:0:0:0:1", "2001:db9::1",
	"12:30:45", "T12:30:45.123Z", "2024-01-02T10:20:30Z", `{"ip":"fe80::abcd","t":"10:20:30"}`, `"key": value`,
	"aa:bb:cc:dd:ee:ff", "AA:BB:CC:DD:EE:FF:00:11", "::::::::", ":::", "1:::2", "a::b::c", "x1::2", "1::2x", "1::2.3",
	"_fe80::1", ".fe80::1", "fe80::1.", "fe80::1_", "abcde::1", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4::5:6:7:8",
	":" + strings.Repeat("a", 40) + ":1::2", "x:" + strings.Repeat("0", 40) + ":1::2", "g" + strings.Repeat("1:", 30) + "1",
	strings.Repeat("ab:", 40), strings.Repeat(":", 100), "x" + strings.Repeat("0", 45) + ":1:2:3:4:5:6:7:8",
	"Z" + strings.Repeat("1:2:", 12) + "::1", "fe80::1\x00fe80::2\x00::3", "\x001::2\x00", "1::2 3::4 5::6",
}

func TestIPv6MatchesReference(t *testing.T) {
	s := ipv6TestScanner(t)
	fillers := []string{" ", "x", "0", ":", "\x00", "f", ".", "Tg"}
	for _, v := range ipv6Adversarial {
		checkIPv6(t, s, []byte(v))
		for _, f := range fillers {
			for pad := 50; pad <= 130; pad++ {
				pre := strings.Repeat(f, pad/len(f)+1)[:pad]
				checkIPv6(t, s, []byte(pre+v))
				checkIPv6(t, s, []byte(pre+v+pre))
				checkIPv6(t, s, []byte(v+pre+v))
			}
		}
	}
	for _, n := range []int{0, 1, 63, 64, 65, 127, 128, 129} {
		checkIPv6(t, s, bytes.Repeat([]byte("1:"), n))
		checkIPv6(t, s, bytes.Repeat([]byte(":"), n))
	}
	checkIPv6(t, s, benchCorpus()[:1<<20])
}

// TestIPv6RandomMatchesReference tries random splices of the adversarial
// values, hex and the bytes that end tokens.
func TestIPv6RandomMatchesReference(t *testing.T) {
	s := ipv6TestScanner(t)
	r := rand.New(rand.NewPCG(7, 8))
	const alphabet = "0123456789abcdefABCDEFgxzT:::::..__ \"\x00%-/"
	for range 20000 {
		var b []byte
		for range r.IntN(12) {
			if r.IntN(3) == 0 {
				b = append(b, ipv6Adversarial[r.IntN(len(ipv6Adversarial))]...)
				continue
			}
			for range r.IntN(40) {
				b = append(b, alphabet[r.IntN(len(alphabet))])
			}
		}
		checkIPv6(t, s, b)
	}
}

// TestIPv6CandidateBlocks checks the build's ipv6CandidateBlocks against
// the portable one on every byte value, carrying across calls.
func TestIPv6CandidateBlocks(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	data := make([]byte, 64*(ipv6Batch+3))
	for iter := range 300 {
		for i := range data {
			data[i] = byte(r.IntN(256))
			if iter < 4 {
				data[i] = byte(iter*64 + i)
			} else if iter%2 == 0 {
				data[i] = "0123456789abcdefABCDEFgxzT:::::..__ \"\x00%-/"[r.IntN(41)]
			}
		}
		var c1, c2 ipv6Carry
		var m1, m2 [ipv6Batch]uint64
		for i := 0; i < len(data); {
			n1 := ipv6CandidateBlocks(data[i:], &c1, &m1)
			n2 := ipv6CandidateBlocksPortable(data[i:], &c2, &m2)
			if n1 != n2 || m1 != m2 || c1 != c2 {
				t.Fatalf("ipv6CandidateBlocks(%q) = %d %x %v, portable %d %x %v", data[i:], n1, m1[:n1], c1, n2, m2[:n2], c2)
			}
			if n1 == 0 {
				break
			}
			i += n1 * 64
		}
	}
}

func FuzzIPv6Reference(f *testing.F) {
	for _, v := range ipv6Adversarial {
		f.Add([]byte(v))
		f.Add([]byte(strings.Repeat("T", 61) + v))
	}
	// Buffers without a ':' (scanIPv6 skips them) and with one far in.
	hex := strings.Repeat("789564c55e1f730f2b84fcef3bb873f76e22a1b0c274b7dc92f86ba874248ee5\x00", 3)
	f.Add([]byte(hex))
	f.Add([]byte(hex + "fe80::1"))
	f.Add([]byte(hex + "fe80:"))
	s := ipv6TestScanner(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkIPv6(t, s, data)
	})
}

// TestIPv6Candidates checks ipv6Carry.candidates against its definition,
// byte by byte, over several blocks: a ':' after a hex digit or ':', in a
// token (a run of hex digits and ':') that does not follow a letter, '.'
// or '_'.
func TestIPv6Candidates(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	const alphabet = "0123456789abcdefABCDEFgxzT:::::..__ \"\x00%-/"
	for range 3000 {
		data := make([]byte, 64*(1+r.IntN(4)))
		for i := range data {
			data[i] = alphabet[r.IntN(len(alphabet))]
		}
		if r.IntN(2) == 0 { // long tokens across block boundaries
			st := r.IntN(len(data))
			for i := st; i < min(len(data), st+r.IntN(150)); i++ {
				data[i] = "0123456789abcdef:"[r.IntN(17)]
			}
		}
		var c ipv6Carry
		for i := 0; i < len(data); i += 64 {
			got := c.candidates(ipv6Classes64Portable((*[64]byte)(data[i : i+64])))
			for j := range 64 {
				k := i + j
				want := data[k] == ':' && k > 0 && (isHex(data[k-1]) || data[k-1] == ':')
				if want {
					st := k
					for st > 0 && (isHex(data[st-1]) || data[st-1] == ':') {
						st--
					}
					if st > 0 && (isAlnum(data[st-1]) || data[st-1] == '.' || data[st-1] == '_') {
						want = false
					}
				}
				if got>>j&1 == 1 != want {
					t.Fatalf("candidates(%q): byte %d is %v, want %v", data, k, !want, want)
				}
			}
		}
	}
}
