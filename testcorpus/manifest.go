package testcorpus

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// Identifier types planted by the generator, spelled as Macie spells its
// managed data identifier IDs.
const (
	TypeCreditCard          = "CREDIT_CARD_NUMBER"
	TypeCreditCardNoKeyword = "CREDIT_CARD_NUMBER_(NO_KEYWORD)"
	TypeSSN                 = "USA_SOCIAL_SECURITY_NUMBER"
	TypeAWSCredentials      = "AWS_CREDENTIALS"
	TypeOpenSSHPrivateKey   = "OPENSSH_PRIVATE_KEY"
	TypePKCS                = "PKCS"
	TypeJWT                 = "JSON_WEB_TOKEN"
	TypeEmail               = "EMAIL_ADDRESS"
	TypeGermanIBAN          = "GERMANY_BANK_ACCOUNT_NUMBER"
)

// Types lists every identifier type the generator plants, in a stable order:
// the sample's types, the national identifiers, the per-country IBANs, then
// people's names and addresses.
var Types = concat(sampleTypes, nationalTypes, countryIBANTypes(), peopleTypes)

// sampleTypes are the types the bundled sample (testcorpus/sample) holds.
var sampleTypes = []string{
	TypeCreditCard, TypeCreditCardNoKeyword, TypeSSN, TypeAWSCredentials,
	TypeOpenSSHPrivateKey, TypePKCS, TypeJWT, TypeEmail, TypeGermanIBAN,
	TypeIPAddress, TypeUKNINO, TypeCanadaSIN, TypeIndiaAadhaar, TypeBrazilCPF, TypeSpainDNI, TypeVIN,
	TypeUSNPI, TypeUKNHS, TypeJapanMyNumber, TypeJapanCorporate, TypeFranceIBAN, TypeSpainIBAN,
	TypeItalyIBAN, TypeUKIBAN, TypeGCPAPIKey, TypeStripeCredentials, TypeHTTPBasicAuthHeader,
}

var nationalTypes = []string{
	TypeAustraliaMedicare, TypeAustraliaTFN, TypeBrazilCNPJ, TypeCanadaHealth, TypeChileRUT, TypeChinaResidentID,
	TypeFranceNIR, TypeFranceTaxID, TypeGermanyTaxID, TypeItalyFiscalCode, TypeKoreaRRN, TypeMexicoCURP,
	TypeNetherlandsBSN, TypePolandPESEL, TypeSingaporeNRIC, TypeSpainDrivers, TypeSpainNIE, TypeSpainNIF,
	TypeSpainSSN, TypeSwedenPNR, TypeUSABA, TypeUSDEA,
	TypeArgentinaCUIT, TypeArgentinaCUITOrg, TypeColombiaNIT, TypeColombiaNITOrg, TypeFinlandDrivers,
	TypeFranceNationalID, TypeMexicoRFC, TypeMexicoRFCOrg, TypeSpainTIN, TypeSwedenDrivers,
	TypeArgentinaSUBE, TypeMedicalDeviceUDI, TypeMagStripe,
	TypeIndiaPAN, TypeUSMBI, TypeUSITIN, TypeUSNDC, TypeGermanyIDCard, TypeUSHICN, TypeEHIC, TypeBrazilRG, TypeHTTPCookie, TypeGermanyPass, TypeUSHCPCS,
}

// Manifest is the ground truth for one generated corpus: every file, every
// planted identifier (Labels) and every planted hard negative (Negatives).
// A value anywhere in the corpus that is neither labeled nor listed is filler
// built not to match any identifier, so any finding outside Labels is a false
// positive.
type Manifest struct {
	Seed      int64      `json:"seed"`
	Files     []FileInfo `json:"files"`
	Labels    []Label    `json:"labels"`
	Negatives []Negative `json:"negatives"`
}

// FileInfo is one generated file.
type FileInfo struct {
	// Path is relative to the corpus directory, with '/' separators.
	Path string `json:"path"`
	// Format is the file's format: txt, log, csv, tsv, json, jsonl, csv.gz,
	// jsonl.gz, parquet, avro, zip, tar.gz.
	Format string `json:"format"`
	// Size is the file's size in bytes.
	Size int64 `json:"size"`
}

// Label is one planted identifier: a detector must report Type at Location
// in File. Within one file no two labels share a type and a location.
type Label struct {
	File     string   `json:"file"`
	Type     string   `json:"type"`
	Location Location `json:"location"`

	value string // the planted value, for the package's own tests; never written
}

// Negative is one planted hard negative: nothing may be reported at Location
// in File. A negative never shares its location (line, cell or JSON path)
// with a label.
type Negative struct {
	File     string   `json:"file"`
	Kind     string   `json:"kind"`
	Location Location `json:"location"`

	value string
}

