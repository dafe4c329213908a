package app

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// Config is the program's configuration: defaults, then environment, then flags, then
// Validate. Secrets (the database DSN) may be given in a file named by SARHAD_DB_FILE.
type Config struct {
	// DataDir holds the embedded SQLite store (sarhad.db) and other local state.
	DataDir string
	// DB is a PostgreSQL DSN (postgres://...). When set it replaces the SQLite store.
	DB string
	// LogLevel is debug, info, warn or error.
	LogLevel string
}

// DefaultDataDir is used when neither --data-dir nor SARHAD_DATA_DIR is given.
const DefaultDataDir = "sarhad-data"

// defaultConfig returns the defaults overlaid with the environment.
func defaultConfig(getenv func(string) string) (Config, error) {
	c := Config{DataDir: DefaultDataDir, LogLevel: "info"}
	if v := getenv("SARHAD_DATA_DIR"); v != "" {
		c.DataDir = v
	}
	if v := getenv("SARHAD_LOG_LEVEL"); v != "" {
		c.LogLevel = v
	}
	c.DB = getenv("SARHAD_DB")
	if f := getenv("SARHAD_DB_FILE"); f != "" && c.DB == "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return c, fmt.Errorf("read SARHAD_DB_FILE: %w", err)
		}
		c.DB = strings.TrimSpace(string(b))
	}
	return c, nil
}

// Validate checks the configuration.
func (c Config) Validate() error {
	if c.DB != "" && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		return sarhad.Errorf(sarhad.EINVALID, "--db must be a postgres:// DSN (the SQLite store is chosen with --data-dir)")
	}
	if c.DB == "" && strings.TrimSpace(c.DataDir) == "" {
		return sarhad.Errorf(sarhad.EINVALID, "--data-dir must not be empty")
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return err
	}
	return nil
}

// DSN returns the store's DSN: the PostgreSQL DSN when given, else the SQLite file in DataDir.
func (c Config) DSN() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.DataDir, "sarhad.db")
}

// StoreName describes the store for messages without revealing credentials.
func (c Config) StoreName() string {
	if c.DB != "" {
		return "PostgreSQL"
	}
	return "SQLite " + filepath.Join(c.DataDir, "sarhad.db")
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, sarhad.Errorf(sarhad.EINVALID, "log level %q is not debug, info, warn or error", s)
	}
	return l, nil
}
