// Package app is the Sarhad program as a value: it wires the domain, the store, the gazetteer,
// the actor registry, the importers and the other adapters together behind the `sarhad`
// subcommands. cmd/sarhad only turns os.Args and signals into a call of CLI.Run, so tests run
// the whole program in-process.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sarhad-osint/sarhad"
)

// Exit codes.
const (
	ExitOK       = 0
	ExitError    = 1 // bad input or arguments, or a failure; one line on standard error
	ExitRejected = 3 // an import finished but rejected some rows (listed on standard error)
)

// CLI runs `sarhad` subcommands against the given streams and environment.
type CLI struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads the environment; os.Getenv when nil.
	Getenv func(string) string

	cfg      Config
	exitCode int
	logger   *slog.Logger
}

// exitError carries a non-default exit code out of a command.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// Run executes one command line (without the program name) and returns the exit status.
func (c *CLI) Run(ctx context.Context, args []string) int {
	if c.Getenv == nil {
		c.Getenv = os.Getenv
	}
	if c.Stdin == nil {
		c.Stdin = os.Stdin
	}
	if c.Stdout == nil {
		c.Stdout = os.Stdout
	}
	if c.Stderr == nil {
		c.Stderr = os.Stderr
	}
	cfg, err := defaultConfig(c.Getenv)
	if err != nil {
		fmt.Fprintf(c.Stderr, "sarhad: %s\n", oneLine(err))
		return ExitError
	}
	c.cfg = cfg
	root := c.rootCommand()
	root.SetArgs(args)
	root.SetIn(c.Stdin)
	root.SetOut(c.Stdout)
	root.SetErr(c.Stderr)
	err = root.ExecuteContext(ctx)
	if err == nil {
		return c.exitCode
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(c.Stderr, "sarhad: %s\n", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(c.Stderr, "sarhad: %s\n", oneLine(err))
	return ExitError
}

func (c *CLI) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "sarhad",
		Short: "Fuse reports of militant attacks in Pakistan into verified, sourced events",
		Long: `Sarhad ingests reports of attacks (data sets, API, free text), fuses the ones that describe
the same attack into one event with every source kept, and turns the result into statistics,
maps and exports. Data lives in an embedded SQLite file under --data-dir, or in PostgreSQL
when --db (or SARHAD_DB) names a postgres:// DSN.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := c.cfg.Validate(); err != nil {
				return err
			}
			lvl, _ := parseLevel(c.cfg.LogLevel)
			c.logger = slog.New(slog.NewTextHandler(c.Stderr, &slog.HandlerOptions{Level: lvl}))
			return nil
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&c.cfg.DataDir, "data-dir", c.cfg.DataDir, "directory of the embedded SQLite store (env SARHAD_DATA_DIR)")
	pf.StringVar(&c.cfg.DB, "db", c.cfg.DB, "PostgreSQL DSN postgres://... instead of SQLite (env SARHAD_DB or SARHAD_DB_FILE)")
	pf.StringVar(&c.cfg.LogLevel, "log-level", c.cfg.LogLevel, "log level: debug, info, warn, error (env SARHAD_LOG_LEVEL)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return sarhad.Errorf(sarhad.EINVALID, "%s", err.Error())
	})
	for _, add := range commands {
		root.AddCommand(add(c))
	}
	return root
}

// commands lists the subcommand constructors; each command file registers itself.
var commands []func(*CLI) *cobra.Command

func register(f func(*CLI) *cobra.Command) { commands = append(commands, f) }

func init() {
	register(func(c *CLI) *cobra.Command {
		return &cobra.Command{
			Use:   "version",
			Short: "Print the version",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				fmt.Fprintf(c.Stdout, "sarhad %s (interchange v%d)\n", sarhad.Version, sarhad.InterchangeVersion)
				return nil
			},
		}
	})
}

// oneLine turns an error into the one-line reason the contract asks for.
func oneLine(err error) string {
	s := err.Error()
	if code := sarhad.ErrorCode(err); code != sarhad.EINTERNAL {
		s = sarhad.ErrorMessage(err)
		var e *sarhad.Error
		if errors.As(err, &e) && e.Err != nil {
			s = e.Error()
		}
	}
	return strings.Join(strings.Fields(s), " ")
}
