package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// staticFS holds the UI's own CSS and JavaScript, the map outlines and the vendored
// libraries (static/vendor/LICENSES.md says where each comes from).
//
//go:embed static
var staticFS embed.FS

// asset is one embedded file with the hash of its content.
type asset struct {
	body []byte
	hash string
	mime string
}

// assets are the embedded files, served under /static/HASH/PATH where HASH is a prefix of the
// file's SHA-256: a URL names one content for ever, so browsers may cache it for a year, and a
// new build changes the URLs of exactly the files that changed (miniflux's scheme).
type assets struct {
	files map[string]asset
	start time.Time
}

func loadAssets() (*assets, error) {
	a := &assets{files: map[string]asset{}, start: time.Now()}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		a.files[name] = asset{body: b, hash: hex.EncodeToString(sum[:6]), mime: mimeOf(name)}
		return nil
	})
	return a, err
}

func mimeOf(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".geojson":
		return "application/geo+json"
	case ".md":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// url returns the cache-busted URL of an embedded file; it panics on a name that is not
// embedded, which the template tests catch.
func (a *assets) url(name string) string {
	f, ok := a.files[name]
	if !ok {
		panic("web: no embedded asset " + name)
	}
	return "/static/" + f.hash + "/" + name
}

// serve answers GET /static/{hash}/{path...}. A current hash is cached for a year; an old or
// made-up hash still gets the current file, revalidated each time, so that a page cached
// across a deploy keeps working.
func (a *assets) serve(w http.ResponseWriter, r *http.Request) {
	f, ok := a.files[r.PathValue("path")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.mime)
	h.Set("ETag", `"`+f.hash+`"`)
	if r.PathValue("hash") == f.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, "", a.start, bytes.NewReader(f.body))
}
