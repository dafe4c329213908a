// Package csvtab reads the gazetteer's CSV tables: a header row, '#' comment lines, cells
// trimmed, each row a map from column to value. The generator and the package share it.
package csvtab

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// Read reads a table; name only labels errors.
func Read(r io.Reader, name string) ([]map[string]string, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: no header", name)
	}
	rows := make([]map[string]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		m := make(map[string]string, len(rec))
		for i, h := range recs[0] {
			m[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = strings.TrimSpace(rec[i])
		}
		rows = append(rows, m)
	}
	return rows, nil
}
