package app

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/audit"
	"github.com/sarhad-osint/sarhad/sqlstore"
)

func init() { register(agencyCommand) }

func agencyCommand(c *CLI) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "agency",
		Short: "Manage agencies and the sharing of TLP:AMBER records between them",
		Long: `Every report and event is owned by an agency. TLP:CLEAR and TLP:GREEN records are visible to
every signed-in user, TLP:AMBER+STRICT and TLP:RED only inside the owning agency, and
TLP:AMBER to the owning agency and to the agencies it shares with ("agency share").`,
	}
	cmd.AddCommand(agencyAddCommand(c), agencyListCommand(c), agencyShareCommand(c, true), agencyShareCommand(c, false))
	return cmd
}

func agencyAddCommand(c *CLI) *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "add --name AGENCY",
		Short: "Create an agency",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := sarhad.ValidateName("--name", name); err != nil {
				return err
			}
			ctx := cmd.Context()
			return c.withAudit(ctx, func(st *sqlstore.Store, log *audit.Log) error {
				created, err := st.AddAgency(ctx, name)
				if err != nil {
					return err
				}
				if !created {
					return sarhad.Errorf(sarhad.ECONFLICT, "agency %q exists", name)
				}
				return log.Audit(ctx, cliEntry(sarhad.AuditAgencyAdd, "agency:"+name, nil))
			})
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "agency name (required)")
	_ = cmd.MarkFlagRequired("name")
	return cmd
}

func agencyListCommand(c *CLI) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List agencies and whom each shares its TLP:AMBER records with",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := c.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			agencies, err := st.Agencies(cmd.Context())
			if err != nil {
				return err
			}
			shares, err := st.Shares(cmd.Context())
			if err != nil {
				return err
			}
			with := map[string][]string{}
			for _, s := range shares {
				with[s.From] = append(with[s.From], s.To)
			}
			tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "agency\tshares TLP:AMBER with\t")
			for _, a := range agencies {
				fmt.Fprintf(tw, "%s\t%v\t\n", a.Name, with[a.Name])
			}
			return tw.Flush()
		},
	}
}

func agencyShareCommand(c *CLI, add bool) *cobra.Command {
	var from, to string
	use, short := "share --agency A --with B", "Share agency A's TLP:AMBER records with agency B"
	if !add {
		use, short = "unshare --agency A --with B", "Stop sharing agency A's TLP:AMBER records with agency B"
	}
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Long: short + `. Sharing is one-way and covers TLP:AMBER only:
TLP:AMBER+STRICT and TLP:RED stay inside the owning agency. Both agencies must exist. Audited.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := sarhad.ValidateName("--agency", from); err != nil {
				return err
			}
			if err := sarhad.ValidateName("--with", to); err != nil {
				return err
			}
			if from == to {
				return sarhad.Errorf(sarhad.EINVALID, "an agency always sees its own records")
			}
			ctx := cmd.Context()
			return c.withAudit(ctx, func(st *sqlstore.Store, log *audit.Log) error {
				action := sarhad.AuditShareAdd
				var err error
				if add {
					err = st.AddShare(ctx, sarhad.Share{From: from, To: to, CreatedBy: "cli"})
				} else {
					action = sarhad.AuditShareRevoke
					err = st.RemoveShare(ctx, from, to)
				}
				if err != nil {
					return err
				}
				if err := log.Audit(ctx, cliEntry(action, "share:"+from+">"+to, map[string]string{
					"from": from, "to": to, "marking": string(sarhad.TLPAmber)})); err != nil {
					return err
				}
				verb := "now shares"
				if !add {
					verb = "no longer shares"
				}
				fmt.Fprintf(c.Stderr, "%s %s its TLP:AMBER records with %s.\n", from, verb, to)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&from, "agency", "", "the agency that owns the records (required)")
	cmd.Flags().StringVar(&to, "with", "", "the agency that may read them (required)")
	_ = cmd.MarkFlagRequired("agency")
	_ = cmd.MarkFlagRequired("with")
	return cmd
}
