package testcorpus

import "strconv"

// People's names and street addresses: Macie's machine-learned types.
// Every full name (first and last name as written) and every street address
// the generator writes is a label, in free text (the phrases below) and in
// the name, holder and address fields of the tables and JSON files; filler
// holds neither. A name in a field may repeat in a file (a customer is also
// the holder of their cards), so these labels are not held to the promise
// that a file's values are unique.
const (
	TypeName    = "NAME"
	TypeAddress = "ADDRESS"
)

// Kinds of hard negatives of the people types.
const (
	NegNotAName     = "not_a_name"     // a capitalised phrase that names no person ("June Report", "Austin Office")
	NegNotAnAddress = "not_an_address" // a number and capitalised words that are no address ("3 Drive Bays")
)

// peopleTypes are the types this file plants.
var peopleTypes = []string{TypeName, TypeAddress}

// fullName returns a first and a last name as written.
func fullName(r *rng) string {
	f, l := randomPerson(r)
	return string(appendName(nil, f, l))
}

// streetAddress returns the street line of an address, in the forms of the
// countries the corpus's people live in: "1600 Maple Avenue, Apt 4",
// "Hauptstraße 12a", "Calle Mayor, 5", "12 rue de Rivoli", and the forms
// without a street word, named with a German preposition ("Am Hafen 3").
func streetAddress(r *rng) string {
	var b []byte
	switch r.intn(8) {
	case 0, 1, 2: // English: number, name, type, unit
		b = strconv.AppendInt(b, int64(r.between(1, 9999)), 10)
		if r.intn(8) == 0 {
			b = append(b, byte('A'+r.intn(4)))
		}
		b = append(b, ' ')
		if r.intn(6) == 0 {
			b = append(b, pick(r, []string{"N ", "S ", "E ", "W "})...)
		}
		b = append(b, pick(r, englishStreetNames)...)
		b = append(b, ' ')
		b = append(b, pick(r, englishStreetTypes)...)
		switch r.intn(6) {
		case 0:
			b = append(b, ", Apt "...)
			b = strconv.AppendInt(b, int64(r.between(1, 40)), 10)
		case 1:
			b = append(b, " Suite "...)
			b = strconv.AppendInt(b, int64(r.between(100, 1200)), 10)
		}
	case 3, 4: // German, Dutch, Scandinavian: name, then number
		b = append(b, pick(r, suffixStreets)...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(r.between(1, 199)), 10)
		if r.intn(6) == 0 {
			b = append(b, byte('a'+r.intn(3)))
		}
	case 5: // Spanish, Italian, Portuguese: type, name, number
		b = append(b, pick(r, typeFirstStreetNames)...)
		b = append(b, pick(r, []string{" ", ", "})...)
		b = strconv.AppendInt(b, int64(r.between(1, 250)), 10)
	case 6: // French: number, type, name
		b = strconv.AppendInt(b, int64(r.between(1, 120)), 10)
		b = append(b, ' ')
		b = append(b, pick(r, frenchStreets)...)
	default: // no street word at all
		b = append(b, pick(r, plainStreets)...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(r.between(1, 99)), 10)
	}
	return string(b)
}

// notAName returns a capitalised two-word phrase that is no person's name:
// a month, a day or a city and a word for a thing, a place or an event.
func notAName(r *rng) string {
	if r.intn(2) == 0 {
		return pick(r, timeWords) + " " + pick(r, thingWords)
	}
	return pick(r, cities[:20]) + " " + pick(r, placeWords)
}

// notAnAddress returns a number and capitalised words that read like the
// start of an address but are a count of things: "3 Drive Bays".
func notAnAddress(r *rng) string {
	return strconv.Itoa(r.between(2, 12)) + " " + pick(r, countedThings)
}

var peopleSpecs = []idSpec{
	{typ: TypeName, gen: fullName,
		phrases: []phrase{
			{"Dear ", " and team, thank you for your patience."}, {"Customer name: ", ""}, {"Contact person ", " called back."},
			{"Account holder ", " signed the form."}, {"Attn: ", ""}, {"Patient ", " was discharged."},
			{"Mr. ", " confirmed."}, {"Ms. ", " will join on Monday."},
			// no keyword: a name in plain prose
			{"", " confirmed the delivery."}, {"Spoke with ", " about the order."}, {"Forwarded by ", " yesterday."},
		},
		negs: []idNeg{{NegNotAName, false, notAName}}},
	{typ: TypeAddress, gen: streetAddress,
		phrases: []phrase{
			{"Shipping address: ", ""}, {"Billing address ", " confirmed."}, {"New address: ", " from next month."},
			{"Ship to ", " before noon."}, {"address=", ""},
			// no keyword
			{"Moved to ", " last spring."}, {"Parcel left at ", " with a neighbour."},
		},
		negs: []idNeg{{NegNotAnAddress, false, notAnAddress}}},
}

// personName writes a full name in a name or holder field, as a label,
// while the file has room for NAME labels (nothing after that, nor at
// density 0).
func (g *fileGen) personName(b []byte) ([]byte, plant) {
	if g.pPos == 0 || !g.room(TypeName) {
		return b, plant{}
	}
	f, l := randomPerson(g.r)
	off := len(b)
	b = appendName(b, f, l)
	v := string(b[off:])
	return b, plant{text: v, typ: TypeName, value: v, off: off}
}

// personAddress writes a street address in an address field, as a label,
// while the file has room for ADDRESS labels.
func (g *fileGen) personAddress(b []byte) ([]byte, plant) {
	if g.pPos == 0 || !g.room(TypeAddress) {
		return b, plant{}
	}
	v := streetAddress(g.r)
	return append(b, v...), plant{text: v, typ: TypeAddress, value: v, off: len(b)}
}

// personText is personName or personAddress for a columnar record field at
// path, recorded there.
func (g *fileGen) personText(fill func([]byte) ([]byte, plant), idx int64, path string) string {
	b, p := fill(nil)
	if p.planted() {
		g.record(p, Location{Record: &Record{RecordIndex: idx, JSONPath: path}})
	}
	return string(b)
}
