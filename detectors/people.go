package detectors

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NAME and ADDRESS: Macie finds them with machine learning; here they are
// shapes confirmed by a keyword (see their rows in catalogue_personal.go).
// Both are At functions: tried only in the keyword windows and in fields
// whose name holds a keyword, never over whole buffers otherwise.

// maxNameChars bounds a name: four words and the particles between them,
// at most 60 characters (a word that would go past them is left out).
// It is the shape's AtMax, which keeps the keyword windows small.
const maxNameChars = 60

// nameProximity is NAME's keyword distance: a title, a salutation or a
// field label sits right next to the name ("Dear Anna", "Customer name:
// Anna Smith", "Anna Smith (customer)"). Business prose is full of
// "customer" and "contact": the default 30 characters, and the windows
// that go with them, cost a default-plus-NAME scan of the bench corpus a
// third of its speed.
const nameProximity = 15

// maxAddressChars bounds a street address with its unit (a longer run of
// words is none).
const maxAddressChars = 80

// addressProximity is ADDRESS's keyword distance: the label sits right
// before the address ("Shipping address: …", "ship to …"); "address" is
// common in text ("email address", "IP address"), and ADDRESS is in the
// default set, so its windows are kept small.
const addressProximity = 20

// nameAt matches a person's name starting at data[p]: two to four name
// words ("Anna", "O'Brien", "Anne-Marie", "Müller") separated by single
// spaces, with up to two lower-case particles between them ("van der",
// "de la"); or one to four runs of CJK characters of which the first is
// two to four long when it stands alone ("山田太郎", "山田 太郎"). No name
// begins at a word of nonNameWords (titles, months, "Office", "Report"),
// and none is followed by one: "Dear Anna Smith" is a name from "Anna",
// "Austin Office" and "São Paulo Office" are none.
func nameAt(data []byte, p int) int {
	// Most positions a keyword window offers start a lower-case word or
	// are punctuation: one byte's test turns them away.
	if p >= len(data) || !(isUpper(data[p]) || data[p] >= 0xC0) || !wordBoundaryBefore(data, p) {
		return 0
	}
	words, end, cjk := 0, 0, 0
	for i := p; words < 4; {
		e, han := nameWordAt(data, i)
		if e == 0 || (e-p > maxNameChars && utf8.RuneCount(data[p:e]) > maxNameChars) {
			break
		}
		if !han && nonNameWord(data[i:e]) {
			if words > 0 {
				return 0 // "São Paulo Office": a thing's name
			}
			break
		}
		words++
		end = e
		if han {
			cjk = utf8.RuneCount(data[i:e])
		}
		if e+1 >= len(data) || data[e] != ' ' {
			break
		}
		i = e + 1
		for range 2 {
			pe := particleAt(data, i)
			if pe == 0 || pe+1 >= len(data) || data[pe] != ' ' {
				break
			}
			i = pe + 1
		}
	}
	if words >= 2 || (words == 1 && cjk >= 2) {
		return end
	}
	return 0
}

// wordBoundaryBefore reports whether data[p] starts a word: the character
// before it is no letter or digit.
func wordBoundaryBefore(data []byte, p int) bool {
	if p == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRune(data[:p])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// nameWordAt returns the end of a name word at data[i] (0: none), and
// whether it is a run of CJK characters. A Latin word is an upper-case
// letter and at least one more letter, at least one of them lower-case,
// with single apostrophes or hyphens between letters; it must not run on
// into a digit. A CJK run is one to four Han or Katakana characters.
func nameWordAt(data []byte, i int) (int, bool) {
	r, w := utf8.DecodeRune(data[i:])
	if isCJKName(r) {
		j, n := i+w, 1
		for j < len(data) {
			r, w := utf8.DecodeRune(data[j:])
			if !isCJKName(r) {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					return 0, false
				}
				break
			}
			j += w
			n++
		}
		if n > 4 {
			return 0, false
		}
		return j, true
	}
	if !unicode.IsUpper(r) {
		return 0, false
	}
	j, letters, lower := i+w, 1, false
	for j < len(data) {
		c := data[j]
		if c < utf8.RuneSelf {
			switch {
			case isLower(c):
				lower = true
			case isUpper(c):
			case (c == '\'' || c == '-') && j+1 < len(data) && startsLetter(data[j+1:]):
			case isDigit(c):
				return 0, false
			default:
				goto done
			}
			j++
			letters++
			continue
		}
		r, w := utf8.DecodeRune(data[j:])
		switch {
		case r == '’' && startsLetter(data[j+w:]):
		case unicode.IsLower(r):
			lower = true
		case unicode.IsLetter(r) && !isCJKName(r):
		case unicode.IsDigit(r) || isCJKName(r):
			return 0, false
		default:
			goto done
		}
		j += w
		letters++
	}
done:
	if letters < 2 || !lower {
		return 0, false
	}
	return j, false
}

