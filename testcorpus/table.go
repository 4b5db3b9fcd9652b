package testcorpus

import (
	"bufio"
	"strconv"
)

// column is one column of a generated table: a slot that may be planted, a
// column named for one of the free-text types (id: its values alone, the
// name its keyword), a name or address in every row (person), or (when
// fill is set) plain filler that never is.
type column struct {
	name   string
	slot   slotKind
	id     *idSpec
	person func(g *fileGen, b []byte) ([]byte, plant)
	fill   func(g *fileGen, b []byte, row int) []byte
}

func seqFill(_ *fileGen, b []byte, row int) []byte  { return strconv.AppendInt(b, int64(row+1), 10) }
func cityFill(g *fileGen, b []byte, _ int) []byte   { return append(b, pick(g.r, cities)...) }
func amountFill(g *fileGen, b []byte, _ int) []byte { return appendAmount(b, g.r) }
func statusFill(g *fileGen, b []byte, _ int) []byte { return append(b, pick(g.r, statuses)...) }
func clientNameFill(g *fileGen, b []byte, _ int) []byte {
	b = append(b, pick(g.r, services)...)
	b = append(b, "-client-"...)
	return strconv.AppendInt(b, int64(g.r.between(1, 400)), 10)
}

// customersColumns is a CRM customer export (the CSV formats).
var customersColumns = []column{
	{name: "id", fill: seqFill},
	{name: "customer_id", slot: slotUUID},
	{name: "name", person: (*fileGen).personName},
	{name: "email", slot: slotEmail},
	{name: "phone", slot: slotPhone},
	{name: "address", person: (*fileGen).personAddress},
	{name: "city", fill: cityFill},
	{name: "created_at", slot: slotISOTime},
	{name: "amount", fill: amountFill},
	{name: "card_number", slot: slotCardKeyword},
	{name: "ssn", slot: slotSSN},
	{name: "iban", slot: slotIBAN},
	{name: "order_id", slot: slotOrderID},
	{name: "payment_token", slot: slotCardNeutral},
	{name: "sha256", slot: slotSHA256},
	{name: "notes", slot: slotNotes},
}

// apiClientsColumns is an export of API clients with their credentials (the
// TSV format).
var apiClientsColumns = []column{
	{name: "client_id", slot: slotUUID},
	{name: "client_name", fill: clientNameFill},
	{name: "owner_email", slot: slotEmail},
	{name: "created_at", slot: slotUnixTime},
	{name: "last_seen_ms", slot: slotUnixTimeMS},
	{name: "aws_access_key_id", slot: slotAWSKeyID},
	{name: "aws_secret_access_key", slot: slotAWSSecret},
	{name: "session_token", slot: slotJWT},
	{name: "credit_card", slot: slotCardKeyword},
	{name: "ref", slot: slotCardNeutral},
	{name: "iban", slot: slotIBAN},
	{name: "md5", slot: slotMD5},
	{name: "sha1", slot: slotSHA1},
	{name: "status", fill: statusFill},
	{name: "comment", slot: slotNotes},
}

// employeesColumns is an HR export of staff in many countries (a second CSV
// format): each national identifier in a column whose name is one of its
// keywords.
var employeesColumns = []column{
	{name: "id", fill: seqFill},
	{name: "name", person: (*fileGen).personName},
	{name: "city", fill: cityFill},
	{name: "tfn", id: idSpecOf(TypeAustraliaTFN)},
	{name: "routing_number", id: idSpecOf(TypeUSABA)},
	{name: "bsn", id: idSpecOf(TypeNetherlandsBSN)},
	{name: "pesel", id: idSpecOf(TypePolandPESEL)},
	{name: "curp", id: idSpecOf(TypeMexicoCURP)},
	{name: "codice_fiscale", id: idSpecOf(TypeItalyFiscalCode)},
	{name: "steuerid", id: idSpecOf(TypeGermanyTaxID)},
	{name: "personnummer", id: idSpecOf(TypeSwedenPNR)},
	{name: "nric", id: idSpecOf(TypeSingaporeNRIC)},
	{name: "dea_number", id: idSpecOf(TypeUSDEA)},
	{name: "cnpj", id: idSpecOf(TypeBrazilCNPJ)},
	{name: "rut", id: idSpecOf(TypeChileRUT)},
	{name: "nhs_number", id: idSpecOf(TypeUKNHS)},
	{name: "aadhaar", id: idSpecOf(TypeIndiaAadhaar)},
	{name: "cpf", id: idSpecOf(TypeBrazilCPF)},
	{name: "nino", id: idSpecOf(TypeUKNINO)},
	{name: "cuil", id: idSpecOf(TypeArgentinaCUIT)},
	{name: "nit", id: idSpecOf(TypeColombiaNITOrg)},
	{name: "rfc", id: idSpecOf(TypeMexicoRFC)},
	{name: "nie", id: idSpecOf(TypeSpainNIE)},
	{name: "mbi", id: idSpecOf(TypeUSMBI)},
	{name: "itin", id: idSpecOf(TypeUSITIN)},
	{name: "ndc", id: idSpecOf(TypeUSNDC)},
	{name: "ehic", id: idSpecOf(TypeEHIC)},
	{name: "notes", slot: slotNotes},
}

// densityScale is how many values a row holds per slot that may hold an
// identifier, so that Density stays the fraction of all values planted.
func densityScale(cols []column) float64 {
	slots := 0
	for _, c := range cols {
		if c.fill == nil && c.person == nil && (c.id != nil || c.slot.positive()) {
			slots++
		}
	}
	return float64(len(cols)) / float64(slots)
}

// writeTable writes a header and g.rows rows separated by sep (',' quotes
// cells as RFC 4180 says; '\t' never needs to, since no value holds a tab,
// quote or newline).
func writeTable(cols []column, sep byte) func(g *fileGen, w *bufio.Writer) error {
	return func(g *fileGen, w *bufio.Writer) error {
		var row, cell []byte
		for i, c := range cols {
			if i > 0 {
				row = append(row, sep)
			}
			row = append(row, c.name...)
		}
		row = append(row, '\n')
		w.Write(row)
		for r := 0; r < g.rows; r++ {
			row = row[:0]
			for i, c := range cols {
				if i > 0 {
					row = append(row, sep)
				}
				var p plant
				switch {
				case c.fill != nil:
					cell = c.fill(g, cell[:0], r)
				case c.person != nil:
					cell, p = c.person(g, cell[:0])
				case c.id != nil:
					cell, p = g.idSlot(cell[:0], c.id)
				default:
					cell, p = g.slot(cell[:0], c.slot)
				}
				if p.planted() {
					g.record(p, Location{Cell: &Cell{Row: int64(r) + 2, Column: int64(i) + 1, ColumnName: c.name}})
				}
				row = appendCSVCell(row, cell, sep)
			}
			row = append(row, '\n')
			if _, err := w.Write(row); err != nil {
				return err
			}
		}
		return nil
	}
}

func appendCSVCell(b, cell []byte, sep byte) []byte {
	if sep != ',' || !needsQuotes(cell) {
		return append(b, cell...)
	}
	b = append(b, '"')
	for _, c := range cell {
		if c == '"' {
			b = append(b, '"')
		}
		b = append(b, c)
	}
	return append(b, '"')
}

func needsQuotes(cell []byte) bool {
	for _, c := range cell {
		if c == ',' || c == '"' || c == '\n' || c == '\r' {
			return true
		}
	}
	return len(cell) > 0 && (cell[0] == ' ' || cell[len(cell)-1] == ' ')
}
