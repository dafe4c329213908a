package sarhad

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math"
	"strings"
	"time"
)

// Report is one account of something that happened, as received: from a data set row, an
// API call, a text, or a border-post alert. Reports are immutable: a correction is a new
// report. Hash identifies the content, so the same report imported twice is stored once.
type Report struct {
	// ID is the report's identifier as given by its producer ("r-17", "gtd-201301010001").
	ID string
	// Hash is the hex SHA-256 of the content (see ComputeHash); set by the store if empty.
	Hash string
	// Source names the outlet, agency, data set or sensor ("Dawn", "GTD", "ACLED").
	Source            string
	SourceReliability Reliability
	// Dataset is set for rows of a curated data set ("gtd", "acled", "ucdp", "pbc"): fusion
	// never puts two rows of the same data set into one event.
	Dataset    string
	ReportedAt time.Time
	Text       string

	Date        Date
	Location    Location
	Perpetrator string // canonical actor name, UnknownActor when none
	// PerpetratorRaw is the name as the source wrote it, kept for provenance.
	PerpetratorRaw string
	Attribution    Attribution
	AttackType     AttackType
	TargetType     TargetType
	Killed         Tally
	Injured        Count
	Hostages       Count
	CrossBorder    Nexus

	Marking Marking
	// Owner is the agency that owns the report.
	Owner string
	// Evidence maps field names to where in Text they were read (extracted reports only).
	Evidence map[string]Evidence
}

// Evidence is where an extracted field came from in a report's text. Start and End are
// character (Unicode code point) offsets into the text, end exclusive, as INTERCHANGE.md
// says: a tool in any language can check that the text's characters Start..End are Snippet.
// An inferred field (read from the absence of something, such as no deaths reported) has no
// span and Inferred set; fusion treats it as weaker than any stated figure.
type Evidence struct {
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Snippet    string  `json:"snippet"`
	Confidence float64 `json:"confidence"`
	Inferred   bool    `json:"inferred,omitempty"`
}

// Validate checks a report's own consistency; unresolved names are not an error.
func (r *Report) Validate() error {
	if strings.TrimSpace(r.ID) == "" {
		return Errorf(EINVALID, "report id is required")
	}
	if err := r.Date.Validate(); err != nil {
		return Errorf(EINVALID, "date: %s", ErrorMessage(err))
	}
	if r.Location.Lat < -90 || r.Location.Lat > 90 || r.Location.Lon < -180 || r.Location.Lon > 180 ||
		math.IsNaN(r.Location.Lat) || math.IsNaN(r.Location.Lon) {
		return Errorf(EINVALID, "coordinates %v,%v are out of range", r.Location.Lat, r.Location.Lon)
	}
	if err := r.Killed.Validate(); err != nil {
		return err
	}
	if err := r.Injured.Validate(); err != nil {
		return Errorf(EINVALID, "injured: %s", ErrorMessage(err))
	}
	if err := r.Hostages.Validate(); err != nil {
		return Errorf(EINVALID, "hostages: %s", ErrorMessage(err))
	}
	if r.Marking != "" {
		if _, ok := ParseMarking(string(r.Marking)); !ok {
			return Errorf(EINVALID, "marking %q is not a TLP 2.0 label", r.Marking)
		}
	}
	return nil
}

// Normalize fills defaults: unknown perpetrator and attribution, unknown nexus, the default
// marking and the system owner. It does not resolve names.
func (r *Report) Normalize() {
	if r.Perpetrator == "" {
		r.Perpetrator = UnknownActor
	}
	if r.Attribution == "" {
		r.Attribution = AttrUnknown
	}
	if r.CrossBorder == "" {
		r.CrossBorder = NexusUnknown
	}
	if r.Marking == "" {
		r.Marking = DefaultMarking
	}
	if r.Owner == "" {
		r.Owner = SystemAgency
	}
	r.Killed = r.Killed.Complete()
}

// ComputeHash returns the hex SHA-256 of the report's content: every field but Hash and
// Evidence, in a fixed binary layout, so that equal content always hashes equal.
func (r *Report) ComputeHash() string {
	h := sha256.New()
	str := func(s string) {
		var n [4]byte
		binary.LittleEndian.PutUint32(n[:], uint32(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	num := func(v int64) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(v))
		h.Write(n[:])
	}
	str(r.ID)
	str(r.Source)
	str(string(r.SourceReliability))
	str(r.Dataset)
	if r.ReportedAt.IsZero() {
		num(0)
	} else {
		num(r.ReportedAt.UnixNano())
	}
	str(r.Text)
	num(int64(r.Date.Year))
	num(int64(r.Date.Month))
	num(int64(r.Date.Day))
	str(r.Location.Province)
	str(r.Location.District)
	str(r.Location.Place)
	num(int64(math.Float64bits(r.Location.Lat)))
	num(int64(math.Float64bits(r.Location.Lon)))
	str(string(r.Location.Precision))
	str(r.Perpetrator)
	str(r.PerpetratorRaw)
	str(string(r.Attribution))
	str(string(r.AttackType))
	str(string(r.TargetType))
	for _, c := range []Count{r.Killed.Total, r.Killed.Security, r.Killed.Civilians, r.Killed.Militants, r.Injured, r.Hostages} {
		hashCount(h, c)
	}
	str(string(r.CrossBorder))
	str(string(r.Marking))
	str(r.Owner)
	return hex.EncodeToString(h.Sum(nil))
}

func hashCount(h hash.Hash, c Count) {
	var b [25]byte
	if c.Known {
		b[0] = 1
	}
	binary.LittleEndian.PutUint64(b[1:], uint64(c.Low))
	binary.LittleEndian.PutUint64(b[9:], uint64(c.Best))
	binary.LittleEndian.PutUint64(b[17:], uint64(c.High))
	h.Write(b[:])
}