func startsLetter(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	r, _ := utf8.DecodeRune(b)
	return unicode.IsLetter(r)
}

func isCJKName(r rune) bool {
	return r >= 0x3000 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Katakana, r)) && !nonNameHan(r)
}

// nonNameHan reports whether r is a Han character of the words for
// numbers, documents, places and honorifics that surround names in
// Japanese and Chinese text ("法人番号", "確認済", "山田様"): a run that
// holds one is no name, and an honorific ends one.
func nonNameHan(r rune) bool {
	switch r {
	case '番', '号', '法', '社', '所', '確', '認', '済', '書', '類', '円', '様', '殿', '県', '市', '区', '都', '府', '証', '票':
		return true
	}
	return false
}

// particleAt returns the end of a lower-case name particle at data[i], or 0.
func particleAt(data []byte, i int) int {
	j := i
	for j < len(data) && isLower(data[j]) {
		j++
	}
	if j == i || j-i > 4 {
		return 0
	}
	if nameParticles.has(data[i:j]) {
		return j
	}
	return 0
}

var nameParticles = setOf("van", "von", "der", "den", "de", "del", "della", "da", "das", "do", "dos", "di",
	"du", "la", "le", "zu", "ten", "ter", "bin", "ibn", "al", "y")

// nonNameWord reports whether w begins or ends no name: a word of
// nonNameWords or a street type ("Elm Boulevard", "Calle Mayor").
func nonNameWord(w []byte) bool {
	return nonNameWords.has(w) || streetTypes.has(w) || typeFirst(w)
}

// nonNameWords are capitalised words that begin or end no person's name:
// titles and salutations (a name follows them), words of time, and the
// nouns of organisations, places, documents and events, which make a
// capitalised phrase a thing's name ("June Report", "Austin Office",
// "Victoria Station", "Customer Success").
var nonNameWords = setOf(
	// salutations, titles and the words that introduce a name
	"Dear", "Hello", "Hi", "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Madam", "Attn", "Attention",
	"Customer", "Customers", "Client", "Contact", "Name", "Patient", "Employee", "Holder", "Cardholder",
	"Account", "Beneficiary", "Recipient", "Signed", "Regards", "Thanks", "From", "To", "Cc",
	"The", "This", "That", "These", "Our", "Your", "My", "His", "Her", "Their", "We", "An", "And", "Or",
	"If", "In", "On", "At", "By", "For", "With", "Of", "As", "It", "Is", "Re", "Fwd", "Per", "Via",
	// time
	"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
	"November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
	"Spring", "Summer", "Autumn", "Winter", "Christmas", "Easter", "Today", "Tomorrow", "Yesterday",
	"Day", "Week", "Month", "Year", "Quarter", "Morning", "Evening", "Night", "Weekly", "Monthly",
	"Quarterly", "Annual", "Daily",
	// the words of identifiers' names
	"Social", "Security", "Insurance", "Tax", "Health", "National", "Number", "Card", "Passport",
	"License", "Licence", "Id", "Número", "Numéro", "Nummer", "Seguridad", "Sécurité", "Sicurezza",
	// documents, events, work
	"Report", "Reports", "Review", "Meeting", "Minutes", "Agenda", "Notes", "Summary", "Budget", "Plan",
	"Policy", "Project", "Invoice", "Order", "Orders", "Update", "Release", "Version", "Edition", "Draft",
	"Team", "Teams", "Group", "Department", "Dept", "Division", "Unit", "Office", "Offices", "Desk",
	"Board", "Committee", "Council", "Service", "Services", "Support", "Success", "Sales", "Marketing",
	"Finance", "Legal", "Operations", "Manager", "Director", "Staff", "Product", "Products", "Launch",
	"Conference", "Summit", "Workshop", "Training", "Event", "Party", "Festival", "Cup", "League",
	// organisations
	"Inc", "Ltd", "Llc", "Gmbh", "Corp", "Corporation", "Company", "Co", "Bank", "Insurance", "Holdings",
	"Partners", "Associates", "Foundation", "Institute", "Association", "Society", "Union", "Agency",
	"Ministry", "Systems", "Solutions", "Technologies", "Software", "Labs", "Studio", "Studios", "Airlines",
	"Express", "Logistics", "Capital", "Ventures", "Group", "Global", "International", "National",
	"Federal", "Royal", "United", "General", "Public", "Limited",
	// places
	"Station", "Airport", "Terminal", "Street", "Road", "Avenue", "Lane", "Drive", "Square", "Park",
	"Place", "Plaza", "Bridge", "Tower", "Hall", "Building", "Centre", "Center", "Campus", "Hotel",
	"Hospital", "Clinic", "University", "College", "School", "Academy", "Museum", "Library", "Gallery",
	"Theatre", "Theater", "Cinema", "Stadium", "Arena", "Market", "Mall", "Store", "Shop", "Restaurant",
	"Cafe", "Warehouse", "Factory", "Plant", "Branch", "Depot", "Hub", "Site", "Yard", "Headquarters", "Hq", "Region", "District",
	"County", "State", "City", "Town", "Village", "Republic", "Kingdom", "North", "South", "East",
	"West", "Northern", "Southern", "Eastern", "Western", "Central", "Upper", "Lower", "New", "Old",
	"Great", "Saint", "Mount", "Lake", "River", "Island", "Islands", "Valley", "Beach", "Bay", "Port",
	"Harbour", "Harbor",
)

