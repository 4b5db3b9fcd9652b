package testcorpus

import "bufio"

// format is one row of the generator's table of formats. Adding a format
// (Parquet, Avro, archives) is adding a row.
type format struct {
	name   string // what Options.Formats selects, and the stream the file's seed derives from
	dir    string // directory under the corpus root
	stem   string // file name stem
	ext    string // file name extension, with its dot
	format string // FileInfo.Format
	gzip   bool   // compress the written bytes with gzip
	// scale is how many values a row, record or line holds per slot that may
	// hold an identifier: a slot is planted with chance Density*scale, so
	// that about Density of all values are planted identifiers.
	scale float64
	write func(g *fileGen, w *bufio.Writer) error
}

// textScale: a line of text counts as this many values.
const textScale = 5

var formats = []format{
	{name: "txt", dir: "txt", stem: "notes", ext: ".txt", format: "txt", scale: textScale, write: writeTxt},
	{name: "log", dir: "log", stem: "app", ext: ".log", format: "log", scale: textScale, write: writeLog},
	{name: "csv", dir: "csv", stem: "customers", ext: ".csv", format: "csv", scale: densityScale(customersColumns), write: writeTable(customersColumns, ',')},
	{name: "csv-employees", dir: "csv", stem: "employees", ext: ".csv", format: "csv", scale: densityScale(employeesColumns), write: writeTable(employeesColumns, ',')},
	{name: "tsv", dir: "tsv", stem: "api_clients", ext: ".tsv", format: "tsv", scale: densityScale(apiClientsColumns), write: writeTable(apiClientsColumns, '\t')},
	{name: "json", dir: "json", stem: "crm_export", ext: ".json", format: "json", scale: 16.0 / 6, write: writeCustomersJSON},
	{name: "json-array", dir: "json", stem: "accounts", ext: ".json", format: "json", scale: 14.0 / 8, write: writeAccountsJSON},
	{name: "jsonl", dir: "jsonl", stem: "orders", ext: ".jsonl", format: "jsonl", scale: 18.0 / 6, write: writeOrdersJSONL},
	{name: "csv.gz", dir: "gz", stem: "customers", ext: ".csv.gz", format: "csv.gz", gzip: true, scale: densityScale(customersColumns), write: writeTable(customersColumns, ',')},
	{name: "jsonl.gz", dir: "gz", stem: "orders", ext: ".jsonl.gz", format: "jsonl.gz", gzip: true, scale: 18.0 / 6, write: writeOrdersJSONL},
	// Columnar formats and archives: formats_columnar.go.
	{name: "parquet", dir: "parquet", stem: "customers", ext: ".parquet", format: "parquet", scale: 9.0 / 7, write: writeParquetCustomers},
	{name: "parquet-nested", dir: "parquet", stem: "accounts", ext: ".parquet", format: "parquet", scale: 12.0 / 8, write: writeParquetAccounts},
	{name: "avro", dir: "avro", stem: "orders", ext: ".avro", format: "avro", scale: 13.0 / 6, write: writeAvroOrders("deflate")},
	{name: "avro-zstd", dir: "avro", stem: "orders_zstd", ext: ".avro", format: "avro", scale: 13.0 / 6, write: writeAvroOrders("zstandard")},
	{name: "avro-snappy", dir: "avro", stem: "orders_snappy", ext: ".avro", format: "avro", scale: 13.0 / 6, write: writeAvroOrders("snappy")},
	{name: "zip", dir: "archives", stem: "exports", ext: ".zip", format: "zip", scale: densityScale(customersColumns),
		write: writeZipOf(archiveMember{"customers.csv", writeTable(customersColumns, ',')}, archiveMember{"events/orders.jsonl", writeOrdersJSONL})},
	{name: "tar.gz", dir: "archives", stem: "backup", ext: ".tar.gz", format: "tar.gz", gzip: true, scale: densityScale(apiClientsColumns),
		write: writeTarOf(archiveMember{"db/accounts.json", writeAccountsJSON}, archiveMember{"db/api_clients.tsv", writeTable(apiClientsColumns, '\t')})},
	{name: "zip-in-tar.gz", dir: "archives", stem: "bundle", ext: ".tar.gz", format: "tar.gz", gzip: true, scale: densityScale(customersColumns),
		write: writeTarOf(archiveMember{"exports/customers.zip", writeZipOf(archiveMember{"customers.csv", writeTable(customersColumns, ',')})}, archiveMember{"orders.jsonl", writeOrdersJSONL})},
}

// FormatNames lists the names Options.Formats accepts, in generation order.
func FormatNames() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return names
}

func formatByName(name string) *format {
	for i := range formats {
		if formats[i].name == name {
			return &formats[i]
		}
	}
	return nil
}
