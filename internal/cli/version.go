package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Version, when set at build time (-ldflags "-X
// github.com/everruns/reconciler/internal/cli.Version=v1.2.3", as the
// Dockerfile does with its VERSION), names the release. Unset or "dev",
// the module version Go recorded in the binary is used: the tag for a
// `go install …@v1.2.3`, a pseudo-version of the commit for a `go build`
// in a checkout.
var Version = "dev"

// buildVersion is what `reconciler version` reports.
type buildVersion struct {
	Version string `json:"version"`
	// Revision, Time and Modified are the VCS stamp of the checkout the
	// binary was built in (go build's -buildvcs), when it had one.
	Revision  string `json:"revision,omitempty"`
	Time      string `json:"time,omitempty"`
	Modified  bool   `json:"modified"`
	GoVersion string `json:"go,omitempty"`
	// Note says why a development build names no revision.
	Note string `json:"note,omitempty"`
}

// noStampNote is what a build from a checkout without Go's VCS stamp says:
// Go stamps the revision only when it builds inside a git checkout with
// git on the PATH and -buildvcs not false (some machines set
// GOFLAGS=-buildvcs=false in `go env`).
const noStampNote = "built without VCS information: build inside the git checkout with -buildvcs=true " +
	"(see `go env GOFLAGS`), or pass -ldflags \"-X github.com/everruns/reconciler/internal/cli.Version=…\" as the Dockerfile does"

// readVersion is this binary's version.
func readVersion() buildVersion {
	info, _ := debug.ReadBuildInfo()
	return versionOf(Version, info)
}

// versionString is the version alone, for the daemon's log and metrics.
func versionString() string { return readVersion().Version }

// versionOf combines the link-time version with the build info (nil when
// the binary has none).
func versionOf(linked string, info *debug.BuildInfo) buildVersion {
	v := buildVersion{Version: linked}
	if info == nil {
		if v.Version == "" {
			v.Version = "dev"
		}
		return v
	}
	v.GoVersion = info.GoVersion
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	if v.Version == "" || v.Version == "dev" {
		v.Version = info.Main.Version // "(devel)" when Go knew nothing better
		if (v.Version == "" || v.Version == "(devel)") && v.Revision != "" {
			v.Version = "devel-" + short(v.Revision)
		}
		if v.Version == "" {
			v.Version = "(devel)"
		}
		if v.Version == "(devel)" {
			v.Note = noStampNote
		}
	}
	return v
}

func short(rev string) string { return rev[:min(len(rev), 12)] }

// newVersionCommand: reconciler version [-o text|json].
func newVersionCommand(streams IO) *cobra.Command {
	output := "text"
	cmd := &cobra.Command{
		Use:   "version [-o text|json]",
		Short: "Print the version, with the VCS revision it was built from",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			if err := oneOf(output, "text", "json"); err != nil {
				return err
			}
			return writeVersion(streams.Stdout, output)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", output, "output: text or json")
	return cmd
}

// writeVersion prints the version: "reconciler VERSION" and the build's
// details, or one JSON object.
func writeVersion(w io.Writer, output string) error {
	v := readVersion()
	if output == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	_, err := fmt.Fprintln(w, formatVersion(v))
	return err
}

// formatVersion is the text form: "reconciler v1.2.3 (revision abc…,
// 2026-01-02T03:04:05Z, modified, go1.26.8)".
func formatVersion(v buildVersion) string {
	var details []string
	if v.Revision != "" {
		details = append(details, "revision "+v.Revision)
	}
	if v.Time != "" {
		details = append(details, v.Time)
	}
	if v.Modified {
		details = append(details, "modified")
	}
	if v.GoVersion != "" {
		details = append(details, v.GoVersion)
	}
	s := "reconciler " + v.Version
	if len(details) > 0 {
		s += " (" + strings.Join(details, ", ") + ")"
	}
	if v.Note != "" {
		s += "\n" + v.Note
	}
	return s
}