// wordSet is a set of words with a one-bit test in front of its map:
// most words looked up (a person's name, a street's) are in none of the
// sets, and the bit, picked by the word's length and first and last bytes,
// turns them away without hashing the word (map lookups were 4 % of a
// scan of the bench corpus with NAME selected).
type wordSet struct {
	bits [wordSetBits / 64]uint64
	m    map[string]struct{}
}

// wordSetBits is the size of a wordSet's bit test: the largest set, about
// 320 words, sets under 8 % of it.
const wordSetBits = 4096

func setOf(words ...string) *wordSet {
	s := &wordSet{m: make(map[string]struct{}, len(words))}
	for _, w := range words {
		s.m[w] = struct{}{}
		b := wordBit(w)
		s.bits[b/64] |= 1 << (b % 64)
	}
	return s
}

// wordBit is w's bit in a wordSet's test; w is not empty.
func wordBit[S ~string | ~[]byte](w S) uint32 {
	h := uint32(w[0]) | uint32(w[len(w)-1])<<8 | uint32(len(w))<<16
	return (h * 0x9E3779B1) >> (32 - 12)
}

// has reports whether w is in the set, without allocating.
func (s *wordSet) has(w []byte) bool {
	if len(w) == 0 {
		return false
	}
	if b := wordBit(w); s.bits[b/64]&(1<<(b%64)) == 0 {
		return false
	}
	_, ok := s.m[string(w)]
	return ok
}

// addressAt matches a street address starting at data[p], in one of the
// forms most street addresses are written in:
//
//   - a house number, then one to four street words ending in a street
//     type: "221B Baker Street", "1600 Pennsylvania Ave", "12 W 42nd St.";
//   - a house number, then a street type that comes first, then its name:
//     "12 rue de Rivoli", "5 Avenida Paulista";
//   - one to three words of which the last ends in a German, Dutch or
//     Scandinavian street suffix, then the number: "Hauptstraße 12",
//     "Alte Gartenweg 5a", "Keizersgracht 123";
//   - a street type that comes first, its name, then the number:
//     "Calle Mayor 5", "Via Roma 10", "Rua Augusta, 45";
//   - a German preposition, its article, the name and the number, with no
//     street word at all: "Am Hafen 3", "An der Alster 65".
//
// A unit may follow: ", Apt 4B", " Suite 200", ", Flat 3".
func addressAt(data []byte, p int) int {
	if p >= len(data) {
		return 0
	}
	var end int
	switch c := data[p]; {
	case isDigit(c) && c != '0':
		// Not the end of a number: "1.12", "3-12", "4/12".
		if !wordBoundaryBefore(data, p) || (p >= 2 && isDigit(data[p-2]) && strings.IndexByte("-./,", data[p-1]) >= 0) {
			return 0
		}
		end = numberFirstAddress(data, p)
	case isUpper(c) || c >= 0xC0:
		if !wordBoundaryBefore(data, p) {
			return 0
		}
		end = nameFirstAddress(data, p)
	}
	if end == 0 {
		return 0
	}
	end = unitAfter(data, end)
	if end-p > maxAddressChars && utf8.RuneCount(data[p:end]) > maxAddressChars {
		return 0
	}
	return end
}

