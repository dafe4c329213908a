package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/sarhad-osint/sarhad"
)

//go:embed templates
var templateFS embed.FS

// templates are the parsed pages: each page file together with the layout, parsed once.
type templates struct {
	pages map[string]*template.Template
}

func parseTemplates(a *assets) (*templates, error) {
	funcs := template.FuncMap{
		"static":     a.url,
		"tlpClass":   tlpClass,
		"count":      func(c sarhad.Count) string { return c.String() },
		"low":        func(c sarhad.Count) string { return part(c, c.Low) },
		"best":       func(c sarhad.Count) string { return part(c, c.Best) },
		"high":       func(c sarhad.Count) string { return part(c, c.High) },
		"score":      func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) },
		"pct":        pct,
		"change":     change,
		"changeSign": changeSign,
		"num":        func(n int) string { return thousands(n) },
		"time":       func(t time.Time) string { return formatTime(t) },
		"credibility": func(n int) string {
			if n >= 1 && n <= 6 {
				return fmt.Sprintf("%d — %s", n, credibilityNames[n-1])
			}
			return "—"
		},
		"reliability": func(r sarhad.Reliability) string {
			if r == "" {
				return "ungraded"
			}
			return string(r) + " — " + reliabilityNames[r.Rank()]
		},
		"with1": func(q url.Values, k, v string) string { return withParam(q, k, v) },
		"query": func(q url.Values) string { return q.Encode() },
		"add":   func(a, b int) int { return a + b },
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i
			}
			return out
		},
		"sel": func(cur, v any) template.HTMLAttr {
			if fmt.Sprint(cur) == fmt.Sprint(v) {
				return "selected"
			}
			return ""
		},
		"checked": func(cur, v any) template.HTMLAttr {
			if fmt.Sprint(cur) == fmt.Sprint(v) {
				return "checked"
			}
			return ""
		},
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"list2": func(a, b sarhad.Event) []sarhad.Event { return []sarhad.Event{a, b} },
		"list":  func(v ...string) []string { return v },
		"can":   func(r sarhad.Role, min string) bool { return r.Can(sarhad.Role(min)) },
	}
	base, err := template.New("base").Funcs(funcs).ParseFS(templateFS, "templates/base.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if path.Base(n) == "base.html" {
			continue
		}
		c, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := c.ParseFS(templateFS, n); err != nil {
			return nil, err
		}
		t.pages[strings.TrimSuffix(path.Base(n), ".html")] = c
	}
	return t, nil
}

// page is what the layout of every page needs, with the page's own data.
type page struct {
	Title string
	// Nav names the active navigation entry.
	Nav    string
	User   sarhad.User
	Signed bool
	CSRF   string
	Notice string
	// Path and Query are the request's, for links that keep the filters.
	Path  string
	Query url.Values
	Data  any
}

func (u *UI) newPage(r *http.Request, title, nav string, data any) *page {
	p := &page{Title: title, Nav: nav, Data: data, Path: r.URL.Path, Query: r.URL.Query()}
	if user, _, ok := u.d.Session.Principal(r); ok {
		p.User, p.Signed = user, true
		p.CSRF = u.d.Session.CSRFToken(r)
	}
	return p
}

// render writes a whole page (template "base" of the page file), or only one of its named
// fragments when fragment is not "".
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, name, fragment string, p *page) {
	t, ok := u.tmpl.pages[name]
	if !ok {
		u.fail(w, r, fmt.Errorf("no template %q", name))
		return
	}
	exec := "base"
	if fragment != "" {
		exec = fragment
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, exec, p); err != nil {
		u.log.ErrorContext(r.Context(), "Page not rendered.", "template", name, "fragment", fragment, "error", err)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// isHTMX reports whether a request came from htmx and wants a fragment to swap in; a history
// restore (the back button after the cache was emptied) wants the whole page.
func isHTMX(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-History-Restore-Request") != "true"
}

// errorData is the data of the error page.
type errorData struct {
	Status  int
	Heading string
	Message string
}

// fail renders an error as a page with the status of its code. Internal errors are logged
// with their cause and shown as a generic sentence; a hidden record is a plain 404. A
// request the browser gave up on is logged at debug level and gets no page.
func (u *UI) fail(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && errors.Is(err, context.Canceled) {
		u.log.DebugContext(r.Context(), "Page abandoned by the browser.", "method", r.Method, "path", r.URL.Path)
		w.WriteHeader(499)
		return
	}
	code := sarhad.ErrorCode(err)
	status := u.d.StatusOf(code)
	if status >= 500 {
		u.log.ErrorContext(r.Context(), "Page failed.", "method", r.Method, "path", r.URL.Path, "error", err)
	}
	d := errorData{Status: status, Heading: http.StatusText(status), Message: sarhad.ErrorMessage(err)}
	if status == http.StatusNotFound {
		d.Heading, d.Message = "Not found", "There is nothing here, or nothing you may see."
	}
	u.render(w, r, status, "error", "", u.newPage(r, d.Heading, "", d))
}

func (u *UI) redirectToLogin(w http.ResponseWriter, r *http.Request) {
	next := r.URL.RequestURI()
	if isHTMX(r) {
		w.Header().Set("HX-Redirect", "/login?next="+url.QueryEscape(next))
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
}

// TLP classes of the marking badges.
func tlpClass(m sarhad.Marking) string {
	switch m {
	case sarhad.TLPClear:
		return "tlp tlp-clear"
	case sarhad.TLPGreen:
		return "tlp tlp-green"
	case sarhad.TLPAmber:
		return "tlp tlp-amber"
	case sarhad.TLPAmberStrict:
		return "tlp tlp-amber-strict"
	}
	return "tlp tlp-red"
}

func part(c sarhad.Count, v int) string {
	if !c.Known {
		return "?"
	}
	return strconv.Itoa(v)
}

var credibilityNames = []string{"confirmed", "probably true", "possibly true", "doubtful", "improbable", "cannot be judged"}

var reliabilityNames = []string{"completely reliable", "usually reliable", "fairly reliable", "not usually reliable", "unreliable", "cannot be judged"}

// change formats the relative change from before to now: "+25%", "−10%", "new" or "—".
func change(now, before int) string {
	switch {
	case before == 0 && now == 0:
		return "—"
	case before == 0:
		return "new"
	}
	d := math.Round(float64(now-before) / float64(before) * 100)
	switch {
	case d > 0:
		return fmt.Sprintf("+%.0f%%", d)
	case d < 0:
		return fmt.Sprintf("−%.0f%%", -d)
	}
	return "0%"
}

// changeSign is the CSS class of a change: up, down or same.
func changeSign(now, before int) string {
	switch {
	case now > before:
		return "up"
	case now < before:
		return "down"
	}
	return "same"
}

// pct formats part of whole as a percentage with no decimals.
func pct(part, whole int) string {
	if whole == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", float64(part)/float64(whole)*100)
}

// thousands writes n with thin separators: 12 345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// withParam returns the query q with k set to v (removed when v is ""), encoded.
func withParam(q url.Values, k, v string) string {
	c := url.Values{}
	for key, vals := range q {
		c[key] = append([]string(nil), vals...)
	}
	if v == "" {
		c.Del(k)
	} else {
		c.Set(k, v)
	}
	return c.Encode()
}
