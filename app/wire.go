package app

import (
	"context"
	"fmt"

	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/gazetteer"
	"github.com/sarhad-osint/sarhad/importer"
	"github.com/sarhad-osint/sarhad/sqlstore"
)

// openStore opens the configured store and applies pending migrations.
func (c *CLI) openStore(ctx context.Context) (*sqlstore.Store, error) {
	st, err := sqlstore.Open(ctx, c.cfg.DSN())
	if err != nil {
		return nil, fmt.Errorf("open store (%s): %w", c.cfg.StoreName(), err)
	}
	return st, nil
}

// resolvers returns the shared gazetteer and actor registry.
func (c *CLI) resolvers() importer.Resolvers {
	return importer.Resolvers{Places: gazetteer.Default(), Actors: actors.Default()}
}