// houseNumberAt returns the end of a house number at data[i]: one to five
// digits, then optionally one letter or a range or fraction ("12-14",
// "3/1"); 0 if there is none or it runs on into a word.
func houseNumberAt(data []byte, i int) int {
	j := i
	for j < len(data) && isDigit(data[j]) && j-i < 6 {
		j++
	}
	if j == i || j-i > 5 || data[i] == '0' {
		return 0
	}
	if j+1 < len(data) && (data[j] == '-' || data[j] == '/') && isDigit(data[j+1]) {
		k := j + 1
		for k < len(data) && isDigit(data[k]) && k-j <= 4 {
			k++
		}
		j = k
	}
	if j < len(data) && isAlpha(data[j]) && (j+1 >= len(data) || !isAlnum(data[j+1])) {
		j++
	}
	if j < len(data) && isAlnum(data[j]) {
		return 0
	}
	return j
}

func numberFirstAddress(data []byte, p int) int {
	i := houseNumberAt(data, p)
	if i == 0 || i+1 >= len(data) {
		return 0
	}
	if data[i] == ',' {
		i++
	}
	if i >= len(data) || data[i] != ' ' {
		return 0
	}
	i++
	// "12 rue de Rivoli": a street type first, then a name; the type in
	// lower case or a particle after it ("12 Avenue des Ternes"), since a
	// count of things can read the same ("9 Place Settings").
	if e := streetWordAt(data, i); e > 0 && typeFirst(data[i:e]) && (isLower(data[i]) || particleFollows(data, e)) {
		if n := streetNameAfter(data, e); n > 0 {
			return n
		}
	}
	// "221B Baker Street": name words, then the type.
	names := 0
	for range 5 {
		e := streetWordAt(data, i)
		if e == 0 {
			return 0
		}
		w := data[i:e]
		if names > 0 {
			if streetTypes.has(w) {
				if e < len(data) && data[e] == '.' && abbreviatedTypes(w) {
					e++
				}
				return e
			}
		}
		if !capitalised(w) && !ordinal(w) && !(len(w) == 1 && isUpper(w[0])) {
			return 0
		}
		names++
		if e+1 >= len(data) || data[e] != ' ' {
			return 0
		}
		i = e + 1
	}
	return 0
}

func nameFirstAddress(data []byte, p int) int {
	e := streetWordAt(data, p)
	if e == 0 || !isUpperStart(data[p:]) {
		return 0
	}
	// "Calle Mayor 5": a street type first, then the name and the number.
	if typeFirst(data[p:e]) {
		n := streetNameAfter(data, e)
		if n == 0 {
			return 0
		}
		return numberAfter(data, n)
	}
	// "Am Hafen 3", "An der Alster 65": a German preposition first.
	if n := prepositionStreet(data, p, e); n > 0 {
		return n
	}
	// "Hauptstraße 12": up to three words, the last with a street suffix.
	i := p
	for range 3 {
		e := streetWordAt(data, i)
		if e == 0 || !isUpperStart(data[i:]) {
			return 0
		}
		if hasStreetSuffix(data[i:e]) {
			if e < len(data) && data[e] == '.' {
				e++ // "Hauptstr."
			}
			return numberAfter(data, e)
		}
		if e+1 >= len(data) || data[e] != ' ' {
			return 0
		}
		i = e + 1
	}
	return 0
}