// Location is where a value is, in Macie's occurrence terms; exactly one
// of LineRange, Cell and Record is set.
type Location struct {
	LineRange *LineRange `json:"lineRange,omitempty"`
	Cell      *Cell      `json:"cell,omitempty"`
	Record    *Record    `json:"record,omitempty"`
	// Embedded is set when the value is in a file inside an archive: that
	// file's path in the archive, as Macie's embeddedFileDetails.filePath
	// gives it, nested archives joined with '/'
	// ("exports/customers.zip/customers.csv"). The other fields locate the
	// value in that file.
	Embedded string `json:"embedded,omitempty"`
}

// LineRange locates a value in a text file. Start and End are 1-based line
// numbers (equal unless the value spans lines, as a private key block does);
// StartColumn is the 1-based column, in characters (runes), of the value's
// first character on line Start.
type LineRange struct {
	Start       int64 `json:"start"`
	End         int64 `json:"end"`
	StartColumn int64 `json:"startColumn"`
}

// Cell locates a value in a CSV or TSV file. Row is 1-based with the header
// as row 1, so the first data row is row 2; Column is 1-based; ColumnName is
// the header of that column.
type Cell struct {
	Row        int64  `json:"row"`
	Column     int64  `json:"column"`
	ColumnName string `json:"columnName"`
}

// Record locates a value in a JSON or JSON Lines file. For a JSON file
// RecordIndex is 0 and JSONPath runs from the document root
// ("$.customers[3].ssn", "$[3].ssn" for a top-level array); for JSON Lines
// RecordIndex is the 0-based line index and JSONPath runs from that line's
// root.
type Record struct {
	RecordIndex int64  `json:"recordIndex"`
	JSONPath    string `json:"jsonPath"`
}

// String renders a location compactly for messages, e.g. "line 3 col 7",
// "row 5 col 2 (email)", "record 0 $.customers[1].ssn", "in a.zip/b.csv: row
// 5 col 2 (email)".
func (l Location) String() string {
	if l.Embedded != "" {
		inner := l
		inner.Embedded = ""
		return "in " + l.Embedded + ": " + inner.String()
	}
	switch {
	case l.LineRange != nil:
		if l.LineRange.End != l.LineRange.Start {
			return fmt.Sprintf("lines %d-%d col %d", l.LineRange.Start, l.LineRange.End, l.LineRange.StartColumn)
		}
		return fmt.Sprintf("line %d col %d", l.LineRange.Start, l.LineRange.StartColumn)
	case l.Cell != nil:
		return fmt.Sprintf("row %d col %d (%s)", l.Cell.Row, l.Cell.Column, l.Cell.ColumnName)
	case l.Record != nil:
		return fmt.Sprintf("record %d %s", l.Record.RecordIndex, l.Record.JSONPath)
	}
	return "nowhere"
}

// LoadManifest reads a manifest written by Generate.
func LoadManifest(path string) (*Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load manifest: %w", err)
	}
	defer f.Close()
	var m Manifest
	dec := json.NewDecoder(bufio.NewReader(f))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("load manifest %s: %w", path, err)
	}
	for i, l := range m.Labels {
		if err := l.Location.check(); err != nil {
			return nil, fmt.Errorf("load manifest %s: label %d: %w", path, i, err)
		}
	}
	for i, n := range m.Negatives {
		if err := n.Location.check(); err != nil {
			return nil, fmt.Errorf("load manifest %s: negative %d: %w", path, i, err)
		}
	}
	return &m, nil
}

func (l Location) check() error {
	n := 0
	if l.LineRange != nil {
		n++
	}
	if l.Cell != nil {
		n++
	}
	if l.Record != nil {
		n++
	}
	if n != 1 {
		return errors.New("location must have exactly one of lineRange, cell, record")
	}
	return nil
}

// WriteFile writes the manifest as JSON to path, one file, label or negative
// per line so that large manifests stay readable and diffable.
func (m *Manifest) WriteFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<16)
	werr := m.write(w)
	if werr == nil {
		werr = w.Flush()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("write manifest %s: %w", path, werr)
	}
	return nil
}

func (m *Manifest) write(w *bufio.Writer) error {
	fmt.Fprintf(w, "{\n  \"seed\": %d,\n", m.Seed)
	if err := writeList(w, "files", m.Files, false); err != nil {
		return err
	}
	if err := writeList(w, "labels", m.Labels, false); err != nil {
		return err
	}
	if err := writeList(w, "negatives", m.Negatives, true); err != nil {
		return err
	}
	_, err := w.WriteString("}\n")
	return err
}

func writeList[T any](w *bufio.Writer, name string, xs []T, last bool) error {
	fmt.Fprintf(w, "  %q: [", name)
	for i := range xs {
		b, err := json.Marshal(&xs[i])
		if err != nil {
			return err
		}
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString("\n    ")
		w.Write(b)
	}
	if len(xs) > 0 {
		w.WriteString("\n  ")
	}
	w.WriteByte(']')
	if !last {
		w.WriteByte(',')
	}
	_, err := w.WriteString("\n")
	return err
}
