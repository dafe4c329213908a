// Command sarhad is the Sarhad intelligence-fusion platform: one binary with subcommands to
// import data sets, fuse reports into events, extract events from text, compute statistics
// and serve the web application and API. Run `sarhad help` for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/sarhad-osint/sarhad/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := (&app.CLI{}).Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
