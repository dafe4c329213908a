// Package rawsqlite is a connection to a SQLite database through SQLite's C API, as
// modernc.org/sqlite/lib transpiles it to Go, without database/sql and without the driver's
// per-value work: the store's bulk writer (AddReports) binds about 45 values a report, and
// through the driver each value takes the connection's mutex and each text is copied into
// memory allocated for it alone and freed after the statement, a quarter of the writer's
// time (sqlstore/BENCHMARKS.md).
//
// A Conn is opened without SQLite's mutex (SQLITE_OPEN_NOMUTEX) and must be used by one
// goroutine at a time. Statements bind texts and blobs from one buffer of C memory that the
// connection keeps and reuses (SQLITE_STATIC): a statement's values are valid until the
// next statement of the connection binds. Every execution binds all the parameters of its
// statement, so that no statement ever steps with values of another's.
//
// Conn, Stmt and the transaction implement the database/sql/driver interfaces that the
// store's writer uses (driver.ConnPrepareContext, driver.ConnBeginTx, driver.StmtExecContext,
// driver.StmtQueryContext), so that the same code writes through the driver or through a
// Conn. Values are int64, float64, bool, string, []byte and nil; a parameter is anonymous
// (?) or numbered ($N, ?N), never named.
package rawsqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unsafe"

	"modernc.org/libc"
	lib "modernc.org/sqlite/lib"
)

