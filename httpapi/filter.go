package httpapi

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// filterParams are the query parameters that select events.
var filterParams = []string{"from", "to", "province", "district", "actor", "attack_type", "target_type"}

// parseFilter reads an event filter from query parameters, resolving place and actor names
// (any spelling or alias) to canonical names as the command line does: from is the first
// day of the date given, to the last ("to=2024-03" is to the end of March).
func (s *Server) parseFilter(q url.Values, paging bool) (sarhad.EventFilter, error) {
	var f sarhad.EventFilter
	from, err := sarhad.ParseDate(q.Get("from"))
	if err != nil {
		return f, sarhad.Errorf(sarhad.EINVALID, "from: %s", sarhad.ErrorMessage(err))
	}
	to, err := sarhad.ParseDate(q.Get("to"))
	if err != nil {
		return f, sarhad.Errorf(sarhad.EINVALID, "to: %s", sarhad.ErrorMessage(err))
	}
	if !from.IsZero() {
		f.From = sarhad.DateOf(from.Start())
	}
	if !to.IsZero() {
		f.To = sarhad.DateOf(to.End())
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return f, sarhad.Errorf(sarhad.EINVALID, "to %s is before from %s", q.Get("to"), q.Get("from"))
	}
	res := s.deps.Resolvers
	if v := strings.TrimSpace(q.Get("province")); v != "" {
		if res.Places == nil {
			f.Province = v
		} else if p, ok := res.Places.ResolvePlace(v); ok && p.Province != "" {
			f.Province = p.Province
		} else {
			return f, sarhad.Errorf(sarhad.EINVALID, "province %q is not a known province", v)
		}
	}
	if v := strings.TrimSpace(q.Get("district")); v != "" {
		if res.Places == nil {
			f.District = v
		} else if p, ok := res.Places.ResolvePlace(v); ok && p.District != "" {
			f.District = p.District
		} else {
			return f, sarhad.Errorf(sarhad.EINVALID, "district %q is not a known district", v)
		}
	}
	if v := strings.TrimSpace(q.Get("actor")); v != "" {
		switch {
		case strings.EqualFold(v, sarhad.UnknownActor):
			f.Actor = sarhad.UnknownActor
		case res.Actors == nil:
			f.Actor = v
		default:
			m, ok := res.Actors.ResolveActor(v)
			if !ok {
				return f, sarhad.Errorf(sarhad.EINVALID, "actor %q is not a known organisation", v)
			}
			f.Actor = m.Actor.Name
		}
	}
	var ok bool
	if f.AttackType, ok = sarhad.ParseAttackType(q.Get("attack_type")); !ok {
		return f, sarhad.Errorf(sarhad.EINVALID, "attack_type %q is not a canonical attack type", q.Get("attack_type"))
	}
	if f.TargetType, ok = sarhad.ParseTargetType(q.Get("target_type")); !ok {
		return f, sarhad.Errorf(sarhad.EINVALID, "target_type %q is not a canonical target type", q.Get("target_type"))
	}
	if paging {
		if v := q.Get("limit"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 1000 {
				return f, sarhad.Errorf(sarhad.EINVALID, "limit %q is not a number from 1 to 1000", v)
			}
			f.Limit = n
		}
		f.Cursor = q.Get("cursor")
	}
	return f, nil
}

// filterDetail describes a filter for an audit entry.
func filterDetail(q url.Values) map[string]string {
	d := map[string]string{}
	for _, k := range filterParams {
		if v := q.Get(k); v != "" {
			d["filter_"+k] = v
		}
	}
	return d
}
