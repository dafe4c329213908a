package fusion_test

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"testing"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/fusion"
)

// memStore is an in-memory fusion.Store that behaves as the SQL store does: every added
// report starts in an event of its own, with a seed link.
type memStore struct {
	reports   []fusion.Stored // Key = index + 1
	events    map[string]sarhad.Event
	next      int
	decisions []sarhad.Decision
	tracks    []fusion.TrackRecord
}

func newMemStore() *memStore { return &memStore{events: map[string]sarhad.Event{}} }

func (m *memStore) newID() string {
	m.next++
	return "e-" + strconv.Itoa(m.next)
}

// add stores reports as sqlstore.AddReports does (without revisions) and returns their hashes.
func (m *memStore) add(rs ...sarhad.Report) []string {
	var hashes []string
	for _, r := range rs {
		r.Hash = r.ComputeHash()
		id := m.newID()
		ev := sarhad.EventFromReport(&r)
		ev.ID = id
		m.events[id] = ev
		m.reports = append(m.reports, fusion.Stored{Report: r, Key: int64(len(m.reports) + 1), EventID: id, Link: ev.Links[0]})
		hashes = append(hashes, r.Hash)
	}
	return hashes
}

func (m *memStore) filter(keep func(*fusion.Stored) bool) []fusion.Stored {
	var out []fusion.Stored
	for i := range m.reports {
		if keep(&m.reports[i]) {
			out = append(out, m.reports[i])
		}
	}
	return out
}

func (m *memStore) FusionSample(context.Context, int) ([]sarhad.Report, error) {
	var out []sarhad.Report
	for _, s := range m.reports {
		out = append(out, s.Report)
	}
	return out, nil
}

func (m *memStore) FusionLookup(_ context.Context, hashes []string) ([]fusion.Stored, error) {
	return m.filter(func(s *fusion.Stored) bool { return slices.Contains(hashes, s.Report.Hash) }), nil
}

func (m *memStore) FusionCandidates(_ context.Context, provs []string, from, to int, after int64, held func(int64, string) bool) ([]fusion.Stored, error) {
	return m.filter(func(s *fusion.Stored) bool {
		d := s.Report.Date.DayNumber()
		return slices.Contains(provs, s.Report.Location.Province) && !s.Report.Date.IsZero() && d >= from && d <= to &&
			s.Key > after && !held(s.Key, s.EventID)
	}), nil
}

// FusionHorizon: the memory store keeps no count of moved links (sqlstore's tests cover
// the tracked path).
func (m *memStore) FusionHorizon(context.Context) (fusion.Horizon, error) {
	return fusion.Horizon{}, nil
}

func (m *memStore) EventReports(_ context.Context, ids []string) ([]fusion.Stored, error) {
	return m.filter(func(s *fusion.Stored) bool { return slices.Contains(ids, s.EventID) }), nil
}

func (m *memStore) ReportsByID(_ context.Context, ids []string) ([]fusion.Stored, error) {
	return m.filter(func(s *fusion.Stored) bool { return slices.Contains(ids, s.Report.ID) }), nil
}