// Error is an error that SQLite returned: its extended result code and message.
type Error struct {
	Code int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s (%d)", e.Msg, e.Code) }

// Conn is a connection to one database file.
type Conn struct {
	tls *libc.TLS
	db  uintptr
	// buf is C memory that the values of the statement being executed are copied into.
	buf    uintptr
	bufCap int
}

// Open opens the existing database file at path for reading and writing and runs pragmas
// (e.g. "busy_timeout(10000)", as in a PRAGMA statement without the keyword), in order.
func Open(path string, pragmas ...string) (*Conn, error) {
	c := &Conn{tls: libc.NewTLS()}
	if err := c.open(path); err != nil {
		c.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	for _, p := range pragmas {
		if err := c.Exec("PRAGMA " + p); err != nil {
			c.Close()
			return nil, fmt.Errorf("open %s: pragma %s: %w", path, p, err)
		}
	}
	return c, nil
}

// open opens the database handle (which SQLite allocates even when it fails, for its
// message).
func (c *Conn) open(path string) error {
	name, err := libc.CString(path)
	if err != nil {
		return err
	}
	defer libc.Xfree(c.tls, name)
	const size = int(unsafe.Sizeof(uintptr(0)))
	pdb := c.tls.Alloc(size)
	defer c.tls.Free(size)
	rc := lib.Xsqlite3_open_v2(c.tls, name, pdb, lib.SQLITE_OPEN_READWRITE|lib.SQLITE_OPEN_NOMUTEX, 0)
	c.db = *(*uintptr)(ptr(pdb))
	if rc != lib.SQLITE_OK {
		return c.err(rc)
	}
	lib.Xsqlite3_extended_result_codes(c.tls, c.db, 1)
	return nil
}

// Close closes the connection; statements not closed are finalized with it.
func (c *Conn) Close() error {
	var err error
	if c.db != 0 {
		if rc := lib.Xsqlite3_close_v2(c.tls, c.db); rc != lib.SQLITE_OK {
			err = c.err(rc)
		}
		c.db = 0
	}
	if c.buf != 0 {
		libc.Xfree(c.tls, c.buf)
		c.buf, c.bufCap = 0, 0
	}
	if c.tls != nil {
		c.tls.Close()
		c.tls = nil
	}
	return err
}

// Exec runs one statement without parameters.
func (c *Conn) Exec(query string) error {
	st, err := c.prepare(query)
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = st.ExecContext(context.Background(), nil)
	return err
}

// err is the error of result code rc: with the connection's extended code and message when
// they are of rc (they are of the connection's last call that failed).
func (c *Conn) err(rc int32) error {
	if c.db != 0 {
		if ext := lib.Xsqlite3_extended_errcode(c.tls, c.db); ext&0xff == rc&0xff {
			return &Error{Code: int(ext), Msg: libc.GoString(lib.Xsqlite3_errmsg(c.tls, c.db))}
		}
	}
	return &Error{Code: int(rc), Msg: libc.GoString(lib.Xsqlite3_errstr(c.tls, rc))}
}

// Prepare implements driver.Conn.
func (c *Conn) Prepare(query string) (driver.Stmt, error) { return c.prepare(query) }

// PrepareContext implements driver.ConnPrepareContext.
func (c *Conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.prepare(query)
}

// prepare compiles query, which must be one statement.
func (c *Conn) prepare(query string) (*Stmt, error) {
	if c.db == 0 {
		return nil, driver.ErrBadConn
	}
	sql, err := libc.CString(query)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, sql)
	const size = int(unsafe.Sizeof(uintptr(0)))
	out := c.tls.Alloc(2 * size)
	defer c.tls.Free(2 * size)
	if rc := lib.Xsqlite3_prepare_v2(c.tls, c.db, sql, int32(len(query)), out, out+uintptr(size)); rc != lib.SQLITE_OK {
		return nil, c.err(rc)
	}
	p := *(*uintptr)(ptr(out))
	tail := int(*(*uintptr)(ptr(out + uintptr(size))) - sql)
	if p == 0 {
		return nil, fmt.Errorf("no statement in %q", query)
	}
	st := &Stmt{c: c, p: p, cols: int(lib.Xsqlite3_column_count(c.tls, p))}
	if rest := strings.TrimSpace(query[min(tail, len(query)):]); rest != "" && rest != ";" {
		st.Close()
		return nil, fmt.Errorf("more than one statement in %q", query)
	}
	n := int(lib.Xsqlite3_bind_parameter_count(c.tls, p))
	st.args = make([]int, n)
	for i := range n {
		name := libc.GoString(lib.Xsqlite3_bind_parameter_name(c.tls, p, int32(i+1)))
		k := i + 1
		if name != "" {
			if name[0] != '?' && name[0] != '$' {
				st.Close()
				return nil, fmt.Errorf("parameter %s: named parameters are not supported", name)
			}
			if k, err = strconv.Atoi(name[1:]); err != nil || k < 1 {
				st.Close()
				return nil, fmt.Errorf("parameter %s: not a number", name)
			}
		}
		st.args[i] = k - 1
	}
	return st, nil
}

// Begin implements driver.Conn.
func (c *Conn) Begin() (driver.Tx, error) { return c.BeginTx(context.Background(), driver.TxOptions{}) }

// BeginTx implements driver.ConnBeginTx: it begins an IMMEDIATE transaction, which takes the
// write lock at once.
func (c *Conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if opts.ReadOnly || opts.Isolation != driver.IsolationLevel(0) {
		return nil, errors.New("only default transactions are supported")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := c.Exec("BEGIN IMMEDIATE"); err != nil {
		return nil, err
	}
	return tx{c}, nil
}

type tx struct{ c *Conn }

func (t tx) Commit() error { return t.c.Exec("COMMIT") }

// Rollback rolls the transaction back, unless SQLite has already (after some errors it
// does).
func (t tx) Rollback() error {
	if lib.Xsqlite3_get_autocommit(t.c.tls, t.c.db) != 0 {
		return nil
	}
	return t.c.Exec("ROLLBACK")
}

// room returns C memory of at least n bytes: the connection's buffer, grown when smaller.
// It is never a null pointer, not even for n = 0: SQLite binds a text or blob at a null
// pointer as NULL, not as an empty value.
func (c *Conn) room(n int) (uintptr, error) {
	if n <= c.bufCap && c.buf != 0 {
		return c.buf, nil
	}
	if c.buf != 0 {
		libc.Xfree(c.tls, c.buf)
		c.buf, c.bufCap = 0, 0
	}
	size := max(n, 2*c.bufCap, 64<<10)
	p := libc.Xmalloc(c.tls, libc.Tsize_t(size))
	if p == 0 {
		return 0, errors.New("out of memory")
	}
	c.buf, c.bufCap = p, size
	return p, nil
}

// ptr converts an address of C memory (never Go memory) to a pointer.
func ptr(p uintptr) unsafe.Pointer { return unsafe.Add(nil, p) }

// cBytes is the C memory of n bytes at p.
func cBytes(p uintptr, n int) []byte { return unsafe.Slice((*byte)(ptr(p)), n) }

// Stmt is a prepared statement.
type Stmt struct {
	c    *Conn
	p    uintptr
	cols int
	// args[i] is the index of the argument of parameter i+1.
	args []int
}

// Close implements driver.Stmt.
func (s *Stmt) Close() error {
	if s.p == 0 || s.c.db == 0 {
		return nil
	}
	rc := lib.Xsqlite3_finalize(s.c.tls, s.p)
	s.p = 0
	if rc != lib.SQLITE_OK {
		return s.c.err(rc)
	}
	return nil
}

// NumInput implements driver.Stmt: -1, as numbered parameters may repeat.
func (s *Stmt) NumInput() int { return -1 }

// Exec implements driver.Stmt.
func (s *Stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), values(args))
}

// Query implements driver.Stmt.
func (s *Stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), values(args))
}

func values(args []driver.Value) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
}

