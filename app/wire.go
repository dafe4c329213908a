package app

import (
	"context"
	"fmt"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/gazetteer"
	"github.com/sarhad-osint/sarhad/importer"
	"github.com/sarhad-osint/sarhad/sqlstore"
)

// openStore opens the configured store and applies pending migrations.
func (c *CLI) openStore(ctx context.Context) (*sqlstore.Store, error) {
	st, err := sqlstore.Open(ctx, c.cfg.DSN(), sqlstore.Upgrading(func(version int, name string) {
		fmt.Fprintf(c.Stderr, "%s: upgrading the store's schema: migration %04d_%s\n", c.cfg.StoreName(), version, name)
	}))
	if err != nil {
		return nil, openStoreError(c.cfg.StoreName(), err)
	}
	return st, nil
}

// openStoreError names the store in an error of opening it; the message of a coded error,
// which is what the user reads, names it too.
func openStoreError(name string, err error) error {
	if code := sarhad.ErrorCode(err); code != sarhad.EINTERNAL {
		return sarhad.Errorf(code, "%s: %s", name, sarhad.ErrorMessage(err))
	}
	return fmt.Errorf("open store (%s): %w", name, err)
}

// resolvers returns the shared gazetteer and actor registry.
func (c *CLI) resolvers() importer.Resolvers {
	return importer.Resolvers{Places: gazetteer.Default(), Actors: actors.Default()}
}