// prepositionStreet returns the end of a German street named with a
// preposition and no street word, whose first word is data[p:e]: "Am
// Hafen 3", "Im Winkel 12a", "Zum Alten Hof 7", "An der Alster 65",
// "Unter den Linden 5", "Auf dem Berg, 2"; 0 if it is not one. The
// preposition is one contracted with its article (Am, Im, Zum, Zur,
// Beim) or one followed by the article; then one to three capitalised
// words, none a word of time or of a document ("Am Montag", "Im Jahr",
// "Auf der Seite"), and a house number of at most three digits ("Im Jahr
// 2020" is none).
func prepositionStreet(data []byte, p, e int) int {
	article := false
	switch string(data[p:e]) {
	case "Am", "Im", "Zum", "Zur", "Beim":
	case "An", "In", "Auf", "Unter", "Hinter", "Vor", "Bei", "Über", "Neben":
		article = true
	default:
		return 0
	}
	i := e
	if article {
		if i+1 >= len(data) || data[i] != ' ' {
			return 0
		}
		w := streetWordAt(data, i+1)
		switch string(data[i+1 : w]) {
		case "der", "den", "dem", "die", "das":
		default:
			return 0
		}
		i = w
	}
	end := 0
	for range 3 {
		if i+1 >= len(data) || data[i] != ' ' {
			break
		}
		w := streetWordAt(data, i+1)
		if w == 0 || !capitalised(data[i+1:w]) {
			break
		}
		if notPrepositionStreets.has(data[i+1 : w]) {
			return 0
		}
		end, i = w, w
	}
	if end == 0 {
		return 0
	}
	n := numberAfter(data, end)
	if n == 0 {
		return 0
	}
	d := end + 1
	if data[end] == ',' {
		d++
	}
	k := d
	for k < n && isDigit(data[k]) {
		k++
	}
	if k-d > 3 {
		return 0 // four digits or more: a year, a count
	}
	return n
}

// notPrepositionStreets are the nouns that follow a German preposition in
// phrases of time, of documents and of buildings, with a number after
// them: "Am Montag 3", "Im Jahr 2020", "Auf der Seite 12", "Im Raum 4".
var notPrepositionStreets = setOf(
	"Jahr", "Jahre", "Monat", "Woche", "Tag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag",
	"Samstag", "Sonntag", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
	"September", "Oktober", "November", "Dezember", "Ende", "Anfang", "Uhr", "Stunde", "Minute",
	"Kapitel", "Abschnitt", "Seite", "Artikel", "Absatz", "Paragraph", "Punkt", "Schritt", "Anhang",
	"Raum", "Zimmer", "Gleis", "Stock", "Etage", "Haus", "Gebäude", "Block", "Bereich", "Fall",
	"Regel", "Nähe", "Mitte", "Höhe", "Summe", "Folge", "Zeit", "Version", "Nummer", "Zeile", "Spalte",
	"Tabelle", "Liste", "Runde", "Phase", "Stufe",
)

// streetNameAfter returns the end of a street's name after a street type
// ending at e: one to four capitalised words, with particles ("de",
// "del", "da") between; 0 if none.
func streetNameAfter(data []byte, e int) int {
	end, names := 0, 0
	i := e
	for range 6 {
		if i+1 >= len(data) || data[i] != ' ' {
			break
		}
		w := streetWordAt(data, i+1)
		if w == 0 {
			break
		}
		word := data[i+1 : w]
		if capitalised(word) || ordinal(word) {
			names++
			end = w
		} else if !streetParticles.has(word) {
			break
		}
		if names == 4 {
			break
		}
		i = w
	}
	if names == 0 {
		return 0
	}
	return end
}

// particleFollows reports whether a street particle ("de", "des", "du")
// follows the word ending at e.
func particleFollows(data []byte, e int) bool {
	if e+1 >= len(data) || data[e] != ' ' {
		return false
	}
	w := streetWordAt(data, e+1)
	if w == 0 {
		return false
	}
	return streetParticles.has(data[e+1 : w])
}

// numberAfter returns the end of ", 45" or " 45" after data[:e], or 0.
func numberAfter(data []byte, e int) int {
	i := e
	if i < len(data) && data[i] == ',' {
		i++
	}
	if i >= len(data) || data[i] != ' ' {
		return 0
	}
	return houseNumberAt(data, i+1)
}

// unitAfter extends an address ending at e by a unit: ", Apt 4B",
// " Suite 200", ", Flat 3", " #12".
func unitAfter(data []byte, e int) int {
	i := e
	if i < len(data) && data[i] == ',' {
		i++
	}
	if i >= len(data) || data[i] != ' ' {
		return e
	}
	i++
	if i < len(data) && data[i] == '#' {
		i++
	} else {
		w := streetWordAt(data, i)
		if w == 0 {
			return e
		}
		if !unitWords.has(data[i:w]) {
			return e
		}
		i = w
		if i < len(data) && data[i] == '.' {
			i++
		}
		if i < len(data) && data[i] == ' ' {
			i++
		}
	}
	j := i
	for j < len(data) && isAlnum(data[j]) && j-i < 6 {
		j++
	}
	if j == i || !isDigit(data[i]) || (j < len(data) && isAlnum(data[j])) {
		return e
	}
	return j
}

