package detectors

import (
	"bytes"
	"strings"
	"testing"
)

func TestFieldQualifier(t *testing.T) {
	tests := []struct {
		field, want string // want "" when nothing qualifies "name"
	}{
		{"product_name", "product"},
		{"productName", "product"},
		{"ProductName", "Product"},
		{"SKUName", "SKU"},
		{"Product Name", "Product"},
		{"item-name", "item"},
		{"$.items[].name", "items"},
		{"$.items[3].name", "items"},
		{"$.order.line_items[12].name", "items"},
		{"$.order.lineItems[].name", "Items"},
		{"/catalog/products/0/name", "products"},
		{"customer.name", "customer"},
		{"$.customer.name", "customer"},
		{"company_contact_name", "contact"},
		{"$.items[].customer_name", "customer"},
		{"name", ""},
		{"$.name", ""},
		{"$[0].name", ""},
		{"NAME", ""},
		{"$.items[].name.first", ""}, // last word is not "name"
		{"product_names", ""},
		{"nameplate", ""},
		{"", ""},
		{"$.[].", ""},
		{"_name", ""},
		{"$.items[]._name_", "items"},
	}
	for _, tt := range tests {
		q, ok := fieldQualifier(tt.field, "name")
		if string(q) != tt.want || ok != (tt.want != "") {
			t.Errorf("fieldQualifier(%q) = %q, %v; want %q", tt.field, q, ok, tt.want)
		}
	}
}

func TestLastWord(t *testing.T) {
	tests := []struct{ s, word, rest string }{
		{"product_name", "name", "product"},
		{"productName", "Name", "product"},
		{"SKUName", "Name", "SKU"},
		{"productSKU", "SKU", "product"},
		{"item2Name", "Name", "item2"},
		{"Müller Name", "Name", "Müller"},
		{"name", "name", ""},
		{"name__", "name", ""},
		{"", "", ""},
		{"__", "", ""},
	}
	for _, tt := range tests {
		w, r := lastWord([]byte(tt.s))
		if string(w) != tt.word || string(r) != tt.rest {
			t.Errorf("lastWord(%q) = %q, %q; want %q, %q", tt.s, w, r, tt.word, tt.rest)
		}
	}
}

func TestSingular(t *testing.T) {
	for in, want := range map[string]string{
		"items": "item", "categories": "category", "companies": "company", "products": "product",
		"address": "address", "status": "status", "business": "business", "bus": "bus", "ties": "tie",
		"item": "item", "is": "is", "series": "sery",
	} {
		if got := string(singular([]byte(in))); got != want {
			t.Errorf("singular(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFieldThingsInText(t *testing.T) {
	ft := &fieldThings{keyword: "name", things: map[string]bool{"product": true, "item": true, "company": true}}
	tests := []struct {
		text string
		want bool
	}{
		{"product name: Red Mug", true},
		{"Product Name: Red Mug", true},
		{"products name Red Mug", true},
		{"item_name=Red Mug", true},
		{"item-name Red Mug", true},
		{"itemName Red Mug", true},
		{"companies   name Red Mug", true},
		{"customer name: Anna Müller", false},
		{"product, name: Anna Müller", false},
		{"product:name Anna Müller", false},
		{"product    name Anna", false}, // more than 3 separators: not joined
		{"name: Anna Müller", false},
	}
	for _, tt := range tests {
		text := []byte(tt.text)
		i := bytes.Index(bytes.ToLower(text), []byte("name"))
		got := i >= 0 && ft.qualifies(text, i, i+4)
		if got != tt.want {
			t.Errorf("qualifies(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
	// Only the ambiguous keyword itself is qualified: "full name" is a
	// person's whatever comes before it.
	text := []byte("product full name Anna")
	if ft.qualifies(text, 8, 17) {
		t.Error(`"full name" taken as the ambiguous keyword`)
	}
}

func TestFieldThingsCompile(t *testing.T) {
	base := Spec{ID: "TEST_NAME", Category: CategoryPersonal, Name: "test", Keywords: []string{"name", "customer"},
		KeywordRequired: true, Matcher: "shape", Shape: &Shape{At: nameAt, AtMax: maxNameChars}, Severity: severityByCount}
	for _, tt := range []struct {
		ft   FieldThings
		want string // "" for no error
	}{
		{FieldThings{Keyword: "name", Things: []string{"product"}}, ""},
		{FieldThings{Keyword: "title", Things: []string{"product"}}, "not one of the keywords"},
		{FieldThings{Keyword: "name", Things: []string{"products"}}, "singular"},
		{FieldThings{Keyword: "name", Things: []string{"Product"}}, "lowercase"},
		{FieldThings{Keyword: "name"}, "with things"},
		{FieldThings{Keyword: "Name", Things: []string{"product"}}, "one lowercase word"},
	} {
		sp := base
		ft := tt.ft
		sp.FieldThings = &ft
		e := &Engine{}
		err := e.addManaged(&sp)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%+v: %v", tt.ft, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%+v: error %v, want one saying %q", tt.ft, err, tt.want)
		}
	}
}

func FuzzFieldQualifier(f *testing.F) {
	for _, s := range []string{"product_name", "$.items[3].name", "SKUName", "name", "$.[].", "Müller Name", "a\x00name"} {
		f.Add(s)
	}
	ft := &fieldThings{keyword: "name", things: map[string]bool{"item": true}}
	f.Fuzz(func(t *testing.T, field string) {
		q, ok := fieldQualifier(field, "name")
		if ok != (len(q) > 0) || ok && !strings.Contains(field, string(q)) {
			t.Fatalf("fieldQualifier(%q) = %q, %v", field, q, ok)
		}
		_ = ft.about(field)
		text := []byte(field)
		for i := 0; i+4 <= len(text); i++ {
			_ = ft.qualifies(text, i, i+4)
		}
	})
}

// TestExplainFieldThings: `identifiers test` says which thing a NAME
// candidate's keyword names, from the field name or the text, and a
// keyword with no thing before it still matches.
func TestExplainFieldThings(t *testing.T) {
	e := mustCompile(t, Options{Managed: []string{"NAME"}})
	for _, tc := range []struct{ field, text, want string }{
		{"product_name", "Red Mug", `the keyword "name" names a thing here: product`},
		{"$.items[2].name", "Red Mug", `the keyword "name" names a thing here: items`},
		{"", "product name: Red Mug", `the keyword "name" names a thing here: product`},
		{"", "Red Mug is the companyName", `the keyword "name" names a thing here: company`},
		{"", "Red Mug", "no keyword within 15 characters"},
		{"customer_name", "Red Mug", ""},
		{"", "customer name: Red Mug", ""},
	} {
		x := e.Explain([]byte(tc.text), tc.field)
		if len(x) != 1 || x[0].Reason != tc.want {
			t.Errorf("%q in field %q: got %+v, want one candidate, reason %q", tc.text, tc.field, x, tc.want)
		}
	}
}
