package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/extract"
)

func init() { register(extractCommand) }

// maxExtractText bounds the text `sarhad extract` reads: a news article or a field report
// is far smaller.
const maxExtractText = 8 << 20

func extractCommand(c *CLI) *cobra.Command {
	var reportDate string
	cmd := &cobra.Command{
		Use:   "extract [--report-date DATE] FILE|-",
		Short: "Read the events a text describes into report drafts, with evidence",
		Long: `Reads one text (a news article, a field report, a data-set note; "-" reads standard input)
and writes a JSON array of report drafts in the interchange report format, the text's main
event first, then other attacks it tells of (a separate incident, an earlier attack).
Each draft carries "evidence": for every field read, the span of the text it came from,
the quoted snippet and a confidence in [0,1].

Spans are character offsets (Unicode code points, start inclusive, end exclusive) into the
text, as INTERCHANGE.md says, so that the text's characters start..end are the snippet in
any language. Invalid UTF-8 bytes of the input are replaced by U+FFFD before extraction; the
draft's "text" is the text the offsets refer to. An inferred field (the report date used as
the event date; no deaths reported read as 0 killed) has "inferred": true and no span.

--report-date (YYYY-MM-DD) is the day the text was published or received: relative dates
("yesterday", "on Monday", "late last night") are resolved against it. Without it they are
resolved against a date line of the text ("Published …") or left out.`,
		Example: `  sarhad extract --report-date 2024-11-10 article.txt
  curl -s https://example.org/story.txt | sarhad extract -`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rd, err := sarhad.ParseDate(reportDate)
			if err != nil {
				return sarhad.Errorf(sarhad.EINVALID, "--report-date: %s", sarhad.ErrorMessage(err))
			}
			if !rd.IsZero() && rd.Precision() != sarhad.PrecisionDay {
				return sarhad.Errorf(sarhad.EINVALID, "--report-date %q must be a day, YYYY-MM-DD", reportDate)
			}
			text, err := c.readText(args[0])
			if err != nil {
				return err
			}
			res := c.resolvers()
			drafts := extract.New(res.Places, res.Actors).Extract(text, rd)
			if drafts == nil {
				drafts = []sarhad.Report{}
			}
			b, err := json.MarshalIndent(drafts, "", "  ")
			if err != nil {
				return fmt.Errorf("encode drafts: %w", err)
			}
			_, err = fmt.Fprintf(c.Stdout, "%s\n", b)
			return err
		},
	}
	cmd.Flags().StringVar(&reportDate, "report-date", "", "publication or receipt date of the text, YYYY-MM-DD")
	return cmd
}

// readText reads the text of FILE ("-" is standard input), up to maxExtractText bytes,
// with invalid UTF-8 replaced.
func (c *CLI) readText(name string) (string, error) {
	var r io.Reader
	display := name
	if name == "-" {
		r, display = c.Stdin, "standard input"
	} else {
		f, err := os.Open(name)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return "", sarhad.Errorf(sarhad.EINVALID, "%s: no such file", name)
			}
			return "", sarhad.Errorf(sarhad.EINVALID, "open %s: %s", name, err.Error())
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxExtractText+1))
	if err != nil {
		return "", sarhad.Errorf(sarhad.EINVALID, "read %s: %s", display, err.Error())
	}
	if len(b) > maxExtractText {
		return "", sarhad.Errorf(sarhad.EINVALID, "%s is larger than %d MiB: extract reads one report's text", display, maxExtractText>>20)
	}
	text := string(b)
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	return text, nil
}