func (m *memStore) StreamFusion(_ context.Context, fn func(fusion.Stored) error) error {
	for _, s := range m.reports {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

func (m *memStore) write(w fusion.EventWrite) string {
	id := w.Event.ID
	if id == "" {
		id = m.newID()
	}
	w.Event.ID = id
	m.events[id] = w.Event
	for i, k := range w.Keys {
		m.reports[k-1].EventID = id
		m.reports[k-1].Link = w.Event.Links[i]
	}
	return id
}

func (m *memStore) ApplyFusion(_ context.Context, ch fusion.Change) ([]string, error) {
	for _, id := range ch.Delete {
		delete(m.events, id)
	}
	var out []string
	for _, w := range ch.Events {
		out = append(out, m.write(w))
	}
	if d := ch.Decision; d != nil {
		d.ID = int64(len(m.decisions) + 1)
		if ch.Result >= 0 {
			d.Result = out[ch.Result]
		}
		m.decisions = append(m.decisions, *d)
		if ch.Undone > 0 {
			m.decisions[ch.Undone-1].UndoneBy = d.ID
		}
	}
	return out, nil
}

func (m *memStore) ReplaceFusion(_ context.Context, ws []fusion.EventWrite) error {
	m.events = map[string]sarhad.Event{}
	for _, w := range ws {
		m.write(w)
	}
	return nil
}

func (m *memStore) StoredDecisions(_ context.Context, evs []string) ([]sarhad.Decision, error) {
	if evs == nil {
		return slices.Clone(m.decisions), nil
	}
	var out []sarhad.Decision
	for _, d := range m.decisions {
		if slices.Contains(evs, d.EventID) || slices.Contains(evs, d.OtherEventID) || slices.Contains(evs, d.Result) {
			out = append(out, d)
		}
	}
	return out, nil
}

func (m *memStore) StoredDecision(_ context.Context, id int64) (sarhad.Decision, error) {
	if id < 1 || int(id) > len(m.decisions) {
		return sarhad.Decision{}, sarhad.Errorf(sarhad.ENOTFOUND, "no decision %d", id)
	}
	return m.decisions[id-1], nil
}

func (m *memStore) SetTrackRecords(_ context.Context, rs []fusion.TrackRecord) error {
	m.tracks = rs
	return nil
}

func (m *memStore) SourceGrades(context.Context) (map[string]sarhad.Reliability, error) {
	return nil, nil
}

// storeGroups returns the report IDs of every event of the store, as groups() does.
func (m *memStore) groups() [][]string {
	by := map[string][]string{}
	for _, s := range m.reports {
		by[s.EventID] = append(by[s.EventID], s.Report.ID)
	}
	var out [][]string
	for _, g := range by {
		sort.Strings(g)
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

func (m *memStore) eventOf(reportID string) string {
	for _, s := range m.reports {
		if s.Report.ID == reportID {
			return s.EventID
		}
	}
	return ""
}

func TestIncorporator(t *testing.T) {
	ctx := context.Background()
	st := newMemStore()
	reports := readReports(t, bajaurAndQuetta)
	st.add(reports[:2]...)
	inc, err := engine().NewIncorporator(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reports[2:] { // one at a time, as the API adds them
		ps, err := inc.Add(ctx, st.add(r))
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 1 || ps[0].ReportID != r.ID {
			t.Fatalf("placements %+v", ps)
		}
	}
	want := [][]string{{"baj-1", "baj-2"}, {"qta-a1", "qta-a2"}, {"qta-b1", "qta-b2"}}
	if got := st.groups(); !slices.EqualFunc(got, want, slices.Equal[[]string]) {
		t.Errorf("events %v, want %v", got, want)
	}
	if n := len(st.events); n != 3 {
		t.Errorf("%d events stored, want 3 (the joined reports' own events removed)", n)
	}
	e := st.events[st.eventOf("baj-1")]
	if e.Killed.Total.Best != 46 || len(e.Links) != 2 || e.Links[1].Why == "" {
		t.Errorf("the joined event was not reconciled: %+v", e)
	}
	// Adding the same reports again places nothing: they are no longer alone.
	if ps, err := inc.Add(ctx, []string{reports[2].ComputeHash()}); err != nil || len(ps) != 0 {
		t.Errorf("re-adding: %v %v", ps, err)
	}
}

// The incorporator follows what the store changed under it (a re-fusion renumbering an
// event, an analyst's decision): a later report joins the event as the store holds it now.
func TestIncorporatorFollowsTheStore(t *testing.T) {
	ctx := context.Background()
	st := newMemStore()
	reports := readReports(t, bajaurAndQuetta)
	inc, err := engine().NewIncorporator(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reports {
		if _, err := inc.Add(ctx, st.add(r)); err != nil {
			t.Fatal(err)
		}
	}
	old := st.eventOf("qta-b1")
	if old == "" || st.eventOf("qta-b2") != old {
		t.Fatalf("the Alamdar Road reports are not one event: %v", st.groups())
	}
	renamed := st.newID()
	st.events[renamed] = st.events[old]
	delete(st.events, old)
	for i := range st.reports {
		if st.reports[i].EventID == old {
			st.reports[i].EventID = renamed
		}
	}
	late := reports[5] // qta-b2, reported again by another outlet
	late.ID, late.Source, late.ReportedAt = "qta-b3", "AFP", late.ReportedAt.Add(3600e9)
	ps, err := inc.Add(ctx, st.add(late))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || !ps[0].Joined || ps[0].EventID != renamed {
		t.Errorf("placements %+v, want qta-b3 joined %s (was %s before the store renamed it)", ps, renamed, old)
	}
	if got := st.eventOf("qta-b3"); got != renamed {
		t.Errorf("qta-b3 stored in %q, want %s", got, renamed)
	}
}

func TestDecisionsSurviveRefusion(t *testing.T) {
	ctx := context.Background()
	st := newMemStore()
	st.add(readReports(t, bajaurAndQuetta)...)
	eng := engine()
	if _, err := eng.Refuse(ctx, st); err != nil {
		t.Fatal(err)
	}
	if got := st.groups(); len(got) != 3 {
		t.Fatalf("after fusion: %v", got)
	}
	dec := eng.NewDecider(st)
	analyst := sarhad.Viewer{Name: "analyst-1", Agency: "ctd", Role: sarhad.RoleAnalyst, All: true}

	// Merge the two Quetta attacks (an analyst's mistake, later undone).
	m, err := dec.Merge(ctx, analyst, st.eventOf("qta-a1"), st.eventOf("qta-b1"), "one operation")
	if err != nil {
		t.Fatal(err)
	}
	// Split the Bajaur follow-up out.
	if _, err := dec.Split(ctx, analyst, st.eventOf("baj-1"), "baj-2", "a different convention"); err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"baj-1"}, {"baj-2"}, {"qta-a1", "qta-a2", "qta-b1", "qta-b2"}}
	if got := st.groups(); !slices.EqualFunc(got, want, slices.Equal[[]string]) {
		t.Fatalf("after decisions: %v, want %v", got, want)
	}
	if _, err := eng.Refuse(ctx, st); err != nil {
		t.Fatal(err)
	}
	if got := st.groups(); !slices.EqualFunc(got, want, slices.Equal[[]string]) {
		t.Errorf("re-fusion lost the decisions: %v, want %v", got, want)
	}
	// Undo the merge: fusion separates the attacks again.
	if _, err := dec.Undo(ctx, analyst, m.ID, "two attacks after all"); err != nil {
		t.Fatal(err)
	}
	want = [][]string{{"baj-1"}, {"baj-2"}, {"qta-a1", "qta-a2"}, {"qta-b1", "qta-b2"}}
	if got := st.groups(); !slices.EqualFunc(got, want, slices.Equal[[]string]) {
		t.Errorf("after undo: %v, want %v", got, want)
	}
	// Pin the Bajaur follow-up back.
	if _, err := dec.Pin(ctx, analyst, "baj-2", st.eventOf("baj-1"), "same rally after all"); err != nil {
		t.Fatal(err)
	}
	if st.eventOf("baj-2") != st.eventOf("baj-1") {
		t.Error("pin did not move the report")
	}
	if _, err := eng.Refuse(ctx, st); err != nil {
		t.Fatal(err)
	}
	if st.eventOf("baj-2") != st.eventOf("baj-1") {
		t.Error("re-fusion lost the pin")
	}
	ds, err := dec.Decisions(ctx, analyst, st.eventOf("baj-1"))
	if err != nil || len(ds) == 0 {
		t.Errorf("decisions of the Bajaur event: %v %v", ds, err)
	}

	// Errors.
	viewer := sarhad.Viewer{Name: "v", Agency: "ctd", Role: sarhad.RoleViewer}
	if _, err := dec.Merge(ctx, viewer, "e-1", "e-2", "x"); sarhad.ErrorCode(err) != sarhad.EFORBIDDEN {
		t.Errorf("viewer merge: %v", err)
	}
	if _, err := dec.Merge(ctx, analyst, st.eventOf("baj-1"), st.eventOf("qta-a1"), " "); sarhad.ErrorCode(err) != sarhad.EINVALID {
		t.Errorf("merge without a reason: %v", err)
	}
	if _, err := dec.Split(ctx, analyst, st.eventOf("qta-a1"), "nope", "x"); sarhad.ErrorCode(err) != sarhad.ENOTFOUND {
		t.Errorf("split of a report not in the event: %v", err)
	}
	if _, err := dec.Undo(ctx, analyst, m.ID, "again"); sarhad.ErrorCode(err) != sarhad.ECONFLICT {
		t.Errorf("second undo: %v", err)
	}
	outsider := sarhad.Viewer{Name: "o", Agency: "elsewhere", Role: sarhad.RoleAnalyst}
	if _, err := dec.Merge(ctx, outsider, st.eventOf("baj-1"), st.eventOf("qta-a1"), "x"); sarhad.ErrorCode(err) != sarhad.ENOTFOUND {
		t.Errorf("merge of events the analyst may not see: %v", err)
	}
}
