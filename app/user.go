package app

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/audit"
	"github.com/sarhad-osint/sarhad/auth"
	"github.com/sarhad-osint/sarhad/sqlstore"
)

func init() { register(userCommand) }

// withAudit opens the store and its audit log for a command.
func (c *CLI) withAudit(ctx context.Context, f func(st *sqlstore.Store, log *audit.Log) error) error {
	st, err := c.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	log, err := openAuditLog(st, c.cfg, c.Getenv("SARHAD_AUDIT_KEY_FILE"))
	if err != nil {
		return err
	}
	return f(st, log)
}

// cliEntry is an audit entry made by the local command line.
func cliEntry(action, object string, detail map[string]string) sarhad.AuditEntry {
	return sarhad.AuditEntry{Actor: "cli", Agency: sarhad.SystemAgency, Action: action, Object: object, Detail: detail}
}

// readPassword reads a new password from file (its first line), or else from the terminal
// (asked twice) or, when standard input is not a terminal, its first line.
func (c *CLI) readPassword(file string) (string, error) {
	var pw string
	switch {
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", sarhad.Errorf(sarhad.EINVALID, "--password-file: %s", err.Error())
		}
		pw, _, _ = strings.Cut(string(b), "\n")
	case isTerminal(c.Stdin):
		fd := int(c.Stdin.(*os.File).Fd())
		fmt.Fprint(c.Stderr, "New password: ")
		a, err := term.ReadPassword(fd)
		fmt.Fprintln(c.Stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(c.Stderr, "Repeat it: ")
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(c.Stderr)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", sarhad.Errorf(sarhad.EINVALID, "the passwords differ")
		}
		pw = string(a)
	default:
		line, err := bufio.NewReader(c.Stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return "", err
		}
		pw = line
	}
	pw = strings.TrimRight(pw, "\r\n")
	if len(pw) < auth.MinPasswordLength {
		return "", sarhad.Errorf(sarhad.EINVALID, "the password is shorter than %d characters", auth.MinPasswordLength)
	}
	return pw, nil
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func userCommand(c *CLI) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Manage users: add, passwd, token, list",
	}
	cmd.AddCommand(userAddCommand(c), userPasswdCommand(c), userTokenCommand(c), userListCommand(c))
	return cmd
}

func userAddCommand(c *CLI) *cobra.Command {
	var name, agency, role, pwFile string
	cmd := &cobra.Command{
		Use:   "add --name NAME --agency AGENCY --role viewer|analyst|admin [--password-file FILE]",
		Short: "Create a user (and its agency if new) and print one API token",
		Long: `Creates a user of AGENCY with a role: viewers read, analysts also submit reports and make
fusion decisions, admins also manage users, agencies and sharing. The agency is created when
new. Prints one API token on standard output (and nothing else): it is shown once and stored
only as a SHA-256 hash. --password-file sets a password for signing in to the browser UI
(the file's first line; "sarhad user passwd" sets or changes it later). Audited.`,
		Example: `  sarhad user add --data-dir ./data --name amina --agency ctd-kp --role analyst
  TOKEN=$(sarhad user add --name bot --agency ctd-kp --role viewer)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, ok := sarhad.ParseRole(role)
			if !ok {
				return sarhad.Errorf(sarhad.EINVALID, "--role %q is not viewer, analyst or admin", role)
			}
			if err := sarhad.ValidateName("--name", name); err != nil {
				return err
			}
			if err := sarhad.ValidateName("--agency", agency); err != nil {
				return err
			}
			hash := ""
			if pwFile != "" {
				pw, err := c.readPassword(pwFile)
				if err != nil {
					return err
				}
				if hash, err = auth.HashPassword(pw, auth.DefaultParams); err != nil {
					return err
				}
			}
			ctx := cmd.Context()
			return c.withAudit(ctx, func(st *sqlstore.Store, log *audit.Log) error {
				token := auth.NewAPIToken()
				u, agencyNew, err := st.CreateUser(ctx, sarhad.User{Name: name, Agency: agency, Role: r}, hash, auth.TokenHash(token))
				if err != nil {
					return err
				}
				if agencyNew {
					if err := log.Audit(ctx, cliEntry(sarhad.AuditAgencyAdd, "agency:"+u.Agency, nil)); err != nil {
						return err
					}
				}
				if err := log.Audit(ctx, cliEntry(sarhad.AuditUserAdd, "user:"+u.Name, map[string]string{
					"agency": u.Agency, "role": string(u.Role), "browser_login": boolWord(hash != "")})); err != nil {
					return err
				}
				if err := log.Audit(ctx, cliEntry(sarhad.AuditTokenAdd, "user:"+u.Name, nil)); err != nil {
					return err
				}
				_, err = fmt.Fprintln(c.Stdout, token)
				return err
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&name, "name", "", "login name (required)")
	fl.StringVar(&agency, "agency", "", "agency, created when new (required)")
	fl.StringVar(&role, "role", "", "viewer, analyst or admin (required)")
	fl.StringVar(&pwFile, "password-file", "", "file whose first line is the user's password for the browser UI")
	for _, f := range []string{"name", "agency", "role"} {
		_ = cmd.MarkFlagRequired(f)
	}
	return cmd
}

func boolWord(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func userPasswdCommand(c *CLI) *cobra.Command {
	var name, pwFile string
	cmd := &cobra.Command{
		Use:   "passwd --name NAME [--password-file FILE]",
		Short: "Set or change a user's password for the browser UI",
		Long: `Sets the password of a user, hashed with argon2id (RFC 9106 second recommended parameters:
t=3, m=64 MiB, p=4). The password is read from --password-file (its first line), else asked
twice on the terminal, else read from the first line of standard input. At least 12
characters. Audited (never the password).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			pw, err := c.readPassword(pwFile)
			if err != nil {
				return err
			}
			hash, err := auth.HashPassword(pw, auth.DefaultParams)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			return c.withAudit(ctx, func(st *sqlstore.Store, log *audit.Log) error {
				if err := st.SetPassword(ctx, name, hash); err != nil {
					return err
				}
				if err := log.Audit(ctx, cliEntry(sarhad.AuditUserPasswd, "user:"+name, nil)); err != nil {
					return err
				}
				fmt.Fprintf(c.Stderr, "Password of %s set.\n", name)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "login name (required)")
	cmd.Flags().StringVar(&pwFile, "password-file", "", "file whose first line is the password")
	_ = cmd.MarkFlagRequired("name")
	return cmd
}

func userTokenCommand(c *CLI) *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "token --name NAME",
		Short: "Issue another API token for a user and print it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return c.withAudit(ctx, func(st *sqlstore.Store, log *audit.Log) error {
				token := auth.NewAPIToken()
				if err := st.AddToken(ctx, name, auth.TokenHash(token)); err != nil {
					return err
				}
				if err := log.Audit(ctx, cliEntry(sarhad.AuditTokenAdd, "user:"+name, nil)); err != nil {
					return err
				}
				_, err := fmt.Fprintln(c.Stdout, token)
				return err
			})
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "login name (required)")
	_ = cmd.MarkFlagRequired("name")
	return cmd
}

func userListCommand(c *CLI) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List users",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := c.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			users, err := st.Users(cmd.Context())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "name\tagency\trole\tpassword\t")
			for _, u := range users {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", u.Name, u.Agency, u.Role, boolWord(u.HasPassword))
			}
			return tw.Flush()
		},
	}
}
