package detectors

import (
	"testing"
	"unicode/utf8"
)

// atCase is a text and what an At function finds at its start ("" for
// nothing); atMiss a text and a place that is not a word's start, where it
// must find nothing.
type atCase struct{ text, want string }
type atMiss struct {
	text string
	at   int
}

// testAt runs an At function on its cases.
func testAt(t *testing.T, name string, at func([]byte, int) int, cases []atCase, misses []atMiss) {
	t.Helper()
	for _, tc := range cases {
		got := ""
		if end := at([]byte(tc.text), 0); end > 0 {
			got = tc.text[:end]
		}
		if got != tc.want {
			t.Errorf("%s(%q) = %q, want %q", name, tc.text, got, tc.want)
		}
	}
	for _, tc := range misses {
		if end := at([]byte(tc.text), tc.at); end != 0 {
			t.Errorf("%s(%q, %d) = %d, want 0", name, tc.text, tc.at, end)
		}
	}
}

func TestNameAt(t *testing.T) {
	testAt(t, "nameAt", nameAt, []atCase{
		{"Anna Müller", "Anna Müller"},
		{"Anna Müller confirmed", "Anna Müller"},
		{"Seán O'Brien, thanks", "Seán O'Brien"},
		{"Anne-Marie van der Berg.", "Anne-Marie van der Berg"},
		{"José García Fernández López Ruiz", "José García Fernández López"}, // four words at most
		{"Łukasz Nowak", "Łukasz Nowak"},
		{"Chloé Lefèvre", "Chloé Lefèvre"},
		{"Ana da Silva", "Ana da Silva"},
		{"山田太郎", "山田太郎"},
		{"山田 太郎", "山田 太郎"},
		{"美咲 Müller", "美咲 Müller"},
		{"山田太郎様", ""},    // an honorific is part of the run: no name of two to four
		{"法人番号", ""},     // a document's name
		{"山田太郎佐藤花子", ""}, // eight characters
		{"山", ""},
		{"Anna", ""},
		{"Anna müller", ""},
		{"ANNA MÜLLER", ""},
		{"Anna  Müller", ""}, // two spaces
		{"Anna\nMüller", ""},
		{"Anna Müller3", "Anna"[:0]},
		{"June Report", ""},
		{"Austin Office", ""},
		{"São Paulo Office", ""},
		{"Dear Anna Müller", ""}, // a name starts after the salutation
		{"Victoria Station", ""},
		{"Calle Mayor", ""},
		{"Elm Boulevard", ""},
		{"Customer Success", ""},
		{"Anna van", ""},
		{"Anna van der der Berg", ""},
		{"McDonald Smith", "McDonald Smith"},
		{"A B", ""},
		{"", ""},
	}, []atMiss{
		{"xAnna Smith", 1}, {"éAnna Smith", 2}, {"3Anna Smith", 1}, {"Anna Smith", 1},
	})
}