// ExecContext implements driver.StmtExecContext: it binds args and steps the statement to
// its end. ctx is checked before it starts; SQLite is not interrupted.
func (s *Stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if err := s.start(ctx, args); err != nil {
		return nil, err
	}
	defer lib.Xsqlite3_reset(s.c.tls, s.p)
	for {
		switch rc := lib.Xsqlite3_step(s.c.tls, s.p); rc {
		case lib.SQLITE_ROW:
		case lib.SQLITE_DONE:
			return driver.ResultNoRows, nil
		default:
			return nil, s.c.err(rc)
		}
	}
}

// QueryContext implements driver.StmtQueryContext. The rows must be closed before the
// statement is used again.
func (s *Stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if err := s.start(ctx, args); err != nil {
		return nil, err
	}
	return &rows{s: s}, nil
}

// start binds args to the statement.
func (s *Stmt) start(ctx context.Context, args []driver.NamedValue) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.p == 0 {
		return errors.New("statement is closed")
	}
	// The texts and blobs of all the arguments go into the connection's buffer.
	size := 0
	for _, k := range s.args {
		if k >= len(args) {
			return fmt.Errorf("missing argument %d", k+1)
		}
		if args[k].Name != "" {
			return fmt.Errorf("argument %s: named arguments are not supported", args[k].Name)
		}
		switch v := args[k].Value.(type) {
		case string:
			size += len(v)
		case []byte:
			size += len(v)
		}
	}
	base, err := s.c.room(size)
	if err != nil {
		return err
	}
	mem := cBytes(base, size)
	off := 0
	tls, p := s.c.tls, s.p
	for i, k := range s.args {
		var rc int32
		switch v := args[k].Value.(type) {
		case int64:
			rc = lib.Xsqlite3_bind_int64(tls, p, int32(i+1), v)
		case float64:
			rc = lib.Xsqlite3_bind_double(tls, p, int32(i+1), v)
		case bool:
			var n int64
			if v {
				n = 1
			}
			rc = lib.Xsqlite3_bind_int64(tls, p, int32(i+1), n)
		case nil:
			rc = lib.Xsqlite3_bind_null(tls, p, int32(i+1))
		case string:
			copy(mem[off:], v)
			rc = lib.Xsqlite3_bind_text(tls, p, int32(i+1), base+uintptr(off), int32(len(v)), 0)
			off += len(v)
		case []byte:
			if v == nil {
				rc = lib.Xsqlite3_bind_null(tls, p, int32(i+1))
				break
			}
			copy(mem[off:], v)
			rc = lib.Xsqlite3_bind_blob(tls, p, int32(i+1), base+uintptr(off), int32(len(v)), 0)
			off += len(v)
		default:
			return fmt.Errorf("argument %d: unsupported type %T", k+1, v)
		}
		if rc != lib.SQLITE_OK {
			return s.c.err(rc)
		}
	}
	return nil
}

// rows are the rows of a query.
type rows struct {
	s    *Stmt
	done bool
}

func (r *rows) Columns() []string {
	names := make([]string, r.s.cols)
	for i := range names {
		names[i] = libc.GoString(lib.Xsqlite3_column_name(r.s.c.tls, r.s.p, int32(i)))
	}
	return names
}

func (r *rows) Close() error {
	if !r.done {
		r.done = true
		lib.Xsqlite3_reset(r.s.c.tls, r.s.p)
	}
	return nil
}

// Next implements driver.Rows: integers are int64, reals float64, texts string, blobs
// []byte (copies).
func (r *rows) Next(dest []driver.Value) error {
	if r.done {
		return io.EOF
	}
	tls, p := r.s.c.tls, r.s.p
	switch rc := lib.Xsqlite3_step(tls, p); rc {
	case lib.SQLITE_ROW:
	case lib.SQLITE_DONE:
		r.Close()
		return io.EOF
	default:
		err := r.s.c.err(rc)
		r.Close()
		return err
	}
	for i := range dest {
		switch lib.Xsqlite3_column_type(tls, p, int32(i)) {
		case lib.SQLITE_INTEGER:
			dest[i] = lib.Xsqlite3_column_int64(tls, p, int32(i))
		case lib.SQLITE_FLOAT:
			dest[i] = lib.Xsqlite3_column_double(tls, p, int32(i))
		case lib.SQLITE_TEXT:
			t := lib.Xsqlite3_column_text(tls, p, int32(i))
			dest[i] = string(cBytes(t, int(lib.Xsqlite3_column_bytes(tls, p, int32(i)))))
		case lib.SQLITE_BLOB:
			b := lib.Xsqlite3_column_blob(tls, p, int32(i))
			n := int(lib.Xsqlite3_column_bytes(tls, p, int32(i)))
			dest[i] = append([]byte{}, cBytes(b, n)...)
		default:
			dest[i] = nil
		}
	}
	return nil
}
