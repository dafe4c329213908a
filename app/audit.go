package app

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sarhad-osint/sarhad/audit"
	"github.com/sarhad-osint/sarhad/sqlstore"
)

func init() { register(auditCommand) }

func auditCommand(c *CLI) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Check the tamper-evident audit log",
	}
	cmd.AddCommand(auditVerifyCommand(c))
	return cmd
}

func auditVerifyCommand(c *CLI) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Verify the audit log's hash chain, seals and head anchor",
		Long: `Reads the whole audit log and checks that every entry hashes to its recorded hash, chains to
the previous one, carries a valid seal (HMAC under the key in DATA_DIR/audit.key or
SARHAD_AUDIT_KEY_FILE), and that the newest entry is the one the sealed head anchor names.
It detects an edited entry, a deleted entry and deleted newest entries, and prints the first
bad entry. Exit status 1 when the log is not intact.

It prints the head (sequence number and hash): keep a copy somewhere the database's
administrators cannot write and compare later, which also detects a rollback of the log and
the anchor together (the NATS stream keeps every published head, subject sarhad.audit.head).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return c.withAudit(ctx, func(_ *sqlstore.Store, log *audit.Log) error {
				res, err := log.Verify(ctx)
				if err != nil {
					return err
				}
				if res.Problem != nil {
					fmt.Fprintf(c.Stdout, "audit log NOT intact: %d entries verified before the first problem\n", res.Entries)
					fmt.Fprintf(c.Stdout, "first bad entry: %d: %s\n", res.Problem.Seq, res.Problem.Reason)
					return &exitError{code: ExitError, msg: fmt.Sprintf("audit log: entry %d: %s", res.Problem.Seq, res.Problem.Reason)}
				}
				fmt.Fprintf(c.Stdout, "audit log intact: %d entries, hash chain, seals and head anchor verified\n", res.Entries)
				if res.Entries > 0 {
					fmt.Fprintf(c.Stdout, "head: entry %d, hash %s\n", res.Last.Seq, res.Last.Hash)
				}
				return nil
			})
		},
	}
}

// auditImport appends the audit entry of one imported file. `sarhad import` calls it after
// each file, also when the file failed part way (the batches before the failure are
// written): the entry counts what was added.
func (c *CLI) auditImport(ctx context.Context, st *sqlstore.Store, sum FileSummary, opt ImportOptions) error {
	log, err := openAuditLog(st, c.cfg, c.Getenv("SARHAD_AUDIT_KEY_FILE"))
	if err != nil {
		return err
	}
	return log.Audit(ctx, ImportAuditEntry(sum.Name, string(opt.Format), opt.Owner, opt.Marking, sum.Rows, len(sum.Rejected), sum.ImportResult))
}