func TestAddressAt(t *testing.T) {
	testAt(t, "addressAt", addressAt, []atCase{
		{"221B Baker Street, London", "221B Baker Street"},
		{"1600 Pennsylvania Ave. NW", "1600 Pennsylvania Ave."},
		{"1600 Pennsylvania Avenue", "1600 Pennsylvania Avenue"},
		{"742 Evergreen Terrace, Apt 4B", "742 Evergreen Terrace, Apt 4B"},
		{"350 W 42nd St Suite 1200", "350 W 42nd St Suite 1200"},
		{"12 King's Road #3", "12 King's Road #3"},
		{"12 Old Mill Lane", "12 Old Mill Lane"},
		{"12-14 Church Street", "12-14 Church Street"},
		{"12 rue de Rivoli, Paris", "12 rue de Rivoli"},
		{"8 Avenue des Ternes", "8 Avenue des Ternes"},
		{"5 avenue des Champs-Élysées", "5 avenue des Champs-Élysées"},
		{"Hauptstraße 12", "Hauptstraße 12"},
		{"Hauptstr. 12", "Hauptstr. 12"},
		{"Alte Schulstraße 5a, Berlin", "Alte Schulstraße 5a"},
		{"Keizersgracht 123-2", "Keizersgracht 123-2"},
		{"Drottninggatan 7", "Drottninggatan 7"},
		{"Calle Mayor 5", "Calle Mayor 5"},
		{"Calle de Alcalá, 45", "Calle de Alcalá, 45"},
		{"Via della Spiga 10", "Via della Spiga 10"},
		{"Avenida Paulista, 1578", "Avenida Paulista, 1578"},
		{"3 Drive Bays", ""},
		{"9 Place Settings", ""},
		{"7 Avenue Banners", ""},
		{"12 Street Lamps", ""},
		{"4 Way Splitters for the rack", ""},
		{"12 apples", ""},
		{"12 Elm", ""},
		{"12 Elm Streets", ""},
		{"0 Main Street", ""},
		{"123456 Main Street", ""},
		{"12a3 Main Street", ""},
		{"Hauptstraße", ""},
		{"Straße 12", ""},
		{"Am Hafen 3", "Am Hafen 3"}, // no street word: a German preposition
		{"An der Alster 65, Apt 3", "An der Alster 65, Apt 3"},
		{"Unter den Linden 5, Berlin", "Unter den Linden 5"},
		{"Zum Alten Hof 7a", "Zum Alten Hof 7a"},
		{"Auf dem Berg, 2", "Auf dem Berg, 2"},
		{"Im Winkel 12-14", "Im Winkel 12-14"},
		{"Über den Wiesen 120", "Über den Wiesen 120"},
		{"Im Jahr 2020", ""},
		{"Am Montag 3", ""},
		{"Auf der Seite 12", ""},
		{"In der Regel 3 Tage", ""},
		{"Am Hafen 1234", ""},
		{"An Alster 65", ""}, // no article
		{"An die 5", ""},
		{"Am hafen 3", ""},
		{"Am Hafen", ""},
		{"Amt Hafen 3", ""},
		{"Calle 5", ""},
		{"calle Mayor 5", ""},
		{"Rue 12", ""},
		{"", ""},
	}, []atMiss{
		{"x12 Baker Street", 1}, {"1.12 Baker Street", 2}, {"é12 Baker Street", 2}, {"Zur Hauptstraße 12", 1},
	})
}

// FuzzNameAt and FuzzAddressAt: on any bytes, at any position, the At
// functions do not panic, and a value they return ends inside the data,
// after where it starts, and within the shape's bound.
func FuzzNameAt(f *testing.F) {
	for _, s := range []string{"Anna Müller", "Dear Seán O'Brien,", "山田 太郎", "Anne-Marie van der Berg", "\xff\xfeA", "A'", "Ab-"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, p int) { checkAt(t, nameAt, maxNameChars, s, p) })
}

func FuzzAddressAt(f *testing.F) {
	for _, s := range []string{"221B Baker Street, Apt 4", "Hauptstraße 12a", "Calle de Alcalá, 45", "12 rue de Rivoli", "9-", "1 A St.", "Ab'"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, p int) { checkAt(t, addressAt, maxAddressChars, s, p) })
}

func checkAt(t *testing.T, at func([]byte, int) int, maxChars int, s string, p int) {
	if len(s) == 0 {
		return
	}
	p = (p%len(s) + len(s)) % len(s)
	data := []byte(s)
	end := at(data, p)
	if end == 0 {
		return
	}
	if end <= p || end > len(data) {
		t.Fatalf("at(%q, %d) = %d: outside (%d, %d]", s, p, end, p, len(data))
	}
	if n := utf8.RuneCount(data[p:end]); n > maxChars {
		t.Errorf("at(%q, %d): %d characters, more than the bound %d", s, p, n, maxChars)
	}
	if !utf8.Valid(data[p:end]) {
		t.Errorf("at(%q, %d) = %q: not valid UTF-8", s, p, data[p:end])
	}
}
