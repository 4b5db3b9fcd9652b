package testcorpus

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/hamba/avro/v2/ocf"
	pq "github.com/parquet-go/parquet-go"
)

// auditColumnar reads back the columnar formats and archives with their
// libraries (parquet-go, hamba/avro, archive/zip, archive/tar): each
// Parquet row or Avro record is turned into JSON and audited as a JSON
// record, and each archive member by its extension, its locations getting
// Embedded. ok is false for a format it does not know.
func (a *auditedFile) auditColumnar(file, format string, data []byte) (ok bool, err error) {
	switch format {
	case "parquet":
		if strings.Contains(file, "accounts") {
			return true, auditRows[pqAccountRow](a, file, data)
		}
		return true, auditRows[pqCustomerRow](a, file, data)
	case "avro":
		dec, err := ocf.NewDecoder(bytes.NewReader(data))
		if err != nil {
			return true, err
		}
		for idx := int64(0); dec.HasNext(); idx++ {
			var o avroOrder
			if err := dec.Decode(&o); err != nil {
				return true, err
			}
			if err := a.auditAsJSON(file, idx, &o); err != nil {
				return true, err
			}
		}
		return true, dec.Error()
	case "zip", "tar":
		return true, a.auditArchive(file, format, data, "")
	}
	return false, nil
}

func auditRows[T any](a *auditedFile, file string, data []byte) error {
	rows, err := pq.Read[T](bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	for i := range rows {
		if err := a.auditAsJSON(file, int64(i), &rows[i]); err != nil {
			return err
		}
	}
	return nil
}

func (a *auditedFile) auditAsJSON(file string, idx int64, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return err
	}
	a.auditJSON(file, idx, "$", nil, doc)
	return nil
}

// auditArchive audits every member of a zip or tar archive.
func (a *auditedFile) auditArchive(file, format string, data []byte, prefix string) error {
	each := func(name string, body []byte) error {
		m := &auditedFile{values: map[string]string{}}
		emb := prefix + name
		var err error
		switch path.Ext(name) {
		case ".csv":
			err = m.auditTable(file, body, ',')
		case ".tsv":
			err = m.auditTable(file, body, '\t')
		case ".json":
			var doc any
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.UseNumber()
			if err = dec.Decode(&doc); err == nil {
				m.auditJSON(file, 0, "$", nil, doc)
			}
		case ".jsonl":
			sc := bufio.NewScanner(bytes.NewReader(body))
			sc.Buffer(nil, 1<<20)
			for idx := int64(0); sc.Scan(); idx++ {
				var doc any
				dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
				dec.UseNumber()
				if err = dec.Decode(&doc); err != nil {
					break
				}
				m.auditJSON(file, idx, "$", nil, doc)
			}
		case ".zip":
			return a.auditArchive(file, "zip", body, emb+"/")
		default:
			return fmt.Errorf("archive member %s: no audit for it", emb)
		}
		// Merge, placing every location in the member.
		for _, f := range m.found {
			f.Location.Embedded = emb
			a.found = append(a.found, f)
		}
		for _, f := range m.people {
			f.Location.Embedded = emb
			a.people = append(a.people, f)
		}
		for k, v := range m.values {
			a.values["in "+emb+": "+k] = v
		}
		for _, p := range m.problems {
			a.problems = append(a.problems, "in "+emb+": "+p)
		}
		return err
	}
	switch format {
	case "zip":
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return err
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				return err
			}
			body, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return err
			}
			if err := each(f.Name, body); err != nil {
				return err
			}
		}
	case "tar":
		tr := tar.NewReader(bytes.NewReader(data))
		for {
			hdr, err := tr.Next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			body, err := io.ReadAll(tr)
			if err != nil {
				return err
			}
			if err := each(hdr.Name, body); err != nil {
				return err
			}
		}
	}
	return nil
}
