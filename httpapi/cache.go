package httpapi

import (
	"container/list"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/sarhad-osint/sarhad/tlpview"
)

// respCache holds encoded JSON answers of reads, keyed by route, visibility class and
// canonical query, each valid at one store generation. Viewers of one class see exactly the
// same records, so they share answers; a write advances the generation and every older
// answer is recomputed on its next use. It is bounded in bytes (least recently used first
// out), and a burst of identical requests computes one answer.
type respCache struct {
	max int64

	mu      sync.Mutex
	size    int64
	lru     *list.List // of *cacheEntry, most recent at the front
	entries map[string]*list.Element
	flight  singleflight.Group
}

type cacheEntry struct {
	key  string
	gen  int64
	body []byte
}

func newRespCache(max int64) *respCache {
	return &respCache{max: max, lru: list.New(), entries: map[string]*list.Element{}}
}

func (c *respCache) get(key string, gen int64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cacheEntry)
	if e.gen != gen {
		return nil, false
	}
	c.lru.MoveToFront(el)
	return e.body, true
}

func (c *respCache) put(key string, gen int64, body []byte) {
	if int64(len(body)) > c.max/8 {
		return // one answer never takes more than an eighth of the cache
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*cacheEntry)
		if e.gen > gen {
			return // a newer answer is there already
		}
		c.size += int64(len(body) - len(e.body))
		e.gen, e.body = gen, body
		c.lru.MoveToFront(el)
	} else {
		c.entries[key] = c.lru.PushFront(&cacheEntry{key: key, gen: gen, body: body})
		c.size += int64(len(body))
	}
	for c.size > c.max {
		el := c.lru.Back()
		e := el.Value.(*cacheEntry)
		c.lru.Remove(el)
		delete(c.entries, e.key)
		c.size -= int64(len(e.body))
	}
}

// do returns the cached answer of key at gen, or computes it once for all the concurrent
// callers that ask for it.
func (c *respCache) do(key string, gen int64, compute func() ([]byte, error)) ([]byte, error) {
	if body, ok := c.get(key, gen); ok {
		return body, nil
	}
	v, err, _ := c.flight.Do(key+"\x00"+strconv.FormatInt(gen, 10), func() (any, error) {
		body, err := compute()
		if err == nil {
			c.put(key, gen, body)
		}
		return body, err
	})
	if err != nil {
		return nil, err
	}
	return v.([]byte), nil
}

// cachedJSON answers a read with the cached JSON of (route, the caller's visibility class,
// the query) at the current generation, computing it with compute on a miss.
func (s *Server) cachedJSON(w http.ResponseWriter, r *http.Request, route string, compute func() (any, error)) {
	ctx := r.Context()
	encode := func() ([]byte, error) {
		v, err := compute()
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(v)
		return append(b, '\n'), err
	}
	var body []byte
	var err error
	if s.cfg.CacheBytes < 0 {
		body, err = encode()
	} else {
		gen, ok := ctx.Value(generationKey).(int64) // read with the credentials
		if !ok {
			gen, err = s.deps.Views.Generation(ctx)
		}
		if err == nil {
			key := route + "\x00" + tlpview.ClassOf(ViewerFrom(ctx)) + "\x00" + r.URL.Query().Encode()
			body, err = s.cache.do(key, gen, encode)
		}
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(body)
}
