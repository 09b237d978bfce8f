package desired

import (
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a diagnostic blocks the file.
type Severity int

const (
	// Error: the file is refused.
	Error Severity = iota
	// Warning: the file is accepted, but a person should look.
	Warning
)

// Diagnostic is one problem found in the file, with where it is.
type Diagnostic struct {
	Severity Severity
	File     string
	Line     int
	Col      int
	Message  string
}

// String is "FILE:LINE:COL: message", the form editors and the CLI contract
// use; warnings say so after the position. A diagnostic about the whole
// file (Line 0: it could not be read) is "FILE: message".
func (d Diagnostic) String() string {
	if d.Line == 0 { // the whole file: it could not be read
		return fmt.Sprintf("%s: %s", d.File, d.Message)
	}
	if d.Severity == Warning {
		return fmt.Sprintf("%s:%d:%d: warning: %s", d.File, d.Line, d.Col, d.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", d.File, d.Line, d.Col, d.Message)
}

// Diagnostics is every problem found in one run: loading collects them all
// rather than stopping at the first, so a person fixes a file in one pass.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the errors.
func (ds Diagnostics) Errors() Diagnostics { return ds.only(Error) }

// Warnings returns only the warnings.
func (ds Diagnostics) Warnings() Diagnostics { return ds.only(Warning) }

func (ds Diagnostics) only(s Severity) Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Err returns the errors as one error, or nil when there are none.
func (ds Diagnostics) Err() error {
	errs := ds.Errors()
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Error joins the diagnostics one per line, so Diagnostics is an error.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// sorted orders diagnostics by position so output reads top to bottom.
func (ds Diagnostics) sorted() Diagnostics {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Line != ds[j].Line {
			return ds[i].Line < ds[j].Line
		}
		return ds[i].Col < ds[j].Col
	})
	return ds
}
