// Package demo embeds the project's own compilation of real militant attacks in Pakistan,
// January 2023 – October 2025 (139 incidents, each with cited sources; CC BY 4.0), which
// `sarhad serve --demo` loads into an empty store. DATA.md describes the columns, method,
// coverage and known biases.
package demo

import (
	"bytes"
	_ "embed"
	"io"
)

//go:embed incidents-pk-2023-2025.csv
var incidents []byte

//go:embed monthly-aggregates-pk-2023-2025.csv
var aggregates []byte

// IncidentsName is the file name of the bundled incidents, used in import summaries.
const IncidentsName = "incidents-pk-2023-2025.csv"

// Licence is the licence of the bundled data.
const Licence = "CC BY 4.0 (Sarhad project compilation of cited public sources)"

// Incidents returns the bundled incidents CSV, in the project's own CSV import format.
func Incidents() io.Reader { return bytes.NewReader(incidents) }

// Aggregates returns the bundled monthly/annual totals published by think tanks and
// official bodies, for comparing like with like.
func Aggregates() io.Reader { return bytes.NewReader(aggregates) }