// streetWordAt returns the end of a word at data[i]: letters (any script),
// digits, apostrophes and hyphens between them; 0 if none.
func streetWordAt(data []byte, i int) int {
	j := i
	for j < len(data) {
		c := data[j]
		if c < utf8.RuneSelf {
			if isAlnum(c) || ((c == '\'' || c == '-') && j > i && startsLetter(data[j+1:])) {
				j++
				continue
			}
			break
		}
		r, w := utf8.DecodeRune(data[j:])
		if !unicode.IsLetter(r) && !(r == '’' && j > i) {
			break
		}
		j += w
	}
	if j-i > 40 {
		return 0
	}
	return j
}

func isUpperStart(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return unicode.IsUpper(r)
}

// capitalised reports whether w is an upper-case letter and at least one
// lower-case letter, with no digit.
func capitalised(w []byte) bool {
	if !isUpperStart(w) {
		return false
	}
	lower := false
	for _, r := range string(w) {
		switch {
		case unicode.IsDigit(r):
			return false
		case unicode.IsLower(r):
			lower = true
		}
	}
	return lower
}

// ordinal reports whether w is an English ordinal street name: "5th",
// "42nd", "1st", "3rd".
func ordinal(w []byte) bool {
	n := len(w)
	if n < 3 || n > 5 || !isDigit(w[0]) {
		return false
	}
	i := 0
	for i < n && isDigit(w[i]) {
		i++
	}
	switch string(w[i:]) {
	case "st", "nd", "rd", "th":
		return i > 0
	}
	return false
}

func abbreviatedTypes(w []byte) bool { return len(w) <= 4 }

// typeFirst reports whether w is in typeFirstStreets, in either case
// ("Rue", "rue"), without allocating.
func typeFirst(w []byte) bool {
	var buf [16]byte
	if len(w) > len(buf) {
		return false
	}
	for i, c := range w {
		if isUpper(c) {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return typeFirstStreets.has(buf[:len(w)])
}

// hasStreetSuffix reports whether the word w ends in a street suffix of
// German, Dutch or the Scandinavian languages and is longer than it.
func hasStreetSuffix(w []byte) bool {
	for _, s := range streetSuffixes {
		if len(w) > len(s) && string(w[len(w)-len(s):]) == s {
			return true
		}
	}
	return false
}

var streetSuffixes = []string{
	"straße", "strasse", "str", "weg", "allee", "gasse", "platz", "ring", "damm", "ufer", "steig", "pfad",
	"gracht", "straat", "laan", "plein", "kade", "singel", "vej", "gade", "gatan", "vägen", "väg", "gata",
	"veien", "gaten",
}

// streetTypes are English street types, as written after the name.
var streetTypes = setOf(
	"Street", "St", "Avenue", "Ave", "Av", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Ln", "Drive", "Dr",
	"Court", "Ct", "Place", "Pl", "Way", "Terrace", "Ter", "Parkway", "Pkwy", "Highway", "Hwy", "Square",
	"Sq", "Circle", "Cir", "Crescent", "Cres", "Close", "Row", "Trail", "Alley", "Plaza", "Gardens", "Mews",
	"Walk", "Grove", "Hill", "Green",
)

// typeFirstStreets are street types written before the name (lower-case
// keys: "Rue" and "rue").
var typeFirstStreets = setOf(
	"rue", "avenue", "boulevard", "bd", "chemin", "allée", "impasse", "quai", "place", "calle", "avenida",
	"avda", "paseo", "plaza", "carrer", "via", "viale", "piazza", "corso", "largo", "vicolo", "rua",
	"travessa", "praça", "estrada", "rodovia", "ulica", "ul",
)

var streetParticles = setOf("de", "del", "des", "du", "la", "le", "les", "da", "das", "do", "dos",
	"di", "della", "dei", "degli", "delle", "of", "the", "y", "e", "i")

var unitWords = setOf("Apt", "Apartment", "Suite", "Ste", "Unit", "Flat", "Floor", "Fl", "Room", "Rm",
	"apt", "suite", "unit", "flat", "Wohnung", "Piso", "Étage")
